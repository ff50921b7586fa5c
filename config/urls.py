from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config.views import healthz
from reports.views.home import HomeView

admin.site.site_header = _("Clusterdesk administration")
admin.site.site_title = _("Clusterdesk")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include("accounts.urls")),
    path("clusters/", include("clusters.urls")),
    path("members/", include("members.urls")),
    path("projects/", include("projects.urls")),
    path("activities/", include("internationalization.urls")),
    path("overview/", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

# Issue 11, bad input: an unknown address under /api/ answers JSON, as the schema documents.
handler404 = "clusters.guards.not_found"
