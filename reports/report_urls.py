"""Routes of the report pages, in the "reports" namespace (included by reports/urls.py).

Programme codes may hold "/", hence the ``path`` converter on the last segment.
"""

from django.urls import path

from reports import report_views as views

urlpatterns = [
    path("reports/", views.ReportsIndexView.as_view(), name="index"),
    path(
        "reports/projects/<slug:slug>/",
        views.ProjectReportsView.as_view(),
        name="project-reports",
    ),
    path(
        "reports/programmes/<path:code>/",
        views.ProgrammeReportsView.as_view(),
        name="programme-reports",
    ),
    path("reports/runs/<int:pk>/", views.RunDetailView.as_view(), name="run-detail"),
    path("reports/runs/<int:pk>/print/", views.RunPrintView.as_view(), name="run-print"),
    path("reports/runs/<int:pk>/progress/", views.RunProgressView.as_view(), name="run-progress"),
    path(
        "reports/runs/<int:pk>/download.<str:fmt>",
        views.RunDownloadView.as_view(),
        name="run-download",
    ),
]
