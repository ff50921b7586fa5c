from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from clusters.models import Cluster
from members.choices import AllianceGoal, AllianceKind, AllianceStatus, TieStrength
from members.models.organizations import Organization
from members.querysets import StaffOnlyQuerySet


class Alliance(models.Model):
    """An inter-cluster alliance with a partner cluster abroad.

    Lives in members/ rather than clusters/ because its participants are member
    organizations, and clusters/ may not import members/ (the dependency rule).
    """

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="alliances")
    partner_name = models.CharField(_("partner cluster"), max_length=200)
    partner_country = CountryField(_("partner country"))
    partner_city = models.CharField(_("partner city"), max_length=120, blank=True)
    partner_sector = models.CharField(_("partner sector"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=AllianceKind.choices)
    goal = models.CharField(_("goal"), max_length=20, choices=AllianceGoal.choices)
    tie_strength = models.CharField(
        _("tie strength"), max_length=10, choices=TieStrength.choices, default=TieStrength.WEAK
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AllianceStatus.choices, default=AllianceStatus.ACTIVE
    )
    participants = models.ManyToManyField(
        Organization,
        through="AllianceParticipation",
        related_name="alliances",
        blank=True,
        verbose_name=_("participating members"),
    )

    objects = StaffOnlyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["-start", "partner_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="alliance_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner_name} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("members:alliance-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end comes before the start.")})


class AllianceParticipation(models.Model):
    """A member organization taking an active part in an alliance."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="participations")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="alliance_participations"
    )

    objects = StaffOnlyQuerySet.scoped("alliance__cluster").as_manager()

    class Meta:
        verbose_name = _("alliance participation")
        verbose_name_plural = _("alliance participations")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organization"], name="one_participation_per_alliance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} in {self.alliance}"


# Field lists, declared once per model: its form, its serializers and its services use them.
ALLIANCE_FIELDS = (
    "partner_name",
    "partner_country",
    "partner_city",
    "partner_sector",
    "kind",
    "goal",
    "tie_strength",
    "start",
    "end",
    "status",
)
