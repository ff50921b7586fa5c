from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from clusters.models import Cluster
from clusters.money import CURRENCY_CHOICES
from members.choices import Helix, OrganizationType, SizeClass
from members.querysets import OrganizationQuerySet, RepresentativeQuerySet
from members.sizeclass import size_class

NACE_CODE = r"(?:[A-U]|[A-U]?\d{2}(?:\.\d{1,2})?)"
nace_codes = RegexValidator(
    rf"^\s*{NACE_CODE}(?:\s*,\s*{NACE_CODE})*\s*$",
    _("Use NACE codes separated by commas, e.g. 'C22.19, J62.01' or 'M72'."),
    flags=re.IGNORECASE,
)


class Organization(models.Model):
    """A firm, university or public body in a cluster; its registry id counts it once."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("cluster")
    )
    legal_name = models.CharField(_("legal name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    registry_id = models.CharField(
        _("registry id"),
        max_length=40,
        help_text=_("National company number; unique within the cluster."),
    )
    helix = models.CharField(
        _("helix category"), max_length=20, choices=Helix.choices, default=Helix.INDUSTRY
    )
    org_type = models.CharField(
        _("type"), max_length=30, choices=OrganizationType.choices, default=OrganizationType.SME
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    turnover = models.DecimalField(
        _("turnover"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    balance_sheet = models.DecimalField(
        _("balance sheet total"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )
    figures_year = models.PositiveSmallIntegerField(
        _("year of the figures"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    size_class = models.CharField(
        _("EU size class"),
        max_length=10,
        choices=SizeClass.choices,
        default=SizeClass.UNKNOWN,
        editable=False,
        help_text=_("Derived from employees, turnover and balance sheet."),
    )
    sectors = models.CharField(
        _("sectors (NACE)"),
        max_length=200,
        blank=True,
        validators=[nace_codes],
        help_text=_("NACE codes separated by commas, e.g. 'C22.19, J62.01'."),
    )
    founded_on = models.DateField(
        _("founded on"),
        null=True,
        blank=True,
        help_text=_("Registration date; tells the indicators whether the enterprise is new."),
    )
    country = CountryField(_("country"), default="SE")
    region = models.CharField(_("region"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidiaries",
        verbose_name=_("parent organization"),
        help_text=_("The enterprise this one is linked to (owned or controlled by)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "registry_id"],
                name="unique_registry_id_per_cluster",
                violation_error_message=_("Another organization in this cluster has this id."),
            ),
            models.CheckConstraint(
                condition=Q(turnover__gte=0) | Q(turnover__isnull=True),
                name="organization_turnover_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(balance_sheet__gte=0) | Q(balance_sheet__isnull=True),
                name="organization_balance_sheet_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["cluster", "size_class"]),
            # The directory and the API list by name: the first page is read in index order
            # and stops after its rows, instead of sorting every firm of the cluster.
            models.Index(fields=["legal_name", "id"], name="organization_name_order"),
            # Their paginators count the visible firms (by cluster and id) from this index
            # alone, not from the table's wide rows.
            models.Index(fields=["cluster", "id"], name="organization_cluster_ids"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.legal_name

    def save(self, *args, **kwargs) -> None:
        self.size_class = self.derive_size_class()
        # One spelling of the codes, so the sector filter can match "C22" after ", ".
        self.sectors = ", ".join(code.upper() for code in self.sector_codes)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "size_class", "sectors"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("members:organization-detail", kwargs={"pk": self.pk})

    @property
    def sector_codes(self) -> list[str]:
        return [code.strip() for code in self.sectors.split(",") if code.strip()]

    def derive_size_class(self) -> str:
        return size_class(
            employees=self.employees,
            turnover=self.turnover,
            balance_sheet=self.balance_sheet,
            currency=self.currency,
        )

    def clean(self) -> None:
        if self.parent_id is not None:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("An organization cannot be its own parent.")})
            if self.parent.cluster_id != self.cluster_id:
                raise ValidationError({"parent": _("The parent must be in the same cluster.")})


class Representative(models.Model):
    """A user who acts for an organization (often a micro-firm's CEO) and sees only it."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="representatives",
        verbose_name=_("organization"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("user"),
    )

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], name="one_representation_per_user_and_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.organization}"


# Field lists, declared once per model: its form, its serializers and its services use them.
ORGANIZATION_FIELDS = (
    "legal_name",
    "short_name",
    "registry_id",
    "helix",
    "org_type",
    "employees",
    "turnover",
    "balance_sheet",
    "currency",
    "figures_year",
    "founded_on",
    "sectors",
    "country",
    "region",
    "city",
    "website",
    "parent",
)
