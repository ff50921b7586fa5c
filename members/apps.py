from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """Who is inside a cluster: organizations and the people who represent them."""

    name = "members"
    verbose_name = _("Members")
