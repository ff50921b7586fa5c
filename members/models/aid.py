from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.money import CURRENCY_CHOICES
from clusters.text import TEXT_MAX_LENGTH
from members.models.organizations import Organization
from members.querysets import OrganizationOwnedQuerySet

AMOUNT_NOT_POSITIVE = _("The amount must be more than zero.")

# What a person records about aid received from another source; the rest is set by the service.
DECLARED_AID_FIELDS = ("granted_by", "granted_on", "amount", "currency", "description")


class DeclaredAid(models.Model):
    """De minimis aid a firm received from another source (a municipality, an agency, another
    cluster), declared by the firm or recorded by the cluster; the state-aid ledger sums it with
    the aid the cluster gives, on the day it was granted."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="declared_aid",
        verbose_name=_("organization"),
    )
    granted_by = models.CharField(
        _("granted by"), max_length=200, help_text=_("Who gave the aid, e.g. the municipality.")
    )
    granted_on = models.DateField(
        _("granted on"), help_text=_("The day the aid was granted (the decision's date).")
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), message=AMOUNT_NOT_POSITIVE)],
        help_text=_("The aid's value (its gross grant equivalent) as the decision states it."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Withdrawn, never deleted: the ledger as of an earlier day still counts the aid, so a
    # state-aid check made then can be reproduced.
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True, editable=False)

    objects = OrganizationOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("declared aid")
        verbose_name_plural = _("declared aid")
        ordering = ["-granted_on", "-pk"]
        indexes = [models.Index(fields=["organization", "granted_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="declared_aid_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.granted_by} {self.granted_on}: {self.amount} {self.currency}"
