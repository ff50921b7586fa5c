"""Import of organizations from CSV or XLSX: read the file, validate every row, plan, apply.

The browser page and the ``import_members`` command are thin faces of this module. A plan is
read-only; applying it writes every row in one transaction through ``members.services``, so one
bad row and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from clusters.models import Cluster
from members import tabular
from members.choices import MembershipStatus
from members.models import Organization
from members.services import organization_create, organization_update
from members.tabular import ImportFileError, file_kind

# Module attributes, so that a test can lower the limit for this import alone.
MAX_FILE_BYTES = tabular.MAX_FILE_BYTES

# The file's columns, in the order of the template.
COLUMNS = (
    "registry_id",
    "legal_name",
    "short_name",
    "helix",
    "type",
    "employees",
    "turnover",
    "currency",
    "figures_year",
    "country",
    "region",
    "city",
    "sectors",
    "website",
    "membership_status",
    "member_since",
)

# Column → Organization field written through the services (membership columns are apart).
ORGANIZATION_COLUMNS = {
    "registry_id": "registry_id",
    "legal_name": "legal_name",
    "short_name": "short_name",
    "helix": "helix",
    "type": "org_type",
    "employees": "employees",
    "turnover": "turnover",
    "currency": "currency",
    "figures_year": "figures_year",
    "country": "country",
    "region": "region",
    "city": "city",
    "sectors": "sectors",
    "website": "website",
}

NEW_MEMBER_STATUSES = (MembershipStatus.APPLIED, MembershipStatus.ACTIVE)
CREATE, UPDATE = "create", "update"


@dataclass(frozen=True)
class RowError:
    """What is wrong with one line of the file (``line`` is None for the file as a whole)."""

    line: int | None
    messages: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    column: str
    old: str
    new: str


@dataclass
class PlannedRow:
    line: int
    action: str
    registry_id: str
    name: str
    changes: list[Change]
    data: dict
    organization: Organization | None = None
    membership_status: str = ""
    member_since: date | None = None


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def to_create(self) -> int:
        return sum(row.action == CREATE for row in self.rows)

    @property
    def to_update(self) -> int:
        return sum(row.action == UPDATE and bool(row.changes) for row in self.rows)

    @property
    def unchanged(self) -> int:
        return sum(row.action == UPDATE and not row.changes for row in self.rows)


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


class ImportRejected(Exception):
    """Applying the plan failed on a row; the transaction was rolled back."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(message for error in errors for message in error.messages))
        self.errors = errors


# Reading the file ---------------------------------------------------------------------------


def check_size(size: int) -> None:
    tabular.check_size(size, limit=MAX_FILE_BYTES)


def read_table(content: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The normalised header and the non-blank rows with their line numbers (header = 1)."""
    return tabular.read_table(content, filename, limit=MAX_FILE_BYTES)


# Validating one row -------------------------------------------------------------------------


def _from_model(name: str, **overrides) -> forms.Field:
    """The form field of an Organization field, carrying the model's own validators too."""
    model_field = Organization._meta.get_field(name)
    form_field = model_field.formfield(**overrides)
    form_field.validators += [v for v in model_field.validators if v not in form_field.validators]
    return form_field


def _token(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


def _number(value: str) -> str:
    """Drop the (thin, no-break) spaces of '14 500 000'."""
    return "".join(value.split())


def _sectors(value: str) -> str:
    return ", ".join(code.strip().upper() for code in value.split(",") if code.strip())


NORMALISE = {
    "helix": _token,
    "type": _token,
    "membership_status": _token,
    "employees": _number,
    "turnover": _number,
    "figures_year": _number,
    "currency": lambda value: value.strip().upper() or "EUR",
    "country": lambda value: value.strip().upper(),
    "sectors": _sectors,
}


class OrganizationRowForm(forms.Form):
    """One line of the file; ``existing`` is the organization it updates, if any."""

    registry_id = _from_model("registry_id")
    legal_name = _from_model("legal_name")
    short_name = _from_model("short_name")
    helix = _from_model("helix")
    type = _from_model("org_type")
    employees = _from_model("employees")
    turnover = _from_model("turnover")
    currency = _from_model("currency")
    figures_year = _from_model("figures_year")
    country = _from_model("country")
    region = _from_model("region")
    city = _from_model("city")
    sectors = _from_model("sectors")
    website = _from_model("website", assume_scheme="https")
    membership_status = forms.ChoiceField(choices=MembershipStatus.choices, required=False)
    member_since = forms.DateField(
        input_formats=["%Y-%m-%d"],
        required=False,
        error_messages={"invalid": gettext_lazy("Enter the date as YYYY-MM-DD.")},
    )

    def __init__(self, data: dict, *, existing: Organization | None):
        normalised = {
            column: NORMALISE.get(column, str.strip)(value) for column, value in data.items()
        }
        super().__init__(normalised)
        self.existing = existing

    def clean_member_since(self):
        day = self.cleaned_data["member_since"]
        if day and day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        cleaned = super().clean()
        if self.existing is None and "membership_status" not in self.errors:
            status = cleaned.get("membership_status")
            if status not in NEW_MEMBER_STATUSES:
                self.add_error(
                    "membership_status",
                    _("A new member starts as applied or active, not “%(status)s”.")
                    % {"status": status}
                    if status
                    else _("Say whether the new member has applied or is active."),
                )
        return cleaned

    def reasons(self) -> tuple[str, ...]:
        reasons: list[str] = []
        for column, messages in self.errors.items():
            for message in messages:
                reason = message if column == "__all__" else f"{column}: {message}"
                if reason not in reasons:
                    reasons.append(reason)
        return tuple(reasons)

    def organization_data(self) -> dict:
        return {
            model_field: self.cleaned_data[column]
            for column, model_field in ORGANIZATION_COLUMNS.items()
        }


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy("At most 5 MB; the first line names the columns."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            file_kind(upload.name)
            check_size(upload.size)
        except ImportFileError as error:
            raise ValidationError(str(error)) from None
        return upload


# Planning -----------------------------------------------------------------------------------


def plan_import(*, cluster: Cluster, content: bytes, filename: str) -> ImportPlan:
    """What importing the file into ``cluster`` would do, or every reason it cannot."""
    try:
        header, rows = read_table(content, filename)
        missing = [column for column in COLUMNS if column not in header]
        if missing:
            raise ImportFileError(
                _("Columns missing from the first line: %(missing)s. The columns are: %(all)s.")
                % {"missing": ", ".join(missing), "all": ", ".join(COLUMNS)}
            )
        repeated = sorted({column for column in header if column and header.count(column) > 1})
        if repeated:
            raise ImportFileError(
                _("Columns named more than once: %(columns)s.") % {"columns": ", ".join(repeated)}
            )
        if not rows:
            raise ImportFileError(_("The file has a header but no rows to import."))
    except ImportFileError as error:
        return ImportPlan(errors=[RowError(None, (str(error),))])

    position = {column: header.index(column) for column in COLUMNS}
    records = [
        (line, {column: _cell(cells, position[column]) for column in COLUMNS})
        for line, cells in rows
    ]
    plan = ImportPlan(
        ignored_columns=[column for column in header if column and column not in COLUMNS]
    )
    existing = {
        organization.registry_id: organization
        for organization in Organization.objects.filter(cluster=cluster)
    }
    lines_of = _lines_per_registry_id(records)
    for line, record in records:
        registry_id = record["registry_id"].strip()
        organization = existing.get(registry_id)
        form = OrganizationRowForm(record, existing=organization)
        reasons = list(form.reasons()) if not form.is_valid() else []
        if len(lines_of.get(registry_id, [])) > 1:
            reasons.insert(
                0,
                _("registry_id: %(id)s appears more than once in the file (lines %(lines)s).")
                % {"id": registry_id, "lines": ", ".join(map(str, lines_of[registry_id]))},
            )
        if reasons:
            plan.errors.append(RowError(line, tuple(reasons)))
            continue
        plan.rows.append(_planned_row(line, form, organization))
    return plan


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _lines_per_registry_id(records: list[tuple[int, dict]]) -> dict[str, list[int]]:
    lines: dict[str, list[int]] = {}
    for line, record in records:
        registry_id = record["registry_id"].strip()
        if registry_id:
            lines.setdefault(registry_id, []).append(line)
    return lines


def _planned_row(line: int, form: OrganizationRowForm, organization: Organization | None):
    data = form.organization_data()
    if organization is None:
        changes = [
            Change(column, "", _shown(data[model_field]))
            for column, model_field in ORGANIZATION_COLUMNS.items()
            if _shown(data[model_field])
        ]
        return PlannedRow(
            line=line,
            action=CREATE,
            registry_id=data["registry_id"],
            name=data["legal_name"],
            changes=changes,
            data=data,
            membership_status=form.cleaned_data["membership_status"],
            member_since=form.cleaned_data["member_since"],
        )
    changes = [
        Change(column, _shown(getattr(organization, model_field)), _shown(data[model_field]))
        for column, model_field in ORGANIZATION_COLUMNS.items()
        if _comparable(getattr(organization, model_field)) != _comparable(data[model_field])
    ]
    return PlannedRow(
        line=line,
        action=UPDATE,
        registry_id=data["registry_id"],
        name=data["legal_name"],
        changes=changes,
        data=data,
        organization=organization,
    )


def _comparable(value):
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value.normalize()
    return str(value)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


# Applying -----------------------------------------------------------------------------------


def apply_import(*, cluster: Cluster, plan: ImportPlan, actor: User | None = None) -> ImportSummary:
    """Write the plan in one transaction; a row the services refuse rolls everything back."""
    if not plan.ok:
        raise ImportRejected(plan.errors)
    try:
        with transaction.atomic():
            for row in plan.rows:
                _apply_row(cluster, row, actor)
    except _RowRefused as refusal:
        raise ImportRejected([RowError(refusal.line, tuple(_reasons(refusal.error)))]) from None
    return ImportSummary(created=plan.to_create, updated=plan.to_update, unchanged=plan.unchanged)


def _apply_row(cluster: Cluster, row: PlannedRow, actor: User | None) -> None:
    try:
        if row.action == CREATE:
            organization_create(
                cluster=cluster,
                data=row.data,
                membership_status=row.membership_status,
                status_on=row.member_since,
                actor=actor,
            )
        elif row.changes:
            organization_update(organization=row.organization, data=row.data)
    except ValidationError as error:
        raise _RowRefused(row.line, error) from error


class _RowRefused(Exception):
    def __init__(self, line: int, error: ValidationError):
        super().__init__(line)
        self.line = line
        self.error = error


def _reasons(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    columns = {model_field: column for column, model_field in ORGANIZATION_COLUMNS.items()}
    return [
        f"{columns.get(name, name)}: {message}"
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def import_template_csv() -> bytes:
    """The header row every import file starts with."""
    return (",".join(COLUMNS) + "\r\n").encode("utf-8")
