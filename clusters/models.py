from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from clusters.querysets import ClusterQuerySet, FunderQuerySet


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    NON_PROFIT = "non_profit", _("Non-profit organization")
    NON_COMMERCIAL_PARTNERSHIP = "non_commercial_partnership", _("Non-commercial partnership")
    COMPANY = "company", _("Company")
    FOUNDATION = "foundation", _("Foundation")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", _("Other")


class Cluster(models.Model):
    """An organized cluster: the tenant every other row belongs to, directly or by its parent."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    sectors = models.CharField(
        _("sectors"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated, e.g. 'AI, IoT, geographic information technology'."),
    )
    legal_form = models.CharField(
        _("legal form"), max_length=40, choices=LegalForm.choices, default=LegalForm.ASSOCIATION
    )
    founded = models.PositiveSmallIntegerField(
        _("founded (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ClusterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:detail", kwargs={"slug": self.slug})

    @property
    def sector_list(self) -> list[str]:
        return [sector.strip() for sector in self.sectors.split(",") if sector.strip()]


class StaffRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MANAGER = "manager", _("Manager")
    COACH = "coach", _("Coach")
    VIEWER = "viewer", _("Viewer")


class ClusterRole(models.Model):
    """A user's staff role in one cluster; a user holds at most one role per cluster."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="staff_roles", verbose_name=_("cluster")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cluster_roles",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        ordering = ["cluster__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "user"], name="one_role_per_user_and_cluster"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} @ {self.cluster}"


class FunderKind(models.TextChoices):
    EU_FUND = "eu_fund", _("EU fund")
    NATIONAL_AGENCY = "national_agency", _("National agency")
    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Municipality")
    MINISTRY = "ministry", _("Ministry")
    PRIVATE = "private", _("Private")


class Funder(models.Model):
    """A body that finances clusters through programmes; shared by the whole installation."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=FunderKind.choices)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = FunderQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FunderUser(models.Model):
    """Links a user account to the one funder whose programmes it may read."""

    funder = models.ForeignKey(
        Funder, on_delete=models.CASCADE, related_name="users", verbose_name=_("funder")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="funder_link",
        verbose_name=_("user"),
    )

    class Meta:
        verbose_name = _("funder user")
        verbose_name_plural = _("funder users")

    def __str__(self) -> str:
        return f"{self.user} @ {self.funder}"
