"""Exports of the member directory as CSV and XLSX, with the columns of the directory page.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, so every
such text cell is prefixed with a quote (OWASP "CSV injection"). Numbers and dates stay what
they are: a negative number is a number, never text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from clusters.models import Cluster
from members.models import Organization

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _membership(organization: Organization):
    return getattr(organization, "membership", None)


def _status(organization: Organization) -> str:
    membership = _membership(organization)
    return membership.get_status_display() if membership else ""


def _member_since(organization: Organization) -> date | None:
    membership = _membership(organization)
    return membership.member_since if membership else None


COLUMNS: list[tuple[str, Callable[[Organization], object]]] = [
    (gettext_lazy("Legal name"), lambda org: org.legal_name),
    (gettext_lazy("Short name"), lambda org: org.short_name),
    (gettext_lazy("Registry id"), lambda org: org.registry_id),
    (gettext_lazy("Helix category"), lambda org: org.get_helix_display()),
    (gettext_lazy("Type"), lambda org: org.get_org_type_display()),
    (gettext_lazy("Size class"), lambda org: org.get_size_class_display()),
    (gettext_lazy("Employees"), lambda org: org.employees),
    (gettext_lazy("Region"), lambda org: org.region),
    (gettext_lazy("City"), lambda org: org.city),
    (gettext_lazy("Sectors (NACE)"), lambda org: org.sectors),
    (gettext_lazy("Membership status"), _status),
    (gettext_lazy("Member since"), _member_since),
]


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading quote; nothing else."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return f"'{value}"
    return value


def header() -> list[str]:
    return [str(label) for label, _value in COLUMNS]


def rows(organizations: QuerySet[Organization]) -> Iterable[list]:
    """One list of cell values per organization: text neutralised, numbers and dates kept."""
    for organization in organizations.iterator(chunk_size=500):
        yield [neutralise(value(organization)) for _label, value in COLUMNS]


def directory_csv(organizations: QuerySet[Organization]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    for cells in rows(organizations):
        writer.writerow("" if cell is None else cell for cell in cells)
    # The byte-order mark makes Excel read the file as UTF-8 (Gävle, Калуга).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def directory_xlsx(organizations: QuerySet[Organization]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Members"))
    sheet.append(header())
    for cells in rows(organizations):
        sheet.append([_xlsx_safe(cell) for cell in cells])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_safe(value):
    """XLSX cannot hold control characters; drop them from text."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


EXPORTERS: dict[str, Callable[[QuerySet[Organization]], bytes]] = {
    "csv": directory_csv,
    "xlsx": directory_xlsx,
}


def export_filename(cluster: Cluster, file_format: str) -> str:
    return f"members-{cluster.slug}-{timezone.localdate().isoformat()}.{file_format}"
