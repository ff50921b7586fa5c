from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.models import Cluster
from members.models.organizations import Organization
from members.querysets import OrganizationOwnedQuerySet, PersonQuerySet


class Person(models.Model):
    """Someone the cluster works with; may hold several affiliations at once."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="people")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent = models.BooleanField(
        _("consents to be contacted"),
        default=False,
        help_text=_("The person agreed that the cluster stores and uses these contact details."),
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()
    # What an erasure on request overwrites (members/personal_data.py).
    personal_fields = ("first_name", "last_name", "email", "phone")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("members:person-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.consent and not self.consent_on:
            raise ValidationError({"consent_on": _("Say when the consent was given.")})


class Affiliation(models.Model):
    """A person's role at an organization for a period: title and share of working time."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="affiliations"
    )
    title = models.CharField(_("job title"), max_length=150, blank=True)
    share_of_time = models.DecimalField(
        _("share of time (%)"),
        max_digits=5,
        decimal_places=2,
        default=100,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)

    objects = OrganizationOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="affiliation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.title} at {self.organization}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end comes before the start.")})
        if (
            self.person_id
            and self.organization_id
            and self.person.cluster_id != self.organization.cluster_id
        ):
            raise ValidationError(
                {"organization": _("The organization must be in the person's cluster.")}
            )
