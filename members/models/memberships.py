from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.models import Cluster
from clusters.money import CURRENCY_CHOICES
from clusters.text import TEXT_MAX_LENGTH
from members.choices import MembershipStatus, SizeClass
from members.models.organizations import Organization
from members.querysets import OrganizationOwnedQuerySet, StaffOnlyQuerySet


class Membership(models.Model):
    """An organization's membership of its cluster; its transitions are the full history."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("organization"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MembershipStatus.choices, editable=False
    )
    status_since = models.DateField(_("status since"), editable=False)
    member_since = models.DateField(
        _("member since"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The first day the membership was active."),
    )

    objects = OrganizationOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_status_display()}"


class MembershipTransition(models.Model):
    """One dated step of a membership's lifecycle; never edited, never deleted."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(
        _("from"), max_length=20, choices=MembershipStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=MembershipStatus.choices)
    on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True, max_length=TEXT_MAX_LENGTH)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = StaffOnlyQuerySet.scoped("membership__organization__cluster").as_manager()

    class Meta:
        verbose_name = _("membership transition")
        verbose_name_plural = _("membership transitions")
        ordering = ["on", "recorded_at", "pk"]
        indexes = [
            # Each membership's transitions in the order of its lifecycle (the overview's
            # member series reads them in that order, with their status, from the index
            # alone; a member's status on a day reads the last one).
            models.Index(
                fields=["membership", "on", "recorded_at", "id"],
                include=["to_status"],
                name="membership_transition_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status} on {self.on}"


class FeeSchedule(models.Model):
    """The yearly membership fee of a cluster, optionally per EU size class."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="fee_schedules")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    size_class = models.CharField(
        _("size class"),
        max_length=10,
        choices=SizeClass.choices,
        blank=True,
        help_text=_("Leave empty for the fee of every member without a more specific one."),
    )
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )
    due_on = models.DateField(_("due on"))

    objects = StaffOnlyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        ordering = ["-year", "size_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year", "size_class"], name="one_fee_per_year_and_size_class"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fee_not_negative"),
        ]

    def __str__(self) -> str:
        applies_to = self.get_size_class_display() or _("all")
        return f"{self.year} {applies_to}: {self.amount} {self.currency}"


class FeePayment(models.Model):
    """A member's fee for one year: due on a date, paid on another (or not yet)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="fee_payments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )
    due_on = models.DateField(_("due on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    objects = OrganizationOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee payment")
        verbose_name_plural = _("fee payments")
        ordering = ["-year", "organization__legal_name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_fee_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fee_payment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}: {self.amount} {self.currency}"
