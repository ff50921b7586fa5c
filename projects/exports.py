"""The participant list of a project (its enrolments) as CSV and XLSX, written and neutralised
against formulas by clusters.spreadsheets, like every other export."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.spreadsheets import csv_bytes, xlsx_bytes
from members.models import Representative
from projects.models import Enrolment, Project


def _contact_emails(enrolment: Enrolment) -> str:
    representatives = enrolment.organization.representatives.all()
    return ", ".join(sorted({r.user.email for r in representatives if r.user.email}))


COLUMNS: list[tuple[str, Callable[[Enrolment], object]]] = [
    (gettext_lazy("Firm"), lambda e: e.organization.legal_name),
    (gettext_lazy("Registry id"), lambda e: e.organization.registry_id),
    (gettext_lazy("Region"), lambda e: e.organization.region),
    (gettext_lazy("Status"), lambda e: e.get_status_display()),
    (gettext_lazy("Cohort"), lambda e: e.cohort.name if e.cohort else ""),
    (gettext_lazy("Coach"), lambda e: str(e.coach) if e.coach else ""),
    (gettext_lazy("Contact e-mail"), _contact_emails),
]


def participants(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """The enrolments with all an export reads, in three queries whatever their number."""
    representatives = Representative.objects.select_related("user")
    return enrolments.select_related("organization", "cohort", "coach").prefetch_related(
        Prefetch("organization__representatives", queryset=representatives)
    )


def rows(enrolments: QuerySet[Enrolment]) -> Iterable[list]:
    yield [str(label) for label, _value in COLUMNS]
    for enrolment in participants(enrolments):
        yield [value(enrolment) for _label, value in COLUMNS]


EXPORTERS: dict[str, Callable[[QuerySet[Enrolment]], bytes]] = {
    "csv": lambda enrolments: csv_bytes(rows(enrolments)),
    "xlsx": lambda enrolments: xlsx_bytes(_("Participants"), rows(enrolments)),
}


def export_filename(project: Project, file_format: str) -> str:
    return f"participants-{project.slug}-{timezone.localdate().isoformat()}.{file_format}"
