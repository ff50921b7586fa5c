"""Exports of the member directory as CSV and XLSX, with the columns of the directory page;
written and neutralised against formulas by clusters.spreadsheets.

An export of a national agency's cluster holds 100,000 firms, so it is streamed: rows are
read from the database in chunks (``values()``, no model instances) and written as they
come, and the translated labels of coded columns are resolved once per export (Django's
``get_FOO_display()`` rebuilds a dictionary of translated labels at every call)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Cluster
from clusters.spreadsheets import csv_stream, xlsx_stream
from members.models import Membership, Organization

#: Rows fetched from the database at a time (a server-side cursor on PostgreSQL).
CHUNK_SIZE = 2_000

# (header, the value read from the database, whether the value is a code to show as its label)
COLUMNS: list[tuple[str, str, bool]] = [
    (gettext_lazy("Legal name"), "legal_name", False),
    (gettext_lazy("Short name"), "short_name", False),
    (gettext_lazy("Registry id"), "registry_id", False),
    (gettext_lazy("Helix category"), "helix", True),
    (gettext_lazy("Type"), "org_type", True),
    (gettext_lazy("Size class"), "size_class", True),
    (gettext_lazy("Employees"), "employees", False),
    (gettext_lazy("Region"), "region", False),
    (gettext_lazy("City"), "city", False),
    (gettext_lazy("Sectors (NACE)"), "sectors", False),
    (gettext_lazy("Membership status"), "membership__status", True),
    (gettext_lazy("Member since"), "membership__member_since", False),
]
FIELDS = [field for _label, field, _coded in COLUMNS]


def header() -> list[str]:
    return [str(label) for label, _field, _coded in COLUMNS]


def _choice_field(path: str):
    model, name = (Membership, "status") if path == "membership__status" else (Organization, path)
    return model._meta.get_field(name)


def labels() -> list[dict[str, str] | None]:
    """Per column, its codes' labels in the active language (None for a column shown as it
    is): resolved once per export."""
    return [
        {str(value): str(label) for value, label in _choice_field(field).flatchoices}
        if coded
        else None
        for _label, field, coded in COLUMNS
    ]


def rows(
    organizations: QuerySet[Organization], names: list[dict[str, str] | None] | None = None
) -> Iterator[list]:
    """One list of cell values per organization (the writers neutralise them); a firm without
    a membership has an empty status. ``names``: the columns' ``labels()``."""
    names = names if names is not None else labels()
    for values in organizations.values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE):
        yield [
            value if label is None or value is None else label.get(value, value)
            for label, value in zip(names, values, strict=True)
        ]


def _with_header(organizations: QuerySet[Organization]) -> Iterable[list]:
    """The header and the rows; the words are translated now, in the request's language,
    not later while the response streams."""
    return chain([header()], rows(organizations, labels()))


def directory_csv(organizations: QuerySet[Organization]) -> Iterator[bytes]:
    return csv_stream(_with_header(organizations))


def directory_xlsx(organizations: QuerySet[Organization]) -> Iterator[bytes]:
    return xlsx_stream(_("Members"), _with_header(organizations))


#: Each format's writer: the file's chunks, to stream.
EXPORTERS: dict[str, Callable[[QuerySet[Organization]], Iterator[bytes]]] = {
    "csv": directory_csv,
    "xlsx": directory_xlsx,
}


def export_filename(cluster: Cluster, file_format: str) -> str:
    return f"members-{cluster.slug}-{timezone.localdate().isoformat()}.{file_format}"
