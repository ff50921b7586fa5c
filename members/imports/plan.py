"""Planning an import of organizations (a dry run: every line written through the services
inside a transaction then rolled back, so the plan shows what applying writes, service
refusals included) and applying it (the same lines again, kept all or nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from clusters.forms import Form
from clusters.imports.files import ImportFileError, check_size, file_kind, template_csv
from clusters.imports.report import CREATE, UNCHANGED, UPDATE, ImportReport, RowError
from clusters.imports.run import import_atomically
from clusters.imports.workbook import Records, read_table
from clusters.models import Cluster
from members.imports.organizations import COLUMNS, SHEET, OrganizationImporter, PlannedRow


class ImportUploadForm(Form):
    """The file a manager uploads to check."""

    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(size)s; the first line names the columns.") % {
            "size": filesizeformat(settings.IMPORT_MAX_FILE_BYTES)
        }

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        try:
            file_kind(upload.name)
            check_size(upload.size)
        except ImportFileError as error:
            raise ValidationError(str(error)) from None
        return upload


@dataclass
class ImportPlan:
    """What importing the file would do, or every reason it cannot; ``records`` are the rows
    read from the file, which applying imports."""

    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    records: Records = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def to_create(self) -> int:
        return sum(row.action == CREATE for row in self.rows)

    @property
    def to_update(self) -> int:
        return sum(row.action == UPDATE for row in self.rows)

    @property
    def unchanged(self) -> int:
        return sum(row.action == UNCHANGED for row in self.rows)


class ImportRejected(Exception):
    """Applying the plan failed on rows; the transaction was rolled back."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(message for error in errors for message in error.messages))
        self.errors = errors


# Planning and applying ----------------------------------------------------------------------


def plan_import(
    *, cluster: Cluster, content: bytes, filename: str, actor: User | None = None
) -> ImportPlan:
    """What importing the file into ``cluster`` as ``actor`` would do, or every reason it
    cannot."""
    book = read_table(content, filename, SHEET, COLUMNS)
    if book.errors:
        return ImportPlan(errors=book.errors)
    records = book.sheets[SHEET]
    importer, report = _run(cluster, records, actor=actor, dry_run=True)
    return ImportPlan(
        rows=importer.planned, errors=report.errors, ignored_columns=book.ignored, records=records
    )


def apply_import(*, cluster: Cluster, plan: ImportPlan, actor: User | None = None) -> ImportReport:
    """Import the plan's rows in one transaction; a row the services refuse now rolls
    everything back (ImportRejected)."""
    if not plan.ok:
        raise ImportRejected(plan.errors)
    _importer, report = _run(cluster, plan.records, actor=actor, dry_run=False)
    if report.errors:
        raise ImportRejected(report.errors)
    return report


def _run(
    cluster: Cluster, records: Records, *, actor: User | None, dry_run: bool
) -> tuple[OrganizationImporter, ImportReport]:
    importer = OrganizationImporter(cluster=cluster, actor=actor)
    report = ImportReport(source=SHEET, sheets=(SHEET,), dry_run=dry_run)
    import_atomically(
        report, partial(importer.run, records), dry_run=dry_run, turn_key=f"cluster:{cluster.slug}"
    )
    return importer, report


def import_template_csv() -> bytes:
    """The header row every import file starts with."""
    return template_csv(COLUMNS)
