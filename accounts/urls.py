from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("tokens/", views.ApiTokenListView.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="token-revoke"),
    path("two-factor/", views.TwoFactorView.as_view(), name="two-factor"),
    path("two-factor/qr.svg", views.TwoFactorQrView.as_view(), name="two-factor-qr"),
    path("language/", views.set_language, name="set-language"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("inbox/<int:pk>/open/", views.NotificationOpenView.as_view(), name="notification-open"),
    path("inbox/badge/", views.InboxBadgeView.as_view(), name="inbox-badge"),
    path("inbox/read-all/", views.NotificationsReadAllView.as_view(), name="inbox-read-all"),
    path(
        "notifications/settings/",
        views.NotificationSettingsView.as_view(),
        name="notification-settings",
    ),
]
