from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views
from accounts.forms import AdminLoginForm
from config.api_docs import ApiDocsView, SchemaView
from config.views import csp_report, healthz
from reports.views.home import HomeView

admin.site.site_header = _("Clusterdesk administration")
admin.site.site_title = _("Clusterdesk")
# The admin log-in asks for the authenticator code too, where the user enrolled one.
admin.site.login_form = AdminLoginForm
admin.site.login_template = "admin/login_two_factor.html"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    # Before Django's own: the same paths and names, with lockout, two-factor and reset limits.
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path(
        "accounts/password_reset/",
        account_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
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

# Issue 11, bad input: an unknown address under /api/ answers JSON, as the schema documents.
handler404 = "clusters.guards.not_found"
