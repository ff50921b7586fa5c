from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """User accounts, login and personal API tokens."""

    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts.api import schema  # noqa: F401 - registers the OpenAPI auth extension
