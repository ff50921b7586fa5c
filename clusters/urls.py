from django.urls import path

from clusters.views import clusters, indicators, programmes, proposals

app_name = "clusters"

urlpatterns = [
    path("", clusters.ClusterListView.as_view(), name="list"),
    path("switch/", clusters.SwitchClusterView.as_view(), name="switch"),
    # Before the cluster's own "<slug>/" routes, which would otherwise take "programmes/".
    # Programme codes may hold "/" (e.g. "ERDF/2021-27"), hence the ``path`` converter; the
    # edit, join and indicator routes come before the detail route so their suffixes are not
    # read as a code.
    path("programmes/", programmes.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/new/", programmes.ProgrammeCreateView.as_view(), name="programme-create"),
    path(
        "programmes/<path:code>/edit/",
        programmes.ProgrammeUpdateView.as_view(),
        name="programme-edit",
    ),
    path(
        "programmes/<path:code>/join/",
        programmes.ProgrammeJoinView.as_view(),
        name="programme-join",
    ),
    path(
        "programmes/<path:code>/indicators/new/",
        indicators.ProgrammeIndicatorCreateView.as_view(),
        name="programme-indicator-create",
    ),
    path(
        "programmes/<path:code>/indicators/<int:pk>/",
        indicators.IndicatorTargetsView.as_view(),
        name="programme-indicator-targets",
    ),
    path(
        "programmes/<path:code>/", programmes.ProgrammeDetailView.as_view(), name="programme-detail"
    ),
    path("funders/", programmes.FunderListView.as_view(), name="funder-list"),
    path("funders/new/", programmes.FunderCreateView.as_view(), name="funder-create"),
    path("funders/<int:pk>/edit/", programmes.FunderUpdateView.as_view(), name="funder-edit"),
    path("proposals/", proposals.ProposalListView.as_view(), name="proposal-list"),
    path("proposals/<int:pk>/", proposals.ProposalDetailView.as_view(), name="proposal-detail"),
    path(
        "proposals/<int:pk>/consents/<int:consent>/",
        proposals.ProposalDecideView.as_view(),
        name="proposal-decide",
    ),
    path(
        "proposals/<int:pk>/withdraw/",
        proposals.ProposalWithdrawView.as_view(),
        name="proposal-withdraw",
    ),
    path("<slug:slug>/", clusters.ClusterDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", clusters.ClusterUpdateView.as_view(), name="edit"),
    path("<slug:slug>/staff/", clusters.StaffRoleAssignView.as_view(), name="staff-assign"),
    path(
        "<slug:slug>/staff/<int:pk>/remove/",
        clusters.StaffRoleRemoveView.as_view(),
        name="staff-remove",
    ),
]
