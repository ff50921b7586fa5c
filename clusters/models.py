from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from clusters.money import CURRENCY_CHOICES
from clusters.querysets import ClusterQuerySet, FunderQuerySet, VisibleQuerySet
from clusters.text import TEXT_MAX_LENGTH


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    NON_PROFIT = "non_profit", _("Non-profit organization")
    NON_COMMERCIAL_PARTNERSHIP = "non_commercial_partnership", _("Non-commercial partnership")
    COMPANY = "company", _("Company")
    FOUNDATION = "foundation", _("Foundation")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", _("Other")


RESERVED_CLUSTER_SLUGS = {"switch", "programmes", "funders", "proposals"}


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
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_LENGTH)
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

    def clean(self) -> None:
        # These words are page addresses under /clusters/.
        if self.slug in RESERVED_CLUSTER_SLUGS:
            raise ValidationError({"slug": _("This slug is reserved; choose another one.")})


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


class ProgrammePeriod(models.TextChoices):
    """The EU programming period whose catalogue of common indicators a programme reports on."""

    P2014_2020 = "2014-2020", _("2014–2020")
    P2021_2027 = "2021-2027", _("2021–2027")
    OTHER = "other", _("Other (no EU common indicators)")


def period_of_dates(start) -> str:
    """The programming period a programme starting on ``start`` most likely belongs to: the one
    its start year falls in; ``other`` before 2014 or after 2027. A guess for programmes saved
    without a period (and for the migration that added the field); the form asks for it."""
    if start is None:
        return ProgrammePeriod.P2021_2027
    if isinstance(start, str):
        start = date.fromisoformat(start)
    if 2014 <= start.year <= 2020:
        return ProgrammePeriod.P2014_2020
    if 2021 <= start.year <= 2027:
        return ProgrammePeriod.P2021_2027
    return ProgrammePeriod.OTHER


class ProgrammeQuerySet(VisibleQuerySet):
    def visibility_filter(self, user) -> Q:
        """Staff of a taking-part cluster, and the users of the programme's funder."""
        participations = ProgrammeParticipation.objects.filter(
            cluster__in=ClusterRole.objects.filter(user=user).values("cluster_id")
        )
        return Q(pk__in=participations.values("programme_id")) | Q(
            funder__in=FunderUser.objects.filter(user=user).values("funder_id")
        )


class Programme(models.Model):
    """A funding programme of a funder; clusters take part in it and report against it."""

    funder = models.ForeignKey(
        Funder, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("funder")
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$", _("Letters, digits, . _ / -"))
        ],
        help_text=_("Unique across the installation, e.g. 'ERDF-SE-2021-27'."),
        error_messages={"unique": _("Another programme already has this code.")},
    )
    budget = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    cofinancing_rate = models.DecimalField(
        _("co-financing rate (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of eligible costs the programme pays, in percent."),
    )
    hourly_value = models.DecimalField(
        _("hourly value of in-kind support"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("Used to turn coaching and consultant hours into state-aid amounts."),
    )
    period = models.CharField(
        _("programming period"),
        max_length=10,
        choices=ProgrammePeriod.choices,
        default=ProgrammePeriod.P2021_2027,
        help_text=_("The programme reports on the EU common indicators of this period."),
    )
    min_support_hours = models.DecimalField(
        _("minimum support (hours)"),
        max_digits=7,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Hours of support a firm needs before it counts in the indicators."),
    )
    clusters = models.ManyToManyField(
        Cluster,
        through="ProgrammeParticipation",
        related_name="programmes",
        verbose_name=_("clusters"),
    )

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="programme_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("clusters:programme-detail", kwargs={"code": self.code})

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end comes before the start.")})
        # Page addresses are /clusters/programmes/<code>/, .../new/, .../<code>/edit/, .../join/,
        # .../<code>/indicators/....
        code = (self.code or "").lower()
        if code == "new" or code.endswith(("/edit", "/join")) or "/indicators" in code:
            raise ValidationError({"code": _("This code is reserved; choose another one.")})


class ProgrammeParticipation(models.Model):
    """A cluster taking part in a programme: who must consent to a change of its rules."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="programme_participations"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="participations"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme participation")
        verbose_name_plural = _("programme participations")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "programme"], name="one_participation_per_cluster"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cluster} in {self.programme.code}"


class CountingRule(models.TextChoices):
    """How a report counts an indicator's enterprises (reports.selectors.indicators computes
    each rule; the rule an indicator uses is data). Every rule counts each enterprise once by
    its registry id, among the firms that reached the programme's minimum support."""

    ENTERPRISES_SUPPORTED = "enterprises_supported", _("Enterprises supported (by size class)")
    GRANTS = "grants", _("Enterprises receiving grants (reimbursed trip money)")
    NON_FINANCIAL_SUPPORT = (
        "non_financial_support",
        _("Enterprises receiving non-financial support (coaching, consultant hours, export lab)"),
    )
    NEW_ENTERPRISES = (
        "new_enterprises",
        _("New enterprises (founded less than 3 years before their first support)"),
    )
    RESEARCH_COOPERATION = (
        "research_cooperation",
        _("Enterprises with a recorded joint activity with a research organisation"),
    )
    PRODUCT_NEW_TO_MARKET = (
        "product_new_to_market",
        _("Enterprises introducing a product new to the market"),
    )
    PRODUCT_NEW_TO_FIRM = (
        "product_new_to_firm",
        _("Enterprises introducing a product new to the firm (or to the market)"),
    )
    PRODUCT_OR_PROCESS_INNOVATION = (
        "product_or_process_innovation",
        _("SMEs introducing a product or process innovation"),
    )
    MARKETING_OR_ORGANISATIONAL_INNOVATION = (
        "marketing_or_organisational_innovation",
        _("SMEs introducing a marketing or organisational innovation"),
    )
    FIRMS_WITH_OUTCOME = "firms_with_outcome", _("Enterprises with an outcome of a given kind")


class IndicatorQuerySet(models.QuerySet):
    def common(self, period: str) -> IndicatorQuerySet:
        """The common indicators of a period: the catalogue shared by the installation."""
        return self.filter(programme=None, period=period)


class Indicator(models.Model):
    """An indicator of the catalogue: a common one of an EU programming period (no programme;
    shared by the installation, changed only by its administrators) or one a managing authority
    added for its own programme."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, default="enterprises")
    period = models.CharField(
        _("programming period"), max_length=10, choices=ProgrammePeriod.choices
    )
    counting_rule = models.CharField(
        _("counting rule"), max_length=40, choices=CountingRule.choices
    )
    # The outcome kinds are internationalization's (a higher floor): their choices are
    # registered at start-up (clusters.indicators.outcome_kind_choices), not imported here.
    outcome_kind = models.CharField(
        _("outcome kind"),
        max_length=30,
        blank=True,
        help_text=_("For the rule 'enterprises with an outcome of a given kind'."),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_indicators",
        verbose_name=_("programme"),
        help_text=_("Empty for a common indicator of the period."),
    )

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["period", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "code"],
                condition=Q(programme=None),
                name="unique_common_indicator_code_per_period",
            ),
            models.UniqueConstraint(
                fields=["programme", "code"],
                condition=Q(programme__isnull=False),
                name="unique_indicator_code_per_programme",
            ),
            models.CheckConstraint(
                condition=~Q(counting_rule="firms_with_outcome") | ~Q(outcome_kind=""),
                name="indicator_outcome_rule_names_a_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_common(self) -> bool:
        return self.programme_id is None


class ProgrammeIndicator(models.Model):
    """An indicator a programme reports on, with its baseline; targets are per year."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("programme")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="uses", verbose_name=_("indicator")
    )
    baseline = models.PositiveIntegerField(_("baseline"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme indicator")
        verbose_name_plural = _("programme indicators")
        ordering = ["programme", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "indicator"], name="one_use_of_an_indicator_per_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} in {self.programme.code}"

    def clean(self) -> None:
        # The service says so first (clusters.services.programme_indicator_add); this catches
        # the admin site too.
        if self.indicator_id and self.programme_id:
            if self.indicator.period != self.programme.period:
                raise ValidationError(
                    {"indicator": _("The indicator is not of the programme's period.")}
                )
            if self.indicator.programme_id not in (None, self.programme_id):
                raise ValidationError({"indicator": _("This is another programme's indicator.")})


class IndicatorTarget(models.Model):
    """The milestone and the target of a programme's indicator for one year."""

    programme_indicator = models.ForeignKey(
        ProgrammeIndicator,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("programme indicator"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    milestone = models.PositiveIntegerField(_("milestone"), null=True, blank=True)
    target = models.PositiveIntegerField(_("target"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["programme_indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme_indicator", "year"], name="one_target_per_indicator_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_indicator} {self.year}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for consent")
    APPLIED = "applied", _("Applied")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ChangeProposalQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChangeProposalQuerySet:
        """Proposals addressed to a cluster the user is staff of; installation administrators
        see all of them."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.is_staff:
            return self.all()
        asked = ChangeConsent.objects.filter(
            cluster__in=ClusterRole.objects.filter(user=user).values("cluster_id")
        )
        return self.filter(pk__in=asked.values("proposal_id"))

    def pending(self) -> ChangeProposalQuerySet:
        return self.filter(status=ProposalStatus.PENDING)


class ChangeProposal(models.Model):
    """A change of a record several clusters share (a programme's rules), proposed by the
    manager of one of them. It waits for the consent of every cluster that uses the record
    (``consents``), is applied through the record's own service when the last one consents,
    and is refused as soon as one refuses. Installation administrators change shared records
    directly instead (clusters.permissions)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    # The proposed values of the fields that change, as the record's service takes them
    # (foreign keys by primary key), and their values when proposed, to show the difference.
    changes = models.JSONField(_("proposed values"), encoder=DjangoJSONEncoder)
    before = models.JSONField(_("values when proposed"), encoder=DjangoJSONEncoder)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="change_proposals",
        verbose_name=_("proposed by"),
    )
    proposed_for = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        related_name="change_proposals",
        verbose_name=_("proposed for cluster"),
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = ChangeProposalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change proposal")
        verbose_name_plural = _("change proposals")
        ordering = ["-proposed_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]

    def __str__(self) -> str:
        return _("Change of %(record)s") % {"record": self.record}

    def get_absolute_url(self) -> str:
        return reverse("clusters:proposal-detail", kwargs={"pk": self.pk})


class ConsentDecision(models.TextChoices):
    PENDING = "pending", _("Not yet decided")
    CONSENTED = "consented", _("Consented")
    REFUSED = "refused", _("Refused")


class ChangeConsent(models.Model):
    """One cluster's answer to a change proposal, given by one of its managers."""

    proposal = models.ForeignKey(ChangeProposal, on_delete=models.CASCADE, related_name="consents")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="change_consents")
    decision = models.CharField(
        _("decision"),
        max_length=20,
        choices=ConsentDecision.choices,
        default=ConsentDecision.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_consents",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent to a change")
        verbose_name_plural = _("consents to changes")
        ordering = ["cluster__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "cluster"], name="one_consent_per_cluster_and_proposal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cluster}: {self.get_decision_display()}"


# Field lists, declared once per model: its form, its serializers and its services use them.
CLUSTER_EDITABLE_FIELDS = (
    "name",
    "country",
    "region",
    "city",
    "sectors",
    "legal_form",
    "founded",
    "website",
    "description",
)
PROGRAMME_FIELDS = (
    "funder",
    "name",
    "code",
    "budget",
    "currency",
    "start",
    "end",
    "cofinancing_rate",
    "hourly_value",
    "period",
    "min_support_hours",
)
PROGRAMME_INDICATOR_FIELDS = ("code", "name", "unit", "counting_rule", "outcome_kind")
