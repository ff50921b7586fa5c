from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from clusters.money import CURRENCY_CHOICES
from clusters.querysets import ClusterQuerySet, FunderQuerySet, VisibleQuerySet


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    NON_PROFIT = "non_profit", _("Non-profit organization")
    NON_COMMERCIAL_PARTNERSHIP = "non_commercial_partnership", _("Non-commercial partnership")
    COMPANY = "company", _("Company")
    FOUNDATION = "foundation", _("Foundation")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", _("Other")


RESERVED_CLUSTER_SLUGS = {"switch", "programmes", "funders"}


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
        # Page addresses are /clusters/programmes/<code>/, .../new/, .../<code>/edit/, .../join/.
        code = (self.code or "").lower()
        if code == "new" or code.endswith(("/edit", "/join")):
            raise ValidationError({"code": _("This code is reserved; choose another one.")})


class ProgrammeParticipation(models.Model):
    """A cluster taking part in a programme."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="programme_participations"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="participations"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

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
    "min_support_hours",
)
