from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from clusters.models import Cluster
from clusters.money import CURRENCY_CHOICES
from clusters.querysets import VisibleQuerySet
from clusters.roles import OFFICE_ROLES
from clusters.text import TEXT_MAX_LENGTH
from internationalization.choices import (
    ClaimStatus,
    ConsultantService,
    ExportLabStage,
    OutcomeKind,
    OutcomeSource,
    SessionSide,
    SessionStatus,
    TimbankRequestStatus,
    TripPurpose,
    TripStatus,
    Verification,
)
from members.models import Organization, Person
from projects.models import Cohort, Enrolment, Project
from projects.querysets import EnrolmentScopedQuerySet, ProjectChildQuerySet

POSITIVE_HOURS = {
    "max_digits": 7,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0.25"))],
}
HOURS = {"max_digits": 9, "decimal_places": 2, "validators": [MinValueValidator(0)]}
MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(0)]}

ByTrip = EnrolmentScopedQuerySet.via("trip__enrolment", "trip__enrolment__project__cluster")
ByRequest = EnrolmentScopedQuerySet.via(
    "request__enrolment", "request__enrolment__project__cluster"
)
ByTrack = EnrolmentScopedQuerySet.via("track__enrolment", "track__enrolment__project__cluster")


class CoachingSession(models.Model):
    """One-to-one coaching in quarter hours, logged by one side and confirmed by the other:
    the firm confirms what its coach (or the office) logged, the coach (or a manager) what the
    firm logged. The side that must confirm may dispute it instead; the logger corrects it and
    it awaits confirmation again. Sessions from an import of history count as confirmed."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="coaching_sessions"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), **POSITIVE_HOURS)
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), blank=True, max_length=TEXT_MAX_LENGTH)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coaching_sessions",
        verbose_name=_("coach"),
    )
    logged_by_side = models.CharField(
        _("logged by"), max_length=10, choices=SessionSide.choices, default=SessionSide.OFFICE
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by (person)"),
    )
    status = models.CharField(
        _("state"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.AWAITING
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    dispute_reason = models.TextField(
        _("why it is disputed"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        ordering = ["-date", "-pk"]
        indexes = [
            # The API's cursor pages (newest first) are ranges of this index.
            models.Index(fields=["date", "id"], name="coaching_session_date_id"),
            # The office's work queue: the few sessions not confirmed yet, oldest first,
            # without reading the confirmed millions.
            models.Index(
                fields=["date", "id"],
                condition=~Q(status=SessionStatus.CONFIRMED),
                name="coaching_session_unconfirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.hours} h, {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("internationalization:session-detail", kwargs={"pk": self.pk})


class Workshop(models.Model):
    """A workshop of the project, with an expert from a partner, for a cohort or everyone."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("title"), max_length=200)
    topic = models.TextField(_("topic"), blank=True, max_length=TEXT_MAX_LENGTH)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    expert_name = models.CharField(_("expert"), max_length=200, blank=True)
    expert_organization = models.CharField(_("expert's organization"), max_length=200, blank=True)
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("cohort"),
    )

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["date"]

    def __str__(self) -> str:
        return self.title


class WorkshopParticipation(models.Model):
    """A firm invited to a workshop, and whether it attended."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participations")
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="workshop_participations"
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    objects = EnrolmentScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("workshop participation")
        verbose_name_plural = _("workshop participations")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "enrolment"], name="one_invitation_per_firm"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.organization} at {self.workshop}"


class TimbankPool(models.Model):
    """The project's pool of consultant hours. Approved requests reserve hours; the database
    refuses a reservation beyond the pool, and approvals lock the pool row first."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="timbank")
    hours_total = models.DecimalField(_("hours in the pool"), **HOURS)
    hours_reserved = models.DecimalField(
        _("hours reserved by approved requests"), **HOURS, default=0, editable=False
    )
    hourly_value = models.DecimalField(_("hourly value"), **MONEY, default=0)
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )

    objects = ProjectChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("timbank pool")
        verbose_name_plural = _("timbank pools")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_reserved__gte=0) & Q(hours_reserved__lte=F("hours_total")),
                name="timbank_pool_never_overdrawn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.hours_reserved}/{self.hours_total} h"

    @property
    def hours_available(self) -> Decimal:
        return self.hours_total - self.hours_reserved


class ConsultantQuerySet(VisibleQuerySet):
    staff_roles = OFFICE_ROLES


class Consultant(models.Model):
    """An external consultant of the timbank: a person or an organization, with services."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="consultants")
    name = models.CharField(_("name"), max_length=200)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    services = models.JSONField(_("services"), default=list)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = ConsultantQuerySet.as_manager()
    history = HistoricalRecords()
    # Overwritten when the person the consultant is asks for erasure (members/personal_data.py).
    personal_fields = ("name", "email")

    class Meta:
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def service_labels(self) -> list[str]:
        return [
            str(ConsultantService(s).label) for s in self.services if s in ConsultantService.values
        ]


class TimbankRequest(models.Model):
    """A firm's request for consultant hours: pending → approved (reserving hours from the
    pool), rejected, or more information asked; closing returns the unused hours."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="timbank_requests"
    )
    service = models.CharField(_("service"), max_length=20, choices=ConsultantService.choices)
    hours_requested = models.DecimalField(_("hours requested"), **POSITIVE_HOURS)
    needed_by = models.DateField(_("needed by"))
    purpose = models.TextField(_("purpose"), max_length=TEXT_MAX_LENGTH)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TimbankRequestStatus.choices,
        default=TimbankRequestStatus.PENDING,
    )
    hours_approved = models.DecimalField(_("hours approved"), **HOURS, default=0)
    requested_at = models.DateTimeField(_("requested at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(
        _("reason or question"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = EnrolmentScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("timbank request")
        verbose_name_plural = _("timbank requests")
        ordering = ["requested_at"]
        # The queue and the API list, oldest first, read the first page off this index.
        indexes = [
            models.Index(fields=["requested_at", "id"], name="timbank_request_requested"),
            # The office's work queue: requests awaiting a decision, oldest first.
            models.Index(
                fields=["requested_at", "id"],
                condition=Q(status=TimbankRequestStatus.PENDING),
                name="timbank_request_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()}: {self.hours_requested} h"


class TimesheetEntry(models.Model):
    """Hours a consultant worked against an approved timbank request."""

    request = models.ForeignKey(TimbankRequest, on_delete=models.CASCADE, related_name="timesheet")
    consultant = models.ForeignKey(Consultant, on_delete=models.PROTECT, related_name="timesheet")
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), **POSITIVE_HOURS)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ByRequest.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("timesheet entry")
        verbose_name_plural = _("timesheet entries")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date}: {self.hours} h"


class TripCountryCap(models.Model):
    """A lump-sum cap on the budget of trips to one country, set on the project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="trip_caps")
    country = CountryField(_("country"))
    cap = models.DecimalField(_("cap per trip"), **MONEY)
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )

    objects = ProjectChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trip cap")
        verbose_name_plural = _("trip caps")
        constraints = [
            models.UniqueConstraint(fields=["project", "country"], name="one_cap_per_country"),
        ]

    def __str__(self) -> str:
        return f"{self.country.name}: {self.cap} {self.currency}"


class Trip(models.Model):
    """A firm's trip to its target market: applied, approved with a budget, done, reported."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="trips")
    country = CountryField(_("destination country"))
    city = models.CharField(_("city"), max_length=120)
    event = models.CharField(_("event or fair"), max_length=200, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=TripPurpose.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=TripStatus.choices, default=TripStatus.APPLIED
    )
    budget_requested = models.DecimalField(_("budget requested"), **MONEY, default=0)
    budget_approved = models.DecimalField(_("budget approved"), **MONEY, null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )
    requested_at = models.DateTimeField(_("requested at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("reason"), blank=True, max_length=TEXT_MAX_LENGTH)
    # A trip the firm already made and reports afterwards: the cluster verifies it instead of
    # approving it beforehand (its status is done once verified, rejected otherwise).
    reported_by_firm = models.BooleanField(_("reported after the trip"), default=False)
    verification = models.CharField(
        _("verification"), max_length=10, choices=Verification.choices, blank=True
    )

    objects = EnrolmentScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="trip_ends_after_start"),
        ]
        indexes = [
            # The office's work queue: trips awaiting a decision, oldest first.
            models.Index(
                fields=["requested_at", "id"],
                condition=Q(status=TripStatus.APPLIED),
                name="trip_awaiting_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} ({self.country.code}) {self.start}"


def receipt_path(claim: ExpenseClaim, filename: str) -> str:
    # Never the user's file name: it is not trusted and may collide.
    suffix = Path(filename).suffix.lower()
    return f"receipts/{claim.trip.enrolment.project_id}/{uuid.uuid4().hex}{suffix}"


class ExpenseClaim(models.Model):
    """Costs of a trip claimed back, with a receipt; served only to those who may see it."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="claims")
    description = models.CharField(_("what"), max_length=200)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )
    receipt = models.FileField(_("receipt"), upload_to=receipt_path)
    status = models.CharField(
        _("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reimbursed_on = models.DateField(_("reimbursed on"), null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True, max_length=TEXT_MAX_LENGTH)

    objects = ByTrip.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expense claim")
        verbose_name_plural = _("expense claims")
        ordering = ["submitted_at"]
        indexes = [
            # The office's work queue: claims awaiting a decision, oldest first.
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(status=ClaimStatus.SUBMITTED),
                name="claim_awaiting_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount} {self.currency}"


class TripReport(models.Model):
    """What a trip brought: meetings, leads, contracts, units sold."""

    trip = models.OneToOneField(Trip, on_delete=models.CASCADE, related_name="report")
    meetings_held = models.PositiveIntegerField(_("meetings held"), default=0)
    leads = models.PositiveIntegerField(_("leads"), default=0)
    contracts_signed = models.PositiveIntegerField(_("contracts signed"), default=0)
    units_sold = models.PositiveIntegerField(_("units sold"), default=0)
    notes = models.TextField(_("notes"), blank=True, max_length=TEXT_MAX_LENGTH)

    objects = ByTrip.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trip report")
        verbose_name_plural = _("trip reports")

    def __str__(self) -> str:
        return f"Report of {self.trip}"


class ExportLabTrack(models.Model):
    """A firm's way through the export lab towards one target market."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="export_lab")
    target_market = CountryField(_("target market"))
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=ExportLabStage.choices,
        default=ExportLabStage.MARKET_CHOICE,
    )
    stage_entered_on = models.DateField(_("in this stage since"))
    iterations = models.PositiveSmallIntegerField(
        _("iterations"),
        default=0,
        help_text=_("Times the firm went back from evaluation to incubation."),
    )

    objects = EnrolmentScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("export-lab track")
        verbose_name_plural = _("export-lab tracks")

    def __str__(self) -> str:
        return f"{self.enrolment.organization}: {self.get_stage_display()}"


class ExportLabStep(models.Model):
    """The date a track entered a stage, with notes; the whole path is kept."""

    track = models.ForeignKey(ExportLabTrack, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("stage"), max_length=20, choices=ExportLabStage.choices)
    entered_on = models.DateField(_("entered on"))
    notes = models.TextField(_("notes"), blank=True, max_length=TEXT_MAX_LENGTH)

    objects = ByTrack.as_manager()

    class Meta:
        verbose_name = _("export-lab step")
        verbose_name_plural = _("export-lab steps")
        ordering = ["entered_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} on {self.entered_on}"


class Outcome(models.Model):
    """A result of the project for a firm: a contact, a customer, units sold, a market..."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=30, choices=OutcomeKind.choices)
    date = models.DateField(_("date"))
    country = CountryField(_("country"), blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    note = models.TextField(_("note"), blank=True, max_length=TEXT_MAX_LENGTH)
    partner = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_activities",
        verbose_name=_("research organisation"),
        help_text=_("The university or research institute of a joint activity."),
    )
    source = models.CharField(_("reported by"), max_length=10, choices=OutcomeSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the firm reports itself counts once the cluster verified it; what the office or
    # the coach records is verified as it is recorded.
    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.VERIFIED,
    )
    verification_note = models.TextField(
        _("why it was rejected"), blank=True, max_length=TEXT_MAX_LENGTH
    )

    objects = EnrolmentScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-date"]
        # The API's cursor pages (newest first) are ranges of this index.
        indexes = [models.Index(fields=["date", "id"], name="outcome_date_id")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.quantity})"


# Field lists, declared once per model: its form, its serializers and its services use them.
WORKSHOP_FIELDS = (
    "title",
    "topic",
    "date",
    "place",
    "expert_name",
    "expert_organization",
    "cohort",
)
