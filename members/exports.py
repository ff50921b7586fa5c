"""Exports of the member directory as CSV and XLSX, with the columns of the directory page;
written and neutralised against formulas by clusters.spreadsheets."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Cluster
from clusters.spreadsheets import csv_bytes, xlsx_bytes
from members.models import Organization


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


def header() -> list[str]:
    return [str(label) for label, _value in COLUMNS]


def rows(organizations: QuerySet[Organization]) -> Iterable[list]:
    """One list of cell values per organization (the writers neutralise them)."""
    for organization in organizations.iterator(chunk_size=500):
        yield [value(organization) for _label, value in COLUMNS]


def directory_csv(organizations: QuerySet[Organization]) -> bytes:
    return csv_bytes([header(), *rows(organizations)])


def directory_xlsx(organizations: QuerySet[Organization]) -> bytes:
    return xlsx_bytes(_("Members"), [header(), *rows(organizations)])


EXPORTERS: dict[str, Callable[[QuerySet[Organization]], bytes]] = {
    "csv": directory_csv,
    "xlsx": directory_xlsx,
}


def export_filename(cluster: Cluster, file_format: str) -> str:
    return f"members-{cluster.slug}-{timezone.localdate().isoformat()}.{file_format}"
