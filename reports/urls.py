from django.urls import path

from reports.views import overview, runs

app_name = "reports"

urlpatterns = [
    path("", overview.OverviewView.as_view(), name="overview"),
    path("alliances/", overview.AlliancePortfolioView.as_view(), name="alliance-portfolio"),
    # Programme codes may hold "/", hence the ``path`` converter on the last segment.
    path("reports/", runs.ReportsIndexView.as_view(), name="index"),
    path(
        "reports/projects/<slug:slug>/",
        runs.ProjectReportsView.as_view(),
        name="project-reports",
    ),
    path(
        "reports/programmes/<path:code>/",
        runs.ProgrammeReportsView.as_view(),
        name="programme-reports",
    ),
    path("reports/runs/<int:pk>/", runs.RunDetailView.as_view(), name="run-detail"),
    path("reports/runs/<int:pk>/print/", runs.RunPrintView.as_view(), name="run-print"),
    path("reports/runs/<int:pk>/progress/", runs.RunProgressView.as_view(), name="run-progress"),
    path(
        "reports/runs/<int:pk>/download.<str:fmt>",
        runs.RunDownloadView.as_view(),
        name="run-download",
    ),
]
