"""Routes of funders and programmes, included in the "clusters" namespace.

Programme codes may hold "/" (e.g. "ERDF/2021-27"), hence the ``path`` converter; the edit
and join routes come before the detail route so their suffixes are not read as part of a code.
"""

from django.urls import path

from clusters import programme_views as views

urlpatterns = [
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/new/", views.ProgrammeCreateView.as_view(), name="programme-create"),
    path(
        "programmes/<path:code>/edit/",
        views.ProgrammeUpdateView.as_view(),
        name="programme-edit",
    ),
    path(
        "programmes/<path:code>/join/",
        views.ProgrammeJoinView.as_view(),
        name="programme-join",
    ),
    path("programmes/<path:code>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("funders/", views.FunderListView.as_view(), name="funder-list"),
    path("funders/new/", views.FunderCreateView.as_view(), name="funder-create"),
    path("funders/<int:pk>/edit/", views.FunderUpdateView.as_view(), name="funder-edit"),
]
