"""The funder's home: each programme of its funder with its indicators achieved against their
targets, and the latest report runs it may read.

Achievement comes from the latest finished indicator run of each programme, not from live data:
computing the indicators walks every supported firm of every project the programme funds (see
``reports.selectors.indicators``), which a landing page should not pay for on every visit; the
run is also the figure the funder can audit (its checksum). The page says as of which day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Prefetch, Subquery

from clusters.models import IndicatorTarget, Programme, ProgrammeIndicator
from reports.models import ReportKind, ReportRun, RunStatus
from reports.querysets import funder_programmes

LATEST_RUNS = 8


@dataclass(frozen=True)
class IndicatorAchievement:
    code: str
    name: str
    achieved: int | None
    milestone: int | None
    target: int | None
    target_year: int | None

    @property
    def percent(self) -> int | None:
        if self.achieved is None or not self.target:
            return None
        return round(100 * self.achieved / self.target)


@dataclass
class ProgrammeAchievement:
    programme: Programme
    run: ReportRun | None
    indicators: list[IndicatorAchievement] = field(default_factory=list)

    @property
    def as_of(self) -> str | None:
        return self.run.result.get("as_of") if self.run else None


def _targets(use: ProgrammeIndicator, year: int) -> tuple[int | None, int | None, int | None]:
    """This year's milestone, and the last year's target with its year."""
    targets = list(use.targets.all())
    milestone = next((t.milestone for t in targets if t.year == year), None)
    final = next((t for t in reversed(targets) if t.target is not None), None)
    return milestone, final.target if final else None, final.year if final else None


def _achieved(run: ReportRun | None, code: str) -> dict[str, int]:
    if run is None:
        return {}
    for section in (run.result or {}).get("figures", {}).get("programmes", []):
        if section.get("programme") == code:
            return {row["code"]: row["achieved"] for row in section.get("indicators", [])}
    return {}


def funder_programme_achievements(user, today: date) -> list[ProgrammeAchievement]:
    """The programmes of the user's funder with each indicator of the programme's period:
    achieved by the latest finished indicator run, this year's milestone and the final
    target. Four queries."""
    uses = (
        ProgrammeIndicator.objects.select_related("indicator")
        .order_by("indicator__code")
        .prefetch_related(Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year")))
    )
    programmes = list(
        funder_programmes(user).order_by("code").prefetch_related(Prefetch("indicators", uses))
    )
    finished = ReportRun.objects.filter(
        kind=ReportKind.INDICATORS, status=RunStatus.DONE, programme=OuterRef("programme")
    ).order_by("-finished_at", "-pk")
    latest = {
        run.programme_id: run
        for run in ReportRun.objects.visible_to(user).filter(
            programme__in=[p.pk for p in programmes], pk=Subquery(finished.values("pk")[:1])
        )
    }
    result = []
    for programme in programmes:
        run = latest.get(programme.pk)
        achieved = _achieved(run, programme.code)
        item = ProgrammeAchievement(programme, run)
        for use in programme.indicators.all():
            if use.indicator.period != programme.period:
                continue
            milestone, target, year = _targets(use, today.year)
            code = use.indicator.code
            item.indicators.append(
                IndicatorAchievement(
                    code, use.indicator.name, achieved.get(code), milestone, target, year
                )
            )
        result.append(item)
    return result


def latest_report_runs(user) -> list[ReportRun]:
    """The newest report runs the user may read. One query."""
    return list(
        ReportRun.objects.visible_to(user)
        .select_related("project", "programme")
        .order_by("-created_at", "-pk")[:LATEST_RUNS]
    )
