"""Import of organizations: validated row by row, atomic, planned, in the browser and by command."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from clusters.imports.report import CREATE, UPDATE
from members.choices import MembershipStatus, SizeClass
from members.imports import organizations as importers
from members.imports.organizations import COLUMNS
from members.imports.plan import ImportRejected, apply_import, plan_import
from members.models import Membership, MembershipTransition, Organization
from members.services import organization_create

pytestmark = pytest.mark.django_db

REPO_ROOT = Path(__file__).resolve().parents[2]
IMPORT = reverse("members:import")

GOOD = {
    "registry_id": "559318-2045",
    "legal_name": "Bergslagens Geodata AB",
    "short_name": "Bergslagens Geodata",
    "helix": "industry",
    "type": "startup",
    "employees": "4",
    "turnover": "2100000",
    "currency": "SEK",
    "figures_year": "2025",
    "country": "SE",
    "region": "Dalarna",
    "city": "Borlänge",
    "sectors": "J62.01, M71.12",
    "website": "https://bergslagensgeodata.example",
    "membership_status": "active",
    "member_since": "2025-09-01",
}


def row(**changes) -> dict:
    return {**GOOD, **changes}


def csv_bytes(*rows: dict, columns=COLUMNS, delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(columns)
    for values in rows:
        writer.writerow(values.get(column, "") for column in columns)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(*rows: list) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def sealing(cluster_a):
    """An applied member already in cluster A, which a file can update."""
    return organization_create(
        cluster=cluster_a,
        data={
            "legal_name": "Gävle Sealing Technology AB",
            "short_name": "Gävle Sealing",
            "registry_id": "556677-1234",
            "org_type": "micro_firm",
            "employees": 8,
            "turnover": Decimal("14500000"),
            "currency": "SEK",
            "figures_year": 2024,
            "sectors": "C22.19",
            "region": "Gävleborg",
            "city": "Gävle",
        },
        membership_status=MembershipStatus.APPLIED,
        status_on=date(2015, 3, 1),
    )


def sealing_row(**changes) -> dict:
    values = dict(
        registry_id="556677-1234",
        legal_name="Gävle Sealing Technology AB",
        short_name="Gävle Sealing",
        type="micro_firm",
        employees="9",
        turnover="15200000",
        figures_year="2025",
        region="Gävleborg",
        city="Gävle",
        sectors="C22.19",
        website="",
        membership_status="active",
        member_since="2015-03-01",
    )
    return row(**{**values, **changes})


def errors_by_line(plan) -> dict:
    return {error.line: " | ".join(error.messages) for error in plan.errors}


def plan_of(cluster, content: bytes, filename: str = "members.csv"):
    return plan_import(cluster=cluster, content=content, filename=filename)


# Planning and applying ----------------------------------------------------------------------


def test_a_good_file_creates_and_updates_as_planned(cluster_a, sealing, manager_a):
    content = csv_bytes(
        sealing_row(),
        row(),
        row(
            registry_id="559102-7764",
            legal_name="Hudiksvalls Drönarteknik AB",
            type="micro_firm",
            membership_status="applied",
            member_since="2026-01-15",
        ),
    )
    plan = plan_of(cluster_a, content)
    assert plan.ok, plan.errors
    assert [(r.line, r.action, r.registry_id) for r in plan.rows] == [
        (2, UPDATE, "556677-1234"),
        (3, CREATE, "559318-2045"),
        (4, CREATE, "559102-7764"),
    ]
    assert [(c.column, c.old, c.new) for c in plan.rows[0].changes] == [
        ("employees", "8", "9"),
        ("turnover", "14500000", "15200000"),
        ("figures_year", "2024", "2025"),
    ]

    summary = apply_import(cluster=cluster_a, plan=plan, actor=manager_a)

    assert (summary.created, summary.updated, summary.unchanged) == (2, 1, 0)
    sealing.refresh_from_db()
    assert sealing.employees == 9
    assert sealing.figures_year == 2025
    # An import never moves an existing membership, whatever the file says.
    assert sealing.membership.status == MembershipStatus.APPLIED
    geodata = Organization.objects.get(cluster=cluster_a, registry_id="559318-2045")
    assert geodata.size_class == SizeClass.MICRO
    assert geodata.sectors == "J62.01, M71.12"
    assert str(geodata.country) == "SE"
    assert geodata.membership.status == MembershipStatus.ACTIVE
    assert geodata.membership.member_since == date(2025, 9, 1)
    assert MembershipTransition.objects.filter(membership=geodata.membership).last().actor == (
        manager_a
    )
    drones = Organization.objects.get(registry_id="559102-7764")
    assert drones.membership.status == MembershipStatus.APPLIED
    assert drones.membership.status_since == date(2026, 1, 15)


def test_one_bad_row_among_good_ones_writes_nothing_and_every_bad_line_is_listed(
    cluster_a, sealing
):
    content = csv_bytes(
        row(),  # line 2: good
        row(registry_id="559000-0003", employees="-3", turnover="-1"),  # line 3
        sealing_row(),  # line 4: good
        row(  # line 5
            registry_id="559000-0005",
            country="XX",
            sectors="Z99.1",
            helix="industrie",
            currency="XYZ",
            member_since="01/09/2025",
            website="not a website",
        ),
        row(registry_id="559000-0006", membership_status="suspended"),  # line 6
        row(registry_id="", legal_name=""),  # line 7
        row(registry_id="559000-0008", type="MICRO-FIRM"),  # line 8: good, normalised
    )
    plan = plan_of(cluster_a, content)
    errors = errors_by_line(plan)
    assert sorted(errors) == [3, 5, 6, 7]
    assert "employees:" in errors[3] and "turnover:" in errors[3]
    for column in ("country", "sectors", "helix", "currency", "member_since", "website"):
        assert f"{column}:" in errors[5], column
    assert "YYYY-MM-DD" in errors[5]
    assert "XX" in errors[5]
    assert "A new member starts as applied or active" in errors[6]
    assert "registry_id:" in errors[7] and "legal_name:" in errors[7]

    with pytest.raises(ImportRejected):
        apply_import(cluster=cluster_a, plan=plan)
    assert Organization.objects.filter(cluster=cluster_a).count() == 1
    sealing.refresh_from_db()
    assert sealing.employees == 8


def test_a_registry_id_repeated_in_the_file_is_an_error_on_each_of_its_lines(cluster_a):
    content = csv_bytes(
        row(),
        row(registry_id="559000-0003", legal_name="Other AB"),
        row(legal_name="Same id again AB"),
    )
    errors = errors_by_line(plan_of(cluster_a, content))
    assert sorted(errors) == [2, 4]
    for line in (2, 4):
        assert "559318-2045 appears more than once in the file (lines 2, 4)" in errors[line]


def test_a_registry_id_of_another_cluster_creates_rather_than_updates(cluster_a, cluster_b):
    theirs = organization_create(
        cluster=cluster_b,
        data={"legal_name": "Beta Geodata", "registry_id": GOOD["registry_id"], "employees": 70},
    )
    plan = plan_of(cluster_a, csv_bytes(row()))
    assert [r.action for r in plan.rows] == [CREATE]
    apply_import(cluster=cluster_a, plan=plan)
    theirs.refresh_from_db()
    assert theirs.employees == 70
    assert theirs.legal_name == "Beta Geodata"
    assert Organization.objects.filter(registry_id=GOOD["registry_id"]).count() == 2


def test_an_unchanged_row_is_not_written(cluster_a, sealing):
    same = sealing_row(employees="8", turnover="14500000.00", figures_year="2024")
    plan = plan_of(cluster_a, csv_bytes(same))
    assert plan.ok and plan.unchanged == 1 and plan.rows[0].changes == []
    history_before = sealing.history.count()
    apply_import(cluster=cluster_a, plan=plan)
    assert sealing.history.count() == history_before


def test_an_empty_cell_clears_the_value_of_an_existing_organization(cluster_a, sealing):
    plan = plan_of(cluster_a, csv_bytes(sealing_row(turnover="", city="")))
    apply_import(cluster=cluster_a, plan=plan)
    sealing.refresh_from_db()
    assert sealing.turnover is None
    assert sealing.city == ""


def test_a_row_the_service_refuses_rolls_back_the_rows_before_it(cluster_a, monkeypatch):
    """The services have the last word: a refusal while applying undoes the whole import."""
    from django.core.exceptions import ValidationError

    real_create = importers.organization_create
    calls = []

    def refuse_the_second(**kwargs):
        calls.append(kwargs["data"]["registry_id"])
        if len(calls) == 2:
            raise ValidationError({"registry_id": "Taken meanwhile."})
        return real_create(**kwargs)

    monkeypatch.setattr(importers, "organization_create", refuse_the_second)
    plan = plan_of(cluster_a, csv_bytes(row(), row(registry_id="559000-0003")))
    with pytest.raises(ImportRejected) as rejected:
        apply_import(cluster=cluster_a, plan=plan)
    assert rejected.value.errors[0].line == 3
    assert rejected.value.errors[0].messages == ("registry_id: Taken meanwhile.",)
    assert not Organization.objects.filter(cluster=cluster_a).exists()
    assert not Membership.objects.exists()


def test_xlsx_and_csv_give_the_same_result(cluster_a, cluster_b):
    csv_plan = plan_of(cluster_a, csv_bytes(row()))
    xlsx_row = [
        # Numbers as numbers and the date as a date, as a spreadsheet stores them.
        {"employees": 4, "turnover": 2100000.0, "figures_year": 2025}.get(column, GOOD[column])
        for column in COLUMNS
    ]
    xlsx_row[COLUMNS.index("member_since")] = datetime(2025, 9, 1)
    xlsx_plan = plan_of(cluster_b, xlsx_bytes(xlsx_row), "members.xlsx")
    assert xlsx_plan.ok, xlsx_plan.errors
    assert xlsx_plan.rows[0].data == csv_plan.rows[0].data
    assert xlsx_plan.rows[0].member_since == date(2025, 9, 1)
    apply_import(cluster=cluster_b, plan=xlsx_plan)
    imported = Organization.objects.get(cluster=cluster_b)
    assert imported.employees == 4
    assert imported.turnover == Decimal("2100000")


def test_a_semicolon_csv_with_a_byte_order_mark_is_read(cluster_a):
    content = "\ufeff".encode() + csv_bytes(row(), delimiter=";")
    plan = plan_of(cluster_a, content)
    assert plan.ok, plan.errors
    assert plan.rows[0].data["sectors"] == "J62.01, M71.12"


def test_columns_may_come_in_any_order_and_extra_ones_are_ignored(cluster_a):
    columns = (*reversed(COLUMNS), "notes")
    plan = plan_of(cluster_a, csv_bytes(row(notes="call back"), columns=columns))
    assert plan.ok, plan.errors
    assert plan.ignored_columns == ["notes"]


def test_missing_columns_are_named_in_one_error(cluster_a):
    columns = [c for c in COLUMNS if c not in ("employees", "member_since")]
    plan = plan_of(cluster_a, csv_bytes(row(), columns=columns))
    assert len(plan.errors) == 1
    assert plan.errors[0].line is None
    message = plan.errors[0].messages[0]
    assert "Columns missing from the first line: employees, member_since" in message


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "members.csv", "The file is empty"),
        (b"\n\n", "members.csv", "The file is empty"),
        (",".join(COLUMNS).encode() + b"\n", "members.csv", "no rows to import"),
        (b"registry_id\n1\n", "members.txt", "neither a CSV nor an XLSX file"),
        (b"registry_id\n1\n", "members.xls", "neither a CSV nor an XLSX file"),
        (b"not a zip", "members.xlsx", "not a readable XLSX file"),
        ("Gävle".encode("latin-1"), "members.csv", "not UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_gets_one_clear_error(cluster_a, content, filename, message):
    plan = plan_of(cluster_a, content, filename)
    assert not plan.ok
    assert [error.line for error in plan.errors] == [None]
    assert message in plan.errors[0].messages[0]


def test_a_file_over_the_size_limit_is_refused(cluster_a, settings):
    settings.IMPORT_MAX_FILE_BYTES = 100
    plan = plan_of(cluster_a, csv_bytes(row()))
    assert "larger than" in plan.errors[0].messages[0]


def test_the_sample_file_is_a_valid_import(cluster_a):
    content = (REPO_ROOT / "docs" / "samples" / "members.csv").read_bytes()
    plan = plan_of(cluster_a, content)
    assert plan.ok, plan.errors
    assert plan.to_create == 5


# The command --------------------------------------------------------------------------------


def write(tmp_path, content: bytes, name: str = "members.csv") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_command_dry_run_prints_the_plan_and_writes_nothing(cluster_a, sealing, tmp_path):
    out = io.StringIO()
    path = write(tmp_path, csv_bytes(sealing_row(), row()))
    call_command("import_members", path, cluster=cluster_a.slug, dry_run=True, stdout=out)
    output = out.getvalue()
    assert "line 2: update 556677-1234" in output
    assert "employees: '8' -> '9'" in output
    assert "line 3: create 559318-2045 Bergslagens Geodata AB" in output
    assert "Dry run: nothing was written." in output
    assert Organization.objects.filter(cluster=cluster_a).count() == 1
    sealing.refresh_from_db()
    assert sealing.employees == 8


def test_command_imports_a_good_xlsx_file(cluster_a, tmp_path):
    path = write(tmp_path, xlsx_bytes([GOOD[column] for column in COLUMNS]), "members.xlsx")
    out = io.StringIO()
    call_command("import_members", path, cluster=cluster_a.slug, stdout=out)
    assert "1 created, 0 updated, 0 unchanged" in out.getvalue()
    assert Organization.objects.filter(cluster=cluster_a, registry_id="559318-2045").exists()


def test_command_lists_every_error_and_exits_with_status_1(cluster_a, tmp_path):
    path = write(
        tmp_path,
        csv_bytes(row(), row(registry_id="559000-0003", employees="many"), row(country="XX")),
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_members", path, cluster=cluster_a.slug, stderr=err)
    assert failure.value.returncode == 1
    assert "Nothing was written" in str(failure.value)
    lines = err.getvalue()
    assert "line 3: employees: Enter a whole number." in lines
    assert "line 2: registry_id: 559318-2045 appears more than once" in lines
    assert "line 4: country:" in lines
    assert not Organization.objects.exists()


def test_command_refuses_an_unknown_cluster(cluster_a, tmp_path):
    path = write(tmp_path, csv_bytes(row()))
    with pytest.raises(CommandError, match="No cluster with the slug 'nope'"):
        call_command("import_members", path, cluster="nope")
    assert not Organization.objects.exists()


def test_command_refuses_a_missing_file(cluster_a, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_members", str(tmp_path / "absent.csv"), cluster=cluster_a.slug)


# The browser --------------------------------------------------------------------------------


def upload(client, content: bytes, name: str = "members.csv", **extra):
    file = io.BytesIO(content)
    file.name = name
    return client.post(IMPORT, {"file": file, **extra})


def test_preview_shows_the_plan_and_confirm_applies_it(client_for, manager_a, cluster_a, sealing):
    client = client_for(manager_a)
    preview = upload(client, csv_bytes(sealing_row(), row()))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Confirm import" in page
    assert "1 to create, 1 to update, 0 unchanged" in page
    assert "Bergslagens Geodata AB" in page
    assert Organization.objects.filter(cluster=cluster_a).count() == 1  # nothing written yet

    confirmed = client.post(
        IMPORT, {"action": "confirm", "digest": preview.context["digest"]}, follow=True
    )
    assert confirmed.redirect_chain[-1][0] == reverse("members:directory")
    assert "1 created, 1 updated, 0 unchanged" in confirmed.content.decode()
    assert Organization.objects.filter(cluster=cluster_a).count() == 2
    sealing.refresh_from_db()
    assert sealing.employees == 9

    again = client.post(IMPORT, {"action": "confirm", "digest": preview.context["digest"]})
    assert again.status_code == 302  # the file is gone from the session: nothing twice
    assert Organization.objects.filter(cluster=cluster_a).count() == 2


def test_preview_lists_every_error_and_offers_no_confirmation(client_for, manager_a, cluster_a):
    client = client_for(manager_a)
    response = upload(
        client, csv_bytes(row(employees="-1"), row(registry_id="559000-0003", country="XX"))
    )
    page = response.content.decode()
    assert "Confirm import" not in page
    assert "Nothing was written" in page
    assert "<td>2</td>" in page and "<td>3</td>" in page
    assert PENDING not in client.session
    assert not Organization.objects.exists()


PENDING = "members_pending_import"


def test_confirm_with_another_digest_writes_nothing(client_for, manager_a, cluster_a):
    client = client_for(manager_a)
    upload(client, csv_bytes(row()))
    response = client.post(IMPORT, {"action": "confirm", "digest": "0" * 64}, follow=True)
    assert "upload it again" in response.content.decode()
    assert not Organization.objects.exists()


def test_a_wrong_file_type_is_refused_at_the_field(client_for, manager_a, cluster_a):
    response = upload(client_for(manager_a), b"registry_id\n1\n", name="members.pdf")
    assert response.status_code == 200
    assert "neither a CSV nor an XLSX file" in response.context["form"].errors["file"][0]


def test_the_template_has_the_header_row(client_for, manager_a, cluster_a):
    response = client_for(manager_a).get(reverse("members:import-template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").strip() == ",".join(COLUMNS)


@pytest.mark.parametrize("persona", ["viewer_a", "coach_a"])
def test_viewers_and_coaches_cannot_import(request, client_for, cluster_a, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(IMPORT).status_code == 403
    assert client.get(reverse("members:import-template")).status_code == 403
    response = upload(client, csv_bytes(row()))
    assert response.status_code == 403
    assert "administrators and managers" in response.content.decode()
    assert not Organization.objects.exists()


def test_a_firm_representative_cannot_import(client_for, firm_rep_a):
    assert upload(client_for(firm_rep_a), csv_bytes(row())).status_code == 404


def test_the_manager_of_b_imports_into_b_whatever_the_form_says(
    client_for, manager_b, cluster_a, cluster_b
):
    client = client_for(manager_b)
    preview = upload(client, csv_bytes(row()), cluster=cluster_a.pk, cluster_slug="alpha")
    client.post(
        IMPORT,
        {"action": "confirm", "digest": preview.context["digest"], "cluster": cluster_a.pk},
    )
    assert not Organization.objects.filter(cluster=cluster_a).exists()
    assert Organization.objects.filter(cluster=cluster_b, registry_id="559318-2045").exists()


def test_a_file_checked_in_one_cluster_is_not_confirmed_in_another(
    client_for, manager_a, cluster_a, cluster_b
):
    """Switching cluster between preview and confirm must not import into the other one."""
    from clusters.middleware import SESSION_KEY
    from tests.factories.clusters import ClusterRoleFactory

    ClusterRoleFactory(cluster=cluster_b, user=manager_a)
    client = client_for(manager_a)
    preview = upload(client, csv_bytes(row()))
    session = client.session
    session[SESSION_KEY] = cluster_b.pk
    session.save()
    client.post(IMPORT, {"action": "confirm", "digest": preview.context["digest"]})
    assert not Organization.objects.exists()
