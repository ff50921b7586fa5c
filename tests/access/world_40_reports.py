"""A done participation run of the world's project, computed at once (no task needed)."""

from reports.models import ReportKind
from reports.services import report_run_compute
from tests.factories.reports import ReportRunFactory


def extend(world: dict) -> None:
    run = ReportRunFactory(
        kind=ReportKind.PARTICIPATION,
        project=world["project"],
        requested_by=world["manager_a"],
        parameters={"as_of": "2026-06-30"},
    )
    world["report_run"] = report_run_compute(run_id=run.pk)
