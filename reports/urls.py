from django.urls import path

from reports.views import calendar, calendar_feed, overview, runs

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
    path("reports/runs/<int:pk>/retry/", runs.RunRetryView.as_view(), name="run-retry"),
    path(
        "reports/runs/<int:pk>/download.<str:fmt>",
        runs.RunDownloadView.as_view(),
        name="run-download",
    ),
    # The calendar (reports.views.calendar): the current cluster's, or a project's with
    # ?project=<slug>, and the user's own; the feed's key is its only credential.
    path("calendar/", calendar.CalendarMonthView.as_view(), name="calendar"),
    path("calendar/list/", calendar.CalendarListView.as_view(), name="calendar-list"),
    path(
        "calendar/mine/",
        calendar.CalendarMonthView.as_view(personal=True),
        name="calendar-mine",
    ),
    path(
        "calendar/mine/list/",
        calendar.CalendarListView.as_view(personal=True),
        name="calendar-mine-list",
    ),
    path(
        "calendar/subscribe/",
        calendar_feed.CalendarSubscribeView.as_view(),
        name="calendar-subscribe",
    ),
    path(
        "calendar/subscribe/rotate/",
        calendar_feed.CalendarSubscribeRotateView.as_view(),
        name="calendar-subscribe-rotate",
    ),
    path(
        "calendar/subscribe/revoke/",
        calendar_feed.CalendarSubscribeRevokeView.as_view(),
        name="calendar-subscribe-revoke",
    ),
    path(
        "calendar/feed/<str:key>.ics",
        calendar_feed.CalendarFeedView.as_view(),
        name="calendar-feed",
    ),
]
