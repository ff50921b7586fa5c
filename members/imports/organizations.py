"""The organizations sheet: one line per organization, found by its registry id in the
cluster. A line is read by a form built from the Organization model's own fields and
validators; a new organization is created with its membership (``organization_create``), an
existing one updated where the file differs (``organization_update``; an empty cell clears a
value), and its membership never changed. Each written line leaves a ``PlannedRow`` saying
what it does, for the preview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from clusters.forms import Form
from clusters.imports.columns import Column, coded
from clusters.imports.report import CREATE, UNCHANGED, UPDATE
from clusters.imports.rows import Row
from clusters.imports.sheets import SheetImporter, lines_per_value
from clusters.models import Cluster
from members.choices import Helix, MembershipStatus, OrganizationType
from members.models import Organization
from members.services import organization_create, organization_update

SHEET = "organizations"
NEW_MEMBER_STATUSES = (MembershipStatus.APPLIED, MembershipStatus.ACTIVE)

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


# Reading one row ----------------------------------------------------------------------------


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


class OrganizationRowForm(Form):
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

    def clean_member_since(self) -> date | None:
        day = self.cleaned_data["member_since"]
        if day and day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self) -> dict:
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

    def reasons(self) -> list[str]:
        """Every problem as "column: reason" (a problem of the whole row as it is)."""
        reasons: list[str] = []
        for column, messages in self.errors.items():
            for message in messages:
                reason = message if column == "__all__" else f"{column}: {message}"
                if reason not in reasons:
                    reasons.append(reason)
        return reasons

    def organization_data(self) -> dict:
        return {
            model_field: self.cleaned_data[column]
            for column, model_field in ORGANIZATION_COLUMNS.items()
        }


# What a line does ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One value a row changes: ``old`` is empty for a new organization."""

    column: str
    old: str
    new: str


@dataclass
class PlannedRow:
    """What one line does, as the preview and the command show it."""

    line: int
    action: str
    registry_id: str
    name: str
    changes: list[Change]
    data: dict
    organization: Organization | None = None
    membership_status: str = ""
    member_since: date | None = None


# The sheet importer -------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationRow:
    """A line read by its form; ``existing`` is the organization of the cluster it updates."""

    line: int
    form: OrganizationRowForm
    existing: Organization | None


class OrganizationImporter(SheetImporter[OrganizationRow]):
    """Creates an organization (with its membership) or updates one of the cluster, found by
    its registry id; an existing membership is never changed."""

    sheet = SHEET
    columns = (
        Column("registry_id", shown=True),
        Column("legal_name", shown=True),
        Column("short_name"),
        coded("helix", Helix),
        coded("type", OrganizationType),
        Column("employees"),
        Column("turnover"),
        Column("currency"),
        Column("figures_year"),
        Column("country"),
        Column("region"),
        Column("city"),
        Column("sectors"),
        Column("website"),
        coded("membership_status", MembershipStatus),
        Column("member_since"),
    )
    fields = {model_field: column for column, model_field in ORGANIZATION_COLUMNS.items()}
    # Once the sheet is prepared: the cluster's organizations and the lines of each registry id.
    existing: dict[str, Organization]
    lines_of: dict[str, list[int]]

    def __init__(self, *, cluster: Cluster, actor: User | None):
        self.cluster = cluster
        self.actor = actor
        self.planned: list[PlannedRow] = []

    def prepare(self, rows: list[Row]) -> None:
        self.existing = {
            organization.registry_id: organization
            for organization in Organization.objects.filter(cluster=self.cluster)
        }
        self.lines_of = lines_per_value(rows, "registry_id")

    def read(self, row: Row) -> OrganizationRow:
        registry_id = row.cells["registry_id"].strip()
        if len(self.lines_of.get(registry_id, [])) > 1:
            row.problems.append(
                _("registry_id: %(id)s appears more than once in the file (lines %(lines)s).")
                % {"id": registry_id, "lines": ", ".join(map(str, self.lines_of[registry_id]))}
            )
        organization = self.existing.get(registry_id)
        form = OrganizationRowForm(row.cells, existing=organization)
        if not form.is_valid():
            row.problems += [reason for reason in form.reasons() if reason not in row.problems]
        return OrganizationRow(row.line, form, organization)

    def write(self, data: OrganizationRow) -> str:
        fields = data.form.organization_data()
        organization = data.existing
        if organization is None:
            organization_create(
                cluster=self.cluster,
                data=fields,
                membership_status=data.form.cleaned_data["membership_status"],
                status_on=data.form.cleaned_data["member_since"],
                actor=self.actor,
            )
            planned = _planned_new(data, fields)
        else:
            changes = [
                Change(column, _shown(getattr(organization, name)), _shown(fields[name]))
                for column, name in ORGANIZATION_COLUMNS.items()
                if _comparable(getattr(organization, name)) != _comparable(fields[name])
            ]
            if changes:
                organization_update(organization=organization, data=fields)
            planned = PlannedRow(
                line=data.line,
                action=UPDATE if changes else UNCHANGED,
                registry_id=fields["registry_id"],
                name=fields["legal_name"],
                changes=changes,
                data=fields,
                organization=organization,
            )
        self.planned.append(planned)
        return planned.action


def _planned_new(data: OrganizationRow, fields: dict) -> PlannedRow:
    changes = [
        Change(column, "", _shown(fields[name]))
        for column, name in ORGANIZATION_COLUMNS.items()
        if _shown(fields[name])
    ]
    return PlannedRow(
        line=data.line,
        action=CREATE,
        registry_id=fields["registry_id"],
        name=fields["legal_name"],
        changes=changes,
        data=fields,
        membership_status=data.form.cleaned_data["membership_status"],
        member_since=data.form.cleaned_data["member_since"],
    )


def _comparable(value: object) -> object:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value.normalize()
    return str(value)


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


COLUMNS = OrganizationImporter.column_names()
