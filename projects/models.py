from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.models import Cluster, Programme
from clusters.money import CURRENCY_CHOICES
from clusters.text import TEXT_MAX_LENGTH
from members.models import Organization
from projects.choices import (
    ENROLMENT_TRANSITIONS,
    Commitment,
    DropoutPhase,
    DropoutReason,
    EnrolmentStatus,
    ExportLabStage,
    PartnerRole,
    ProjectStatus,
    RequiredActivity,
)
from projects.querysets import (
    EnrolmentQuerySet,
    EnrolmentScopedQuerySet,
    PartnerCoachQuerySet,
    ProjectChildQuerySet,
    ProjectQuerySet,
    ProjectStaffQuerySet,
)

HOURS = {"max_digits": 7, "decimal_places": 2, "validators": [MinValueValidator(0)]}
MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}
SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class Project(models.Model):
    """A time-bounded project of a cluster, e.g. TRIIP taking micro-firms abroad.

    The activity window and the enrolment window are separate (they may overlap). Eligibility
    rules are fields here; ``projects.eligibility`` checks a firm against them.
    """

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="projects")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    start = models.DateField(_("activities start"))
    end = models.DateField(_("activities end"))
    enrolment_start = models.DateField(_("enrolment opens"))
    enrolment_end = models.DateField(_("enrolment closes"))
    regions = models.JSONField(
        _("regions served"), default=list, blank=True, help_text=_("Region names.")
    )
    budget = models.DecimalField(_("budget"), **MONEY, default=0)
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )
    target_firms = models.PositiveIntegerField(_("firms to involve"), default=0)
    target_completed = models.PositiveIntegerField(_("firms through the whole process"), default=0)
    participation_fee = models.DecimalField(_("participation fee"), **MONEY, default=0)
    coaching_hours_default = models.DecimalField(_("coaching hours per firm"), **HOURS, default=20)
    max_employees = models.PositiveIntegerField(_("maximum employees"), null=True, blank=True)
    max_turnover_eur = models.DecimalField(
        _("maximum turnover (EUR)"), **MONEY, null=True, blank=True
    )
    allowed_size_classes = models.JSONField(_("allowed size classes"), default=list, blank=True)
    allowed_sectors = models.JSONField(
        _("allowed sectors (NACE prefixes)"), default=list, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="project_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(enrolment_end__gte=F("enrolment_start")),
                name="project_enrolment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:project-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The activities end before they start.")
        if (
            self.enrolment_start
            and self.enrolment_end
            and self.enrolment_end < self.enrolment_start
        ):
            errors["enrolment_end"] = _("Enrolment closes before it opens.")
        if errors:
            raise ValidationError(errors)


class ProjectFunding(models.Model):
    """The share of a project financed through one programme; shares add up to 100 %."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fundings")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="project_fundings"
    )
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    objects = ProjectStaffQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding share")
        verbose_name_plural = _("funding shares")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "programme"], name="one_share_per_programme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code}: {self.share} %"


class ProjectPartner(models.Model):
    """An organization working on the project: owner, operational partner, resource provider."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="project_partnerships"
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)

    objects = ProjectStaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization"], name="one_partnership_per_organization"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class PartnerCoach(models.Model):
    """A business coach a partner supplies, and the regions the coach serves."""

    partner = models.ForeignKey(ProjectPartner, on_delete=models.CASCADE, related_name="coaches")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coach_assignments",
        verbose_name=_("coach"),
    )
    regions = models.JSONField(_("regions served"), default=list, blank=True)

    objects = PartnerCoachQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner coach")
        verbose_name_plural = _("partner coaches")
        constraints = [
            models.UniqueConstraint(fields=["partner", "coach"], name="one_coach_per_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.coach} ({self.partner.organization})"


class ProjectTarget(models.Model):
    """A named target with a number, beyond the firms to involve and to complete."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="targets")
    name = models.CharField(_("target"), max_length=200)
    number = models.PositiveIntegerField(_("number"))

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.name}: {self.number}"


class CompletionRule(models.Model):
    """One activity that "the whole process" of a project requires, with its minimum.

    The project sets them; nothing else is assumed (docs/domain.md §2). ``minimum`` means
    hours of coaching, consultant hours used from the timbank, workshops attended or trips
    done; the export lab asks for a ``stage`` reached instead.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="completion_rules")
    activity = models.CharField(_("activity"), max_length=20, choices=RequiredActivity.choices)
    minimum = models.DecimalField(
        _("minimum"),
        max_digits=7,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Hours of coaching or consultants, workshops attended, or trips done."),
    )
    stage = models.CharField(
        _("export-lab stage reached"),
        max_length=20,
        choices=ExportLabStage.choices,
        blank=True,
    )

    objects = ProjectChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("completion rule")
        verbose_name_plural = _("completion rules")
        ordering = ["project", "activity"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "activity"],
                name="one_completion_rule_per_activity",
                violation_error_message=_("The project already has a rule for this activity."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()}: {self.requirement}"

    @property
    def requirement(self) -> str:
        """The rule in words: "10 h", "2 workshops attended", "reached Evaluation"."""
        if self.activity == RequiredActivity.EXPORT_LAB:
            return gettext("reached %(stage)s") % {"stage": self.get_stage_display()}
        amount = {"n": f"{self.minimum.normalize():f}"}
        if self.activity == RequiredActivity.COACHING:
            return gettext("%(n)s h") % amount
        if self.activity == RequiredActivity.TIMBANK:
            return gettext("%(n)s h with consultants") % amount
        count = int(self.minimum)  # whole workshops or trips (clean() says so)
        if self.activity == RequiredActivity.WORKSHOPS:
            return ngettext("%(n)s workshop attended", "%(n)s workshops attended", count) % amount
        return ngettext("%(n)s trip done", "%(n)s trips done", count) % amount

    def clean(self) -> None:
        if self.activity == RequiredActivity.EXPORT_LAB:
            if not self.stage:
                raise ValidationError({"stage": _("Say which stage the firm must reach.")})
        elif self.minimum is not None and self.minimum <= 0:
            raise ValidationError({"minimum": _("Give a minimum above zero.")})
        elif (
            self.activity in (RequiredActivity.WORKSHOPS, RequiredActivity.TRIP)
            and self.minimum is not None
            and self.minimum != int(self.minimum)
        ):
            raise ValidationError({"minimum": _("Count whole workshops or trips.")})


class Cohort(models.Model):
    """A group of firms going through the activities together (by industry, need, region)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="unique_cohort_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    """A firm's path through a project, from its application to completion or dropout.

    One per firm and project. Dropouts are data (phase, reason), never deletions.
    """

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="enrolments")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.APPLIED
    )
    applied_on = models.DateField(_("applied on"))
    # Self-assessment of export readiness, 1 (none) to 5 (thorough).
    score_market = models.PositiveSmallIntegerField(
        _("knowledge of the export market"), validators=SCORE
    )
    comment_market = models.TextField(
        _("comment on the export market"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    score_customers = models.PositiveSmallIntegerField(
        _("knowledge of export customers"), validators=SCORE
    )
    comment_customers = models.TextField(
        _("comment on export customers"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    score_situation = models.PositiveSmallIntegerField(
        _("knowledge of the customer's situation there"), validators=SCORE
    )
    comment_situation = models.TextField(
        _("comment on the customer's situation"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    eligible = models.BooleanField(_("eligible"), default=False)
    eligibility_reasons = models.JSONField(_("why not eligible"), default=list, blank=True)
    override_justification = models.TextField(
        _("justification of the override"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    interview_at = models.DateTimeField(_("interview scheduled for"), null=True, blank=True)
    interview_notes = models.TextField(_("interview notes"), blank=True, max_length=TEXT_MAX_LENGTH)
    interviewed_on = models.DateField(_("interviewed on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.TextField(
        _("reason of the decision"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    fee_due = models.DecimalField(_("fee due"), **MONEY, null=True, blank=True)
    fee_paid_on = models.DateField(_("fee paid on"), null=True, blank=True)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coached_enrolments",
        verbose_name=_("coach"),
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("cohort"),
    )
    commitment = models.CharField(
        _("commitment"), max_length=20, choices=Commitment.choices, blank=True
    )
    coaching_hours_allotted = models.DecimalField(_("coaching hours allotted"), **HOURS, default=0)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    dropped_on = models.DateField(_("dropped out on"), null=True, blank=True)
    dropout_phase = models.CharField(
        _("dropout phase"), max_length=20, choices=DropoutPhase.choices, blank=True
    )
    dropout_reason = models.CharField(
        _("dropout reason"), max_length=20, choices=DropoutReason.choices, blank=True
    )
    dropout_note = models.TextField(_("dropout details"), blank=True, max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["project", "organization__legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization"],
                name="one_enrolment_per_firm_and_project",
                violation_error_message=_("This firm has already applied to this project."),
            ),
        ]
        indexes = [models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return f"{self.organization} in {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("projects:enrolment-detail", kwargs={"pk": self.pk})

    # The lifecycle's small questions, asked by the services (to refuse a step) and by
    # projects.selectors.enrolment_next_steps (to offer it), so both read one rule.

    def last_step_day(self) -> date | None:
        """The day of the latest step of its dated history (None before it applied)."""
        return self.status_changes.order_by("-on", "-pk").values_list("on", flat=True).first()

    def can_become(self, status: str) -> bool:
        return status in ENROLMENT_TRANSITIONS[self.status]

    @property
    def eligibility_overridable(self) -> bool:
        """Ineligible, or overridden already (a manager may restate the justification)."""
        return not self.eligible or bool(self.override_justification)

    @property
    def interview_schedulable(self) -> bool:
        return self.status == EnrolmentStatus.APPLIED

    @property
    def fee_outstanding(self) -> bool:
        return self.fee_due is not None and self.fee_paid_on is None


class EnrolmentStatusChange(models.Model):
    """One step of an enrolment's lifecycle, with who took it and when."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=EnrolmentStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=EnrolmentStatus.choices)
    # The day the step happened, which reports count from; ``at`` is when it was recorded.
    on = models.DateField(_("happened on"))
    at = models.DateTimeField(_("recorded at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True, max_length=TEXT_MAX_LENGTH)

    objects = EnrolmentScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment status change")
        verbose_name_plural = _("enrolment status changes")
        ordering = ["on", "at", "pk"]
        indexes = [models.Index(fields=["enrolment", "on"])]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


# Field lists, declared once per model: its form, its serializers and its services use them.
PROJECT_FIELDS = (
    "name",
    "slug",
    "description",
    "status",
    "start",
    "end",
    "enrolment_start",
    "enrolment_end",
    "regions",
    "budget",
    "currency",
    "target_firms",
    "target_completed",
    "participation_fee",
    "coaching_hours_default",
    "max_employees",
    "max_turnover_eur",
    "allowed_size_classes",
    "allowed_sectors",
)
# A firm's self-assessment of its export readiness, given when it applies.
SELF_ASSESSMENT_FIELDS = (
    "score_market",
    "comment_market",
    "score_customers",
    "comment_customers",
    "score_situation",
    "comment_situation",
)
