"""Factories of reports/: report runs."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from reports.models import ReportRun

# Reports -------------------------------------------------------------------------------------


class ReportRunFactory(DjangoModelFactory):
    """A queued run; ``reports.services.report_run_compute`` finishes it."""

    class Meta:
        model = ReportRun

    kind = "participation"
    parameters = factory.LazyFunction(lambda: {"as_of": "2026-06-30"})
