from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.api_docs import ApiDocsView, SchemaView
from config.views import csp_report, healthz
from reports.views.home import HomeView

admin.site.site_header = _("Clusterdesk administration")
admin.site.site_title = _("Clusterdesk")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    path("csp-report", csp_report, name="csp-report"),
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
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
]
