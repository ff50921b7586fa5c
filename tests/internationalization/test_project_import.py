"""Import of a whole project from a workbook or a directory of CSV files: validated row by row
through the services, atomic, idempotent; by command, in the browser and over the API."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from accounts.models import User
from clusters.imports.report import CREATE, UNCHANGED, UPDATE, ImportReport
from clusters.models import StaffRole
from internationalization.imports.orchestrator import (
    IMPORTERS,
    SHEETS,
    import_project,
    read_csv_directory,
    read_xlsx,
)
from internationalization.models import (
    CoachingSession,
    Consultant,
    ExportLabStep,
    ExportLabTrack,
    Outcome,
    TimbankPool,
    TimbankRequest,
    TimesheetEntry,
    Trip,
    Workshop,
    WorkshopParticipation,
)
from members.models import Membership, Organization
from members.services import organization_create
from projects.choices import PartnerRole
from projects.models import Enrolment, EnrolmentStatusChange, Project
from projects.services import partner_coach_add, project_partner_add
from tests.factories.clusters import ClusterFactory, ClusterRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO_ROOT / "docs" / "samples" / "triip-import"
SAMPLE_XLSX = REPO_ROOT / "docs" / "samples" / "triip-import.xlsx"
README = REPO_ROOT / "README.md"
IMPORT_PAGE = reverse("internationalization:project-import")
IMPORT_API = reverse("api:project-import")
SLUG = "triip-dalarna-pilot"
SILJAN, ORSA, ARVIKA, LEKSAND, BORLANGE, MORA = (f"559410-200{n}" for n in range(1, 7))

# Every table the import writes, with the audit history of those that keep one: "nothing
# written" and "nothing changed" are both checked on all of them.
COUNTED = {
    "projects": Project.objects,
    "project history": Project.history,
    "pools": TimbankPool.objects,
    "pool history": TimbankPool.history,
    "organizations": Organization.objects,
    "organization history": Organization.history,
    "memberships": Membership.objects,
    "enrolments": Enrolment.objects,
    "enrolment history": Enrolment.history,
    "status changes": EnrolmentStatusChange.objects,
    "sessions": CoachingSession.objects,
    "workshops": Workshop.objects,
    "invitations": WorkshopParticipation.objects,
    "timbank requests": TimbankRequest.objects,
    "timbank request history": TimbankRequest.history,
    "timesheet entries": TimesheetEntry.objects,
    "consultants": Consultant.objects,
    "trips": Trip.objects,
    "trip history": Trip.history,
    "tracks": ExportLabTrack.objects,
    "steps": ExportLabStep.objects,
    "outcomes": Outcome.objects,
    "outcome history": Outcome.history,
}


def counts() -> dict[str, int]:
    return {name: manager.count() for name, manager in COUNTED.items()}


NOTHING = dict.fromkeys(COUNTED, 0)


# Personas of the sample's cluster -----------------------------------------------------------


@pytest.fixture
def fpx(db):
    return ClusterFactory(slug="fpx", name="Future Position X")


def staff(cluster, role: str, email: str) -> User:
    return ClusterRoleFactory(cluster=cluster, role=role, user=UserFactory(email=email)).user


@pytest.fixture
def manager(fpx):
    return staff(fpx, StaffRole.MANAGER, "manager.fpx@example.org")


@pytest.fixture
def viewer(fpx):
    return staff(fpx, StaffRole.VIEWER, "viewer.fpx@example.org")


@pytest.fixture(autouse=True)
def coach(fpx):
    """The sample's coach: a coach of fpx."""
    return staff(fpx, StaffRole.COACH, "coach.dalarna@example.com")


# Workbooks ----------------------------------------------------------------------------------


def sample() -> dict[str, list[dict]]:
    """The sample's sheets as rows of {column: text}; line n of a sheet is rows[n - 2]."""
    sheets = {}
    for sheet in SHEETS:
        with open(SAMPLE_DIR / f"{sheet}.csv", newline="", encoding="utf-8") as handle:
            sheets[sheet] = list(csv.DictReader(handle))
    return sheets


def edited(sheet: str, line: int, sheets: dict | None = None, **cells) -> dict:
    sheets = sheets or sample()
    sheets[sheet][line - 2].update(cells)
    return sheets


def write_directory(path: Path, sheets: dict) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for sheet, rows in sheets.items():
        with open(path / f"{sheet}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=SHEETS[sheet])
            writer.writeheader()
            writer.writerows(rows)
    return path


def xlsx_bytes(sheets: dict) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, rows in sheets.items():
        worksheet = workbook.create_sheet(sheet)
        worksheet.append(list(SHEETS[sheet]))
        for row in rows:
            worksheet.append([row.get(column, "") for column in SHEETS[sheet]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def run(tmp_path, manager):
    """Import ``sheets`` (the sample by default) from a CSV directory as the manager."""
    runs = iter(range(100))

    def run_import(sheets: dict | None = None, **options) -> ImportReport:
        directory = write_directory(tmp_path / f"run-{next(runs)}", sheets or sample())
        options.setdefault("actor", manager)
        return import_project(workbook=read_csv_directory(directory), **options)

    return run_import


def errors_of(report: ImportReport) -> dict[tuple[str, int | None], str]:
    return {(error.sheet, error.line): " | ".join(error.messages) for error in report.errors}


def noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


# A good file --------------------------------------------------------------------------------


def test_the_sample_workbook_imports_and_importing_it_again_changes_nothing(manager):
    workbook = read_xlsx(SAMPLE_XLSX.read_bytes(), SAMPLE_XLSX.name)

    report = import_project(workbook=workbook, actor=manager)

    assert report.ok, report.error_lines()
    assert report.written
    after_first = counts()
    assert after_first["projects"] == 1
    assert after_first["enrolments"] == 6
    assert after_first["sessions"] == 9
    assert after_first["invitations"] == 7
    assert after_first["timbank requests"] == 5
    assert after_first["trips"] == 4
    assert after_first["steps"] == 13
    assert after_first["outcomes"] == 7
    assert (report.created, report.updated, report.unchanged) == (52, 0, 0)

    again = import_project(workbook=read_xlsx(SAMPLE_XLSX.read_bytes(), "x.xlsx"), actor=manager)

    assert again.ok, again.error_lines()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 52)
    assert counts() == after_first


def test_the_csv_directory_holds_the_same_data_and_imports_the_same(manager):
    from_xlsx = read_xlsx(SAMPLE_XLSX.read_bytes(), SAMPLE_XLSX.name)
    from_csv = read_csv_directory(SAMPLE_DIR)
    assert from_csv.sheets == from_xlsx.sheets
    assert not from_csv.errors and not from_csv.ignored

    report = import_project(workbook=from_csv, actor=manager)
    assert report.ok, report.error_lines()
    after_first = counts()

    again = import_project(workbook=read_csv_directory(SAMPLE_DIR), actor=manager)
    assert again.unchanged == report.created == 52
    assert counts() == after_first


def test_the_import_records_the_history_the_file_tells(run, fpx, coach):
    assert run().written
    project = Project.objects.get(slug=SLUG)
    assert project.cluster == fpx
    assert project.regions == ["Dalarna", "Värmland"]
    assert project.coaching_hours_default == 20
    assert project.status == "closed"  # its activities ended on 2026-06-30
    enrolment = {
        e.organization.registry_id: e
        for e in Enrolment.objects.filter(project=project).select_related("organization")
    }

    siljan = enrolment[SILJAN]
    assert siljan.status == "completed"
    assert siljan.coach == coach
    assert siljan.coaching_hours_allotted == 20
    # Every step on the day its column says; an undated completion on the last activity.
    assert list(siljan.status_changes.values_list("to_status", "on")) == [
        ("applied", date(2025, 1, 27)),
        ("interviewed", date(2025, 2, 5)),
        ("accepted", date(2025, 2, 12)),
        ("active", date(2025, 2, 24)),
        ("completed", date(2026, 6, 15)),
    ]
    assert (siljan.interviewed_on, siljan.decided_on, siljan.completed_on) == (
        date(2025, 2, 5),
        date(2025, 2, 12),
        date(2026, 6, 15),
    )
    # Arvika's row dates no step: each falls on the day of the application.
    arvika = enrolment[ARVIKA]
    assert list(arvika.status_changes.values_list("to_status", "on")) == [
        ("applied", date(2025, 2, 14)),
        ("interviewed", date(2025, 2, 14)),
        ("accepted", date(2025, 2, 14)),
        ("active", date(2025, 2, 14)),
    ]

    leksand = enrolment[LEKSAND]
    assert (leksand.status, leksand.dropped_on, leksand.dropout_phase, leksand.dropout_reason) == (
        "dropped",
        date(2025, 6, 10),
        "after_workshops",
        "lack_of_time",
    )
    assert leksand.status_changes.last().on == date(2025, 6, 10)
    assert list(enrolment[BORLANGE].status_changes.values_list("to_status", flat=True)) == [
        "applied",
        "interviewed",
        "rejected",
    ]
    assert enrolment[BORLANGE].eligibility_reasons  # 14 employees: kept as the reason
    assert enrolment[MORA].status == "applied"


def test_the_import_records_the_activities_the_file_tells(run, manager):
    assert run().written
    project = Project.objects.get(slug=SLUG)
    siljan = Enrolment.objects.get(project=project, organization__registry_id=SILJAN)
    leksand = Enrolment.objects.get(project=project, organization__registry_id=LEKSAND)

    pool = TimbankPool.objects.get(project=project)
    assert (pool.hours_total, pool.hours_reserved) == (60, 20)
    legal = TimbankRequest.objects.get(enrolment=siljan, service="legal")
    assert (legal.status, legal.hours_approved) == ("approved", 8)
    assert (legal.requested_at, legal.decided_at) == (
        noon(date(2025, 5, 5)),
        noon(date(2025, 5, 26)),
    )
    assert legal.timesheet.get().hours == Decimal("6.5")
    assert TimbankRequest.objects.get(enrolment__organization__registry_id=ARVIKA).status == (
        "rejected"
    )
    assert TimbankRequest.objects.get(service="patent").status == "pending"

    assert Trip.objects.get(enrolment=siljan).status == "done"
    assert Trip.objects.get(enrolment__organization__registry_id=ARVIKA).status == "approved"
    assert Trip.objects.get(enrolment=leksand).status == "rejected"
    track = ExportLabTrack.objects.get(enrolment=siljan)
    assert (track.stage, track.iterations, track.target_market.code) == ("acceleration", 1, "DE")
    first = Workshop.objects.get(date=date(2025, 4, 10))
    attended = dict(
        first.participations.values_list("enrolment__organization__registry_id", "attended")
    )
    assert attended == {SILJAN: True, ORSA: True, ARVIKA: False, LEKSAND: True}
    units = Outcome.objects.get(kind="units_sold")
    assert (units.quantity, units.source, units.recorded_by) == (120, "manager", manager)


def test_a_dry_run_writes_nothing_and_plans_what_the_import_then_does(run):
    plan = run(dry_run=True)

    assert plan.ok and not plan.written
    assert counts() == NOTHING
    done = run()
    assert done.written
    assert [(a.sheet, a.line, a.action) for a in plan.actions] == [
        (a.sheet, a.line, a.action) for a in done.actions
    ]


def test_optional_sheets_may_be_absent(run):
    sheets = sample()
    report = run({"project": sheets["project"], "participants": sheets["participants"]})
    assert report.ok, report.error_lines()
    assert Enrolment.objects.count() == 6
    assert CoachingSession.objects.count() == 0


# Atomicity: one bad row and nothing is written ----------------------------------------------


@pytest.mark.parametrize(
    "sheet, line, cells, reason",
    [
        ("project", 2, {"start": "2025-13-01"}, "start: Enter the date as YYYY-MM-DD"),
        ("participants", 3, {"status": "maybe"}, "status: “maybe” is not one of"),
        ("coaching", 4, {"hours": "0.3"}, "hours: Hours go in steps of a quarter hour"),
        ("workshops", 5, {"attended": "perhaps"}, "attended: Answer yes or no"),
        (
            "timbank",
            3,
            {"hours_requested": "-2"},
            "hours_requested: The hours must be more than zero",
        ),
        ("trips", 4, {"status": "cancelled"}, "status: “cancelled” is not one of"),
        ("export_lab", 5, {"stage": "launch"}, "stage: “launch” is not one of"),
        ("outcomes", 3, {"kind": "award"}, "kind: “award” is not one of"),
    ],
)
def test_one_bad_row_in_any_sheet_writes_nothing(run, sheet, line, cells, reason):
    report = run(edited(sheet, line, **cells))

    assert not report.written
    assert list(errors_of(report)) == [(sheet, line)]
    assert reason in errors_of(report)[(sheet, line)]
    assert counts() == NOTHING


def test_every_bad_row_is_listed_with_its_sheet_and_line(run):
    sheets = edited("coaching", 3, hours="-1")
    edited("workshops", 2, sheets, attended="maybe")
    edited("timbank", 4, sheets, service="astrology")
    edited("outcomes", 8, sheets, date="14 May 2025")

    report = run(sheets)

    assert set(errors_of(report)) == {
        ("coaching", 3),
        ("workshops", 2),
        ("timbank", 4),
        ("outcomes", 8),
    }
    assert "coaching:3: hours: The hours must be more than zero." in report.error_lines()
    assert counts() == NOTHING


def test_a_row_a_service_refuses_late_rolls_back_every_row_before_it(run):
    # The last outcome lies in the future: everything before it went through the services
    # in the same transaction, and is undone.
    report = run(edited("outcomes", 8, date="2099-01-01"))

    assert errors_of(report) == {("outcomes", 8): "date: An outcome cannot lie in the future."}
    assert counts() == NOTHING


# The rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hours, reason",
    [
        ("-1", "The hours must be more than zero."),
        ("0", "The hours must be more than zero."),
        ("0.3", "Hours go in steps of a quarter hour"),
        ("two", "Enter a number"),
    ],
)
def test_coaching_hours_are_positive_quarter_hours(run, hours, reason):
    report = run(edited("coaching", 2, hours=hours))
    assert reason in errors_of(report)[("coaching", 2)]


def test_coaching_never_passes_the_allotment(run):
    sheets = sample()
    sheets["coaching"].append(
        {"registry_id": ORSA, "date": "2025-06-03", "hours": "15", "topic": "Everything else"}
    )
    report = run(sheets)
    assert "Only 14.50 of the 20.00 coaching hours are left" in errors_of(report)[("coaching", 11)]


def test_timbank_approvals_never_pass_the_pool(run):
    report = run(edited("project", 2, timbank_pool_hours="12"))
    # 8 h approved first, then 6 h: only 4 h are left in the pool of 12.
    assert (
        "hours_approved: Only 4.00 h of the pool's 12.00 h are left"
        in errors_of(report)[("timbank", 3)]
    )
    assert counts() == NOTHING


@pytest.mark.parametrize(
    "cells, reason",
    [
        ({"hours_approved": "7.1"}, "hours_approved: Hours go in steps of a quarter hour"),
        ({"hours_approved": "12"}, "hours_approved: The firm asked for 10.00 h"),
        ({"hours_used": "9"}, "hours_used: Only 8.00 h of the 8.00 h approved are left"),
        ({"decided_on": ""}, "decided_on: Say when the request was decided"),
        ({"decided_on": "2025-05-01"}, "decided_on: A request cannot be decided before"),
    ],
)
def test_timbank_rows_follow_the_timbank_rules(run, cells, reason):
    report = run(edited("timbank", 2, **cells))
    assert reason in errors_of(report)[("timbank", 2)]


def test_an_application_outside_the_enrolment_window_is_refused(run):
    report = run(edited("participants", 7, applied_on="2025-07-15"))
    assert (
        "applied_on: Applications are taken from 2025-01-15 to 2025-06-30."
        in errors_of(report)[("participants", 7)]
    )


@pytest.mark.parametrize(
    "sheet, line, cells, reason",
    [
        ("coaching", 2, {"date": "2026-08-01"}, "date: The date must lie within the project"),
        ("workshops", 2, {"date": "2024-12-01"}, "date: The date must lie within the project"),
        (
            "trips",
            3,
            {"start_date": "2026-07-02", "end_date": "2026-07-03"},
            "start_date: The date must lie within the project's activities",
        ),
        ("export_lab", 2, {"entered_on": "2024-12-01"}, "entered_on: The date must lie"),
    ],
)
def test_activities_lie_within_the_project_activities(run, sheet, line, cells, reason):
    sheets = edited(sheet, line, **cells)
    if sheet == "workshops":  # the workshop's other rows say the same day
        for row in sheets["workshops"][:4]:
            row["date"] = cells["date"]
    report = run(sheets)
    assert reason in errors_of(report)[(sheet, line)]


def test_a_firm_not_in_the_participants_sheet_is_refused_in_every_sheet(run):
    sheets = sample()
    stranger = "559999-0000"
    for sheet in ("coaching", "workshops", "timbank", "trips", "export_lab", "outcomes"):
        sheets[sheet][0]["registry_id"] = stranger
    report = run(sheets)
    refused = errors_of(report)
    for sheet in ("coaching", "workshops", "timbank", "trips", "export_lab", "outcomes"):
        assert refused[(sheet, 2)] == "registry_id: 559999-0000 is not in the participants sheet."


@pytest.mark.parametrize("registry_id, status", [(MORA, "applied"), (BORLANGE, "rejected")])
def test_a_session_for_a_firm_that_is_not_accepted_is_refused(run, registry_id, status):
    report = run(edited("coaching", 2, registry_id=registry_id))
    assert (
        f"is not enrolled in the activities of TRIIP Dalarna pilot (the enrolment is {status})"
        in (errors_of(report)[("coaching", 2)])
    )


def test_an_export_lab_track_does_not_skip_stages(run):
    report = run(edited("export_lab", 4, stage="pilot_launch"))
    # The firm's later steps follow from the refused one: only it is reported.
    assert errors_of(report) == {
        ("export_lab", 4): "stage: A track moves one stage at a time: after market analysis "
        "comes international incubation; it cannot skip to pilot launch."
    }


def test_an_export_lab_track_starts_at_market_choice(run):
    report = run(edited("export_lab", 11, stage="market_analysis", entered_on="2025-03-12"))
    assert "starts at market choice" in errors_of(report)[("export_lab", 11)]


@pytest.mark.parametrize(
    "sheet, column, value",
    [
        ("participants", "status", "interviewed"),
        ("participants", "dropped_phase", "bored"),
        ("timbank", "service", "astrology"),
        ("trips", "status", "cancelled"),
        ("export_lab", "stage", "launch"),
        ("outcomes", "kind", "award"),
    ],
)
def test_unknown_values_of_a_list_are_refused(run, sheet, column, value):
    line = 5 if sheet == "participants" else 2  # participants:5 is the dropped firm
    report = run(edited(sheet, line, **{column: value}))
    assert f"{column}: “{value}” is not one of" in errors_of(report)[(sheet, line)]


def test_values_of_a_list_may_be_written_as_their_labels(run):
    sheets = edited("export_lab", 3, stage="Market analysis")
    edited("participants", 5, sheets, dropped_phase="After the workshops", status="Dropped out")
    assert run(sheets).ok


@pytest.mark.parametrize("email", ["viewer.fpx@example.org", "nobody@example.org"])
def test_the_coach_must_be_a_coach_of_the_cluster(run, viewer, email):
    report = run(edited("participants", 2, coach_email=email))
    assert errors_of(report)[("participants", 2)] == (
        f"coach_email: {email} is not a coach of the cluster fpx."
    )


def test_a_firm_appears_once_in_the_participants_sheet(run):
    sheets = sample()
    sheets["participants"].append(dict(sheets["participants"][1]))
    report = run(sheets)
    refused = errors_of(report)
    assert (
        "559410-2002 appears more than once in the sheet (lines 3, 8)"
        in refused[("participants", 3)]
    )
    assert ("participants", 8) in refused


def test_a_firm_accepted_though_not_eligible_is_refused_with_the_reasons(run):
    report = run(edited("participants", 3, employees="25"))
    reason = errors_of(report)[("participants", 3)]
    assert "status: The firm is not eligible" in reason
    assert "The firm has 25 employees; the project allows at most 9." in reason


def test_dropout_columns_belong_to_dropped_firms(run):
    sheets = edited("participants", 5, dropped_on="")
    edited("participants", 2, sheets, dropped_reason="other")
    refused = errors_of(run(sheets))
    assert refused[("participants", 5)] == "dropped_on: Say when the firm dropped out."
    assert "dropped_reason: Only a firm whose status is dropped" in refused[("participants", 2)]


def test_the_columns_of_a_new_firm_are_checked(run):
    sheets = edited("participants", 2, employees="many")
    edited("participants", 3, sheets, organization_name="")
    refused = errors_of(run(sheets))
    assert refused[("participants", 2)] == "employees: Enter a number, not “many”."
    assert refused[("participants", 3)] == "organization_name: This field cannot be blank."


def test_a_firm_already_in_the_cluster_is_enrolled_as_it_is(run, fpx):
    known = Organization.objects.create(
        cluster=fpx,
        registry_id=ORSA,
        legal_name="Orsa Bryggeri Aktiebolag",
        region="Dalarna",
        employees=5,
        turnover=Decimal("800000"),
    )
    report = run(edited("participants", 3, organization_name="Another name", employees="1"))
    assert report.ok, report.error_lines()
    known.refresh_from_db()
    assert (known.legal_name, known.employees) == ("Orsa Bryggeri Aktiebolag", 5)
    assert Enrolment.objects.get(organization=known).status == "active"


def test_the_cluster_must_exist(run):
    report = run(edited("project", 2, cluster="nowhere"))
    assert errors_of(report) == {("project", 2): "cluster: There is no cluster “nowhere”."}


def test_an_import_into_a_cluster_takes_only_files_of_that_cluster(run, cluster_a, admin_a):
    report = run(actor=admin_a, cluster=cluster_a)
    assert "cluster: The file is for the cluster “fpx”" in errors_of(report)[("project", 2)]
    assert counts() == NOTHING


def test_the_importer_refuses_a_user_who_does_not_manage_the_cluster(run, viewer):
    with pytest.raises(PermissionDenied, match="Only the cluster's administrators and managers"):
        run(actor=viewer)
    assert counts() == NOTHING


def test_required_sheets_and_columns_are_checked(run, tmp_path, manager):
    sheets = sample()
    del sheets["participants"]
    assert errors_of(run(sheets)) == {
        ("participants", None): "The sheet is missing or has no rows."
    }

    sheets = sample()
    sheets["project"] = []
    assert errors_of(run(sheets)) == {("project", None): "The sheet is missing or has no rows."}

    directory = write_directory(tmp_path / "columns", sample())
    (directory / "trips.csv").write_text("registry_id,country,city\n559410-2001,DE,Berlin\n")
    report = import_project(workbook=read_csv_directory(directory), actor=manager)
    assert (
        "Columns missing from the first line: event, start_date"
        in errors_of(report)[("trips", None)]
    )
    assert counts() == NOTHING


# Importing again ----------------------------------------------------------------------------


def test_importing_again_takes_records_further_through_the_services(run):
    first = edited("participants", 4, status="accepted")
    edited("timbank", 6, first, hours_requested="5")
    assert run(first).written

    later = edited("timbank", 6, hours_approved="5", decided_on="2026-05-20")
    report = run(later)

    assert report.written, report.error_lines()
    actions = {(a.sheet, a.line): a.action for a in report.actions}
    assert actions[("participants", 4)] == UPDATE
    assert actions[("timbank", 6)] == UPDATE
    assert actions[("participants", 2)] == UNCHANGED
    arvika = Enrolment.objects.get(organization__registry_id=ARVIKA)
    assert arvika.status == "active"
    assert arvika.status_changes.last().on == date(2025, 2, 14)
    patent = TimbankRequest.objects.get(service="patent")
    assert (patent.status, patent.decided_at) == ("approved", noon(date(2026, 5, 20)))
    assert TimbankPool.objects.get().hours_reserved == 25


def test_a_file_that_contradicts_what_is_recorded_is_refused(run):
    assert run().written
    recorded = counts()

    sheets = edited("coaching", 6, hours="2.5")
    edited("participants", 2, sheets, status="active")
    report = run(sheets)

    refused = errors_of(report)
    assert "The file differs from what is recorded (3.00 hours)" in refused[("coaching", 6)]
    assert refused[("participants", 2)] == (
        "status: The enrolment is already completed; it cannot become active."
    )
    assert counts() == recorded


def test_a_new_row_of_the_file_is_added_on_the_next_import(run):
    assert run().written
    sheets = sample()
    sheets["outcomes"].append(
        {
            "registry_id": ORSA,
            "kind": "new_customer",
            "date": "2026-03-03",
            "country": "NO",
            "quantity": "1",
        }
    )
    report = run(sheets)
    assert (report.created, report.unchanged) == (1, 52)
    assert Outcome.objects.filter(kind="new_customer").count() == 1


# History: dated steps, participants without coaches ----------------------------------------

STEP_DATES = ("interviewed_on", "decided_on", "activated_on", "completed_on")
ORDER = (
    "the steps go applied_on ≤ interviewed_on ≤ decided_on ≤ activated_on ≤ completed_on or "
    "dropped_on."
)


def without_coaches(sheets: dict | None = None) -> dict:
    """Historical participants: nobody recorded their coaches."""
    sheets = sheets or sample()
    for row in sheets["participants"]:
        row["coach_email"] = ""
    return sheets


def history(registry_id: str) -> list[tuple[str, date]]:
    enrolment = Enrolment.objects.get(organization__registry_id=registry_id)
    return list(enrolment.status_changes.values_list("to_status", "on"))


def test_historical_participants_without_coaches_import_with_warnings_and_again_change_nothing(
    run, manager
):
    report = run(without_coaches())

    assert report.ok and report.written, report.error_lines()
    accepted = Enrolment.objects.filter(status__in=("active", "completed", "dropped"))
    assert accepted.count() == 4
    assert not accepted.filter(coach__isnull=False).exists()
    # Every firm accepted without a coach, and every session such a firm had, is a warning.
    assert {(w.sheet, w.line) for w in report.warnings} == {
        *(("participants", line) for line in (2, 3, 4, 5)),
        *(("coaching", line) for line in range(2, 11)),
    }
    assert (
        "participants:2: coach_email: No coach is named and no partner supplies one for the "
        "firm's region: the firm is recorded as accepted without a coach; assign one on its "
        "enrolment page."
    ) in report.warning_lines()
    assert (
        "coaching:2: registry_id: The firm has no coach: the session is logged under "
        "manager.fpx@example.org, who imports the file."
    ) in report.warning_lines()
    assert set(CoachingSession.objects.values_list("coach", flat=True)) == {manager.pk}
    # History imported counts as confirmed: nobody is asked to confirm it (issue 10).
    assert set(CoachingSession.objects.values_list("logged_by_side", "status")) == {
        ("import", "confirmed")
    }
    assert Enrolment.objects.get(organization__registry_id=SILJAN).status == "completed"
    recorded = counts()

    again = run(without_coaches())

    assert again.ok and again.written, again.error_lines()
    assert (again.created, again.updated, again.unchanged) == (0, 0, report.created)
    assert counts() == recorded
    # The firms still have no coach; the sessions are logged already.
    assert {(w.sheet, w.line) for w in again.warnings} == {
        ("participants", line) for line in (2, 3, 4, 5)
    }


def test_a_participant_the_file_names_no_coach_for_gets_one_a_partner_supplies(run, fpx, coach):
    sheets = sample()
    mora_only = {"project": sheets["project"], "participants": sheets["participants"][5:]}
    assert run(mora_only).written
    project = Project.objects.get(slug=SLUG)
    incubator = Organization.objects.create(
        cluster=fpx, registry_id="556000-0001", legal_name="Värmland Science Park"
    )
    partner = project_partner_add(
        project=project, organization=incubator, role=PartnerRole.OPERATIONAL
    )
    partner_coach_add(partner=partner, coach=coach, regions=["Värmland"])

    report = run()  # Arvika, of Värmland, has no coach_email in the sample

    assert report.ok, report.error_lines()
    assert Enrolment.objects.get(organization__registry_id=ARVIKA).coach == coach
    assert report.warnings == []


def test_the_sample_warns_about_its_firm_without_a_coach(run, manager):
    report = run()
    assert report.ok and report.written
    assert [(w.sheet, w.line) for w in report.warnings] == [
        ("participants", 4),
        ("coaching", 8),
        ("coaching", 9),
    ]
    assert Enrolment.objects.get(organization__registry_id=ARVIKA).coach is None


def test_a_firm_the_import_creates_is_a_participant_not_a_membership_applicant(run, fpx):
    member = organization_create(
        cluster=fpx,
        data={"registry_id": "556000-0002", "legal_name": "Falu Gruvteknik AB"},
        membership_status="active",
        status_on=date(2020, 1, 1),
    )

    assert run().written

    assert Organization.objects.filter(cluster=fpx).count() == 7
    assert list(Membership.objects.values_list("organization", flat=True)) == [member.pk]


def test_each_step_lands_on_its_day_and_an_undated_step_on_the_day_of_the_one_before(run):
    sheets = edited("participants", 2, completed_on="2026-06-20")
    edited("participants", 3, sheets, interviewed_on="", decided_on="2025-02-20", activated_on="")

    assert run(sheets).written

    assert history(SILJAN) == [
        ("applied", date(2025, 1, 27)),
        ("interviewed", date(2025, 2, 5)),
        ("accepted", date(2025, 2, 12)),
        ("active", date(2025, 2, 24)),
        ("completed", date(2026, 6, 20)),
    ]
    assert Enrolment.objects.get(organization__registry_id=SILJAN).completed_on == date(2026, 6, 20)
    assert history(ORSA) == [
        ("applied", date(2025, 2, 3)),
        ("interviewed", date(2025, 2, 3)),
        ("accepted", date(2025, 2, 20)),
        ("active", date(2025, 2, 20)),
    ]
    assert history(LEKSAND)[1:] == [
        ("interviewed", date(2025, 2, 25)),
        ("accepted", date(2025, 3, 3)),
        ("active", date(2025, 3, 10)),
        ("dropped", date(2025, 6, 10)),
    ]
    assert history(BORLANGE)[1:] == [
        ("interviewed", date(2025, 3, 12)),
        ("rejected", date(2025, 3, 19)),
    ]


@pytest.mark.parametrize(
    "line, cells, previous",
    [
        (2, {"interviewed_on": "2025-01-20"}, "applied_on (2025-01-27)"),
        (2, {"decided_on": "2025-02-01"}, "interviewed_on (2025-02-05)"),
        (2, {"activated_on": "2025-02-10"}, "decided_on (2025-02-12)"),
        (2, {"completed_on": "2025-02-20"}, "activated_on (2025-02-24)"),
        (5, {"dropped_on": "2025-03-05"}, "activated_on (2025-03-10)"),
        (6, {"decided_on": "2025-03-10"}, "interviewed_on (2025-03-12)"),
        (4, {"decided_on": "2025-02-10"}, "applied_on (2025-02-14)"),  # undated interview
    ],
)
def test_steps_dated_out_of_order_are_refused_naming_the_columns(run, line, cells, previous):
    ((column, day),) = cells.items()

    report = run(edited("participants", line, **cells))

    assert errors_of(report) == {
        ("participants", line): f"{column}: {day} is earlier than {previous}: {ORDER}"
    }
    assert counts() == NOTHING


@pytest.mark.parametrize(
    "line, cells, column, status",
    [
        (3, {"status": "accepted"}, "activated_on", "accepted"),
        (6, {"activated_on": "2025-03-20"}, "activated_on", "rejected"),
        (7, {"interviewed_on": "2025-06-24"}, "interviewed_on", "applied"),
        (4, {"completed_on": "2026-01-01"}, "completed_on", "active"),
        (
            5,
            {"dropped_phase": "intake", "interviewed_on": "", "decided_on": ""},
            "activated_on",
            "dropped during intake",
        ),
    ],
)
def test_a_date_for_a_step_the_firm_did_not_take_is_refused(run, line, cells, column, status):
    report = run(edited("participants", line, **cells))
    assert errors_of(report) == {
        ("participants", line): (
            f"{column}: A firm whose status is {status} did not take this step: leave it empty."
        )
    }


@pytest.mark.parametrize(
    "cells, reason",
    [
        ({"activated_on": "2099-01-01"}, "activated_on: A step cannot be dated in the future."),
        (
            {"interviewed_on": "2099-01-01"},
            "interviewed_on: An interview cannot be recorded before it is held.",
        ),
    ],
)
def test_a_step_dated_in_the_future_is_refused_by_its_service(run, cells, reason):
    report = run(edited("participants", 4, **cells))
    assert errors_of(report) == {("participants", 4): reason}
    assert counts() == NOTHING


def test_a_file_that_dates_a_recorded_step_otherwise_is_refused(run):
    assert run().written
    recorded = counts()

    report = run(edited("participants", 2, interviewed_on="2025-02-06"))

    assert errors_of(report) == {
        ("participants", 2): "The file differs from what is recorded (interviewed_on "
        "2025-02-05): the import adds and advances records, it does not change them."
    }
    assert counts() == recorded


def test_a_participants_sheet_made_before_the_step_dates_still_imports(tmp_path, manager):
    directory = write_directory(tmp_path / "old", sample())
    old_columns = [column for column in SHEETS["participants"] if column not in STEP_DATES]
    with open(directory / "participants.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=old_columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(sample()["participants"])
    workbook = read_csv_directory(directory)
    assert not workbook.errors and not workbook.ignored

    report = import_project(workbook=workbook, actor=manager)

    assert report.ok and report.written, report.error_lines()
    applied = date(2025, 1, 27)
    assert history(SILJAN) == [
        ("applied", applied),
        ("interviewed", applied),
        ("accepted", applied),
        ("active", applied),
        ("completed", date(2026, 6, 15)),
    ]


# Coded columns: every error and the README list the accepted values ---------------------------

CODED = [
    (importer.sheet, column)
    for importer in IMPORTERS
    for column in importer.columns
    if column.values
]


def test_an_unknown_status_lists_the_accepted_statuses(run):
    report = run(edited("participants", 2, status="finished"))
    assert errors_of(report) == {
        ("participants", 2): "status: “finished” is not one of applied, accepted, rejected, "
        "active, completed, dropped."
    }


@pytest.mark.parametrize(
    "sheet, column", CODED, ids=[f"{sheet}.{column.name}" for sheet, column in CODED]
)
def test_an_unknown_value_of_any_coded_column_lists_the_accepted_values(run, sheet, column):
    line = 5 if sheet == "participants" else 2  # participants:5 is the dropped firm

    report = run(edited(sheet, line, **{column.name: "zzz"}))

    accepted = ", ".join(column.values)
    assert f"{column.name}: “zzz” is not one of {accepted}." in errors_of(report)[(sheet, line)]


def test_the_readme_lists_every_value_of_every_coded_column():
    listed = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\| `(\w+)\.(\w+)` \| (.+) \|", line)
        if match and match[1] in SHEETS:
            listed[(match[1], match[2])] = re.findall(r"`([^`]+)`", match[3])
    assert listed == {(sheet, column.name): list(column.values) for sheet, column in CODED}


# The command --------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root@example.org", "a-long-test-password")


def test_command_dry_run_prints_the_plan_and_writes_nothing(superuser):
    out = io.StringIO()
    call_command("import_project", str(SAMPLE_DIR), dry_run=True, stdout=out)
    output = out.getvalue()
    assert "project:2: create triip-dalarna-pilot · TRIIP Dalarna pilot" in output
    assert "participants:2: create 559410-2001 · Siljan Linne AB · completed" in output
    assert "coaching: 9 to create, 0 to update, 0 unchanged" in output
    assert "Dry run: nothing was written." in output
    assert counts() == NOTHING


def test_command_prints_the_warnings(superuser):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_project", str(SAMPLE_DIR), stdout=out, stderr=err)
    assert "warning: participants:4: coach_email: No coach is named" in err.getvalue()
    assert (
        "warning: coaching:8: registry_id: The firm has no coach: the session is logged under "
        "root@example.org" in err.getvalue()
    )
    assert "52 created, 0 updated, 0 unchanged." in out.getvalue()


def test_command_imports_a_workbook_and_again_changes_nothing(manager):
    out = io.StringIO()
    call_command("import_project", str(SAMPLE_XLSX), user=manager.email, stdout=out)
    assert "Imported triip-dalarna-pilot into fpx: 52 created, 0 updated, 0 unchanged." in (
        out.getvalue()
    )
    recorded = counts()
    call_command("import_project", str(SAMPLE_XLSX), user=manager.email, stdout=out)
    assert "0 created, 0 updated, 52 unchanged." in out.getvalue()
    assert counts() == recorded


@pytest.fixture
def run_from_argv(monkeypatch):
    """The command as ``manage.py`` runs it; its exit status. (It would close the database
    connections when done, the test's own too: they are left open.)"""
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*args: str) -> int:
        command = load_command_class("internationalization", "import_project")
        try:
            command.run_from_argv(["manage.py", "import_project", *args])
        except SystemExit as exit:
            return exit.code
        return 0

    return run


def test_command_lists_every_error_and_exits_1_when_nothing_was_written(
    tmp_path, superuser, capsys, run_from_argv
):
    sheets = edited("coaching", 4, hours="0.3")
    edited("outcomes", 3, sheets, kind="award")
    directory = write_directory(tmp_path / "bad", sheets)

    assert run_from_argv(str(directory)) == 1

    err = capsys.readouterr().err
    assert "coaching:4: hours: Hours go in steps of a quarter hour" in err
    assert "outcomes:3: kind: “award” is not one of" in err
    assert "Nothing was written" in err
    assert counts() == NOTHING


def test_command_exits_0_when_the_import_went_through(superuser, run_from_argv):
    assert run_from_argv(str(SAMPLE_DIR)) == 0
    assert Project.objects.filter(slug=SLUG).exists()


def test_command_refuses_an_account_that_does_not_manage_the_cluster(viewer):
    with pytest.raises(CommandError, match="may not import into this cluster"):
        call_command("import_project", str(SAMPLE_DIR), user=viewer.email)
    assert counts() == NOTHING


def test_command_without_user_needs_a_superuser(fpx):
    with pytest.raises(CommandError, match="no superuser"):
        call_command("import_project", str(SAMPLE_DIR))


def test_command_refuses_a_missing_file(superuser):
    with pytest.raises(CommandError, match="No such file or directory"):
        call_command("import_project", "/nonexistent/project.xlsx")


# The browser page ---------------------------------------------------------------------------


def upload(client, content: bytes, name: str = "triip-import.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(IMPORT_PAGE, {"file": file})


def test_the_page_explains_the_sheets(client_for, manager, django_assert_max_num_queries):
    client = client_for(manager)
    # Session, user, the user's cluster roles (current cluster), the roles for the menu.
    with django_assert_max_num_queries(8):
        response = client.get(IMPORT_PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    for sheet in SHEETS:
        assert f"<code>{sheet}</code>" in page


def test_upload_preview_confirm_imports_the_workbook(client_for, manager):
    client = client_for(manager)

    preview = upload(client, SAMPLE_XLSX.read_bytes())

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Preview of triip-import.xlsx" in page
    assert "Confirm import" in page
    assert "No coach is named and no partner supplies one" in page  # the sample's Arvika
    assert counts() == NOTHING
    digest = preview.context["digest"]

    confirmed = client.post(IMPORT_PAGE, {"action": "confirm", "digest": digest})

    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("projects:project-detail", kwargs={"slug": SLUG})
    assert Enrolment.objects.filter(project__slug=SLUG).count() == 6
    landing = client.get(confirmed["Location"]).content.decode()
    assert "Imported with warnings: participants:4: coach_email: No coach is named" in landing


def test_confirming_without_the_checked_workbook_writes_nothing(client_for, manager):
    client = client_for(manager)
    upload(client, SAMPLE_XLSX.read_bytes())
    response = client.post(IMPORT_PAGE, {"action": "confirm", "digest": "0" * 64})
    assert response.status_code == 302
    assert response["Location"] == IMPORT_PAGE
    assert counts() == NOTHING


def test_a_bad_workbook_shows_every_bad_row_and_offers_no_confirmation(client_for, manager):
    sheets = edited("coaching", 4, hours="0.3")
    edited("trips", 3, sheets, status="cancelled")

    response = upload(client_for(manager), xlsx_bytes(sheets))

    page = response.content.decode()
    assert "triip-import.xlsx cannot be imported" in page
    assert "Hours go in steps of a quarter hour" in page
    assert "“cancelled” is not one of" in page
    assert "Confirm import" not in page
    assert [(e.sheet, e.line) for e in response.context["report"].errors] == [
        ("coaching", 4),
        ("trips", 3),
    ]


def test_the_page_takes_only_xlsx_workbooks(client_for, manager):
    response = upload(client_for(manager), b"registry_id\n", "participants.csv")
    assert "is not an XLSX workbook" in response.content.decode()


def test_a_file_that_is_no_workbook_gets_one_clear_error_at_the_file_field(client_for, manager):
    response = upload(client_for(manager), b"this is not a zip archive")
    [error] = response.context["form"].errors["file"]
    assert error.startswith("This is not a readable XLSX file: its content is not a zip archive")
    assert "Confirm import" not in response.content.decode()


def test_a_workbook_of_another_cluster_is_refused(client_for, admin_a):
    response = upload(client_for(admin_a), SAMPLE_XLSX.read_bytes())
    assert "The file is for the cluster “fpx”" in response.content.decode()
    assert counts() == NOTHING


def test_a_viewer_cannot_import_in_the_browser(client_for, viewer):
    client = client_for(viewer)
    assert client.get(IMPORT_PAGE).status_code == 403
    assert upload(client, SAMPLE_XLSX.read_bytes()).status_code == 403
    assert counts() == NOTHING


def test_the_empty_workbook_has_every_sheet_and_column(client_for, manager):
    response = client_for(manager).get(reverse("internationalization:project-import-template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == list(SHEETS)
    first_rows = {name: next(workbook[name].iter_rows(values_only=True)) for name in SHEETS}
    assert first_rows == {name: columns for name, columns in SHEETS.items()}


# The API ------------------------------------------------------------------------------------


def post_api(client, content: bytes, name: str = "triip-import.xlsx", **fields):
    file = io.BytesIO(content)
    file.name = name
    return client.post(IMPORT_API, {"file": file, **fields}, HTTP_ACCEPT="application/json")


def test_api_dry_run_answers_the_plan_and_writes_nothing(client_for, manager):
    response = post_api(client_for(manager), SAMPLE_XLSX.read_bytes(), dry_run="true")

    assert response.status_code == 200
    body = response.json()
    assert (body["project"], body["cluster"], body["dry_run"], body["written"]) == (
        SLUG,
        "fpx",
        True,
        False,
    )
    assert {"sheet": "coaching", "created": 9, "updated": 0, "unchanged": 0} in body["sheets"]
    assert [(w["sheet"], w["line"]) for w in body["warnings"]] == [
        ("participants", 4),
        ("coaching", 8),
        ("coaching", 9),
    ]
    assert body["warnings"][0]["warning"].startswith("coach_email: No coach is named")
    assert body["rows"][0] == {
        "sheet": "project",
        "line": 2,
        "action": CREATE,
        "summary": "triip-dalarna-pilot · TRIIP Dalarna pilot",
    }
    assert counts() == NOTHING


def test_api_imports_the_workbook(client_for, manager):
    response = post_api(client_for(manager), SAMPLE_XLSX.read_bytes())
    assert response.status_code == 200
    assert response.json()["written"] is True
    assert response.json()["created"] == 52
    assert Project.objects.filter(slug=SLUG).exists()


def test_api_answers_400_with_every_bad_row(client_for, manager):
    sheets = edited("coaching", 4, hours="0.3")
    edited("outcomes", 3, sheets, kind="award")

    response = post_api(client_for(manager), xlsx_bytes(sheets))

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["sheet"], e["line"]) for e in errors] == [("coaching", 4), ("outcomes", 3)]
    assert errors[0]["reason"].startswith("hours: Hours go in steps of a quarter hour")
    assert counts() == NOTHING


def test_api_refuses_what_is_not_a_workbook(client_for, manager):
    response = post_api(client_for(manager), b"not a workbook", "project.csv")
    assert response.status_code == 400
    assert "file" in response.json()


def test_api_answers_400_for_a_workbook_it_cannot_read(client_for, manager):
    response = post_api(client_for(manager), b"this is not a zip archive")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["sheet"], error["line"]) == ("", None)
    assert error["reason"].startswith("This is not a readable XLSX file: its content is not a zip")


def test_api_a_viewer_of_the_cluster_gets_403(client_for, viewer):
    response = post_api(client_for(viewer), SAMPLE_XLSX.read_bytes())
    assert response.status_code == 403
    assert "administrators and managers" in response.json()["detail"]
    assert counts() == NOTHING


def test_api_a_cluster_the_caller_cannot_see_answers_404(client_for, manager_b):
    response = post_api(client_for(manager_b), SAMPLE_XLSX.read_bytes())
    assert response.status_code == 404
    assert counts() == NOTHING


def test_an_approved_trip_still_to_come_is_decided_today_not_at_its_start(run):
    """The file tells no day of the decision; a trip's start is used, but a decision is never
    dated in the future, so a trip still to come is dated today."""
    today = timezone.localdate()
    start, end = today + timedelta(days=20), today + timedelta(days=23)
    sheets = edited("project", 2, end=(today + timedelta(days=365)).isoformat())
    edited("trips", 4, sheets, start_date=start.isoformat(), end_date=end.isoformat())

    report = run(sheets)

    assert report.ok, report.error_lines()
    trip = Trip.objects.get(enrolment__organization__registry_id=ARVIKA)
    assert trip.status == "approved"
    assert trip.requested_at == trip.decided_at == noon(today)
