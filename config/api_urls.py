"""Every app's REST routes under /api/v1/."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    path("", include("accounts.api.urls")),
    path("", include("clusters.api.urls")),
    path("", include("members.api.urls")),
    path("", include("projects.api.urls")),
    path("", include("internationalization.api.urls")),
    path("", include("reports.api.urls")),
]
