from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Programme
from projects.models import Project
from reports.querysets import ReportRunQuerySet


class ReportKind(models.TextChoices):
    PARTICIPATION = "participation", _("Participation")
    OUTCOMES = "outcomes", _("Outcomes")
    INDICATORS = "indicators", _("Indicators")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReportRun(models.Model):
    """One computation of a report for a project or a programme.

    The result is canonical JSON whose SHA-256 is the checksum: the same inputs give the same
    bytes. A finished run (done or failed) never changes again. The funder's view of the
    result (reports.suppression) is stored beside it when the run is computed, as canonical
    JSON with its own checksum, so it is served, never recomputed, on every request.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="report_runs"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="report_runs"
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    result = models.JSONField(_("result"), null=True, blank=True)
    canonical = models.TextField(_("canonical JSON"), blank=True, editable=False)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    suppressed_canonical = models.TextField(
        _("canonical JSON of the suppressed view"), blank=True, editable=False
    )
    suppressed_checksum = models.CharField(
        _("SHA-256 of the suppressed view"), max_length=64, blank=True, editable=False
    )
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_runs",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(project__isnull=False) & Q(programme__isnull=True))
                | (Q(project__isnull=True) & Q(programme__isnull=False)),
                name="report_run_has_one_scope",
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.scope_label} ({self.get_status_display()})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored in (RunStatus.DONE, RunStatus.FAILED):
                raise ValidationError(_("A finished report run never changes."))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:run-detail", kwargs={"pk": self.pk})

    @property
    def as_of_day(self) -> date | None:
        """The day the run was computed as of (kept as ISO text in ``parameters``), as a date
        so templates show it in the reader's format like every other date."""
        value = (self.parameters or {}).get("as_of")
        try:
            return date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return None

    @property
    def scope(self) -> dict:
        if self.project_id:
            return {"type": "project", "project": self.project.slug}
        return {"type": "programme", "programme": self.programme.code}

    @property
    def scope_label(self) -> str:
        return self.project.name if self.project_id else self.programme.code

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)
