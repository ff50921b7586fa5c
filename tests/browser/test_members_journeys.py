"""The main journeys of a cluster manager through the member pages, in a real Chromium.

Every step is a click or a form fill, as a manager would do it; each journey ends with a
full-page screenshot under tests/browser/screenshots and with checks of what the user sees.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

from django.urls import reverse
from playwright.sync_api import expect

from members.models import Body, Decision, Meeting, MembershipTransition, Organization, Person
from members.services import organization_create, person_save

# What the world fixture (tests/access/world.py) puts in cluster A: "Alpha" covers the
# organization, the person (Ann Alpha), the board, the programme (ALPHA-1) and its funder; the
# rest are named otherwise, like the HR committee and its member Cecilia, the rival firm and the
# other funder's programme.
ALPHA_NAMES = (
    "Alpha",
    "Kick-off",
    "Adopt the plan",
    "Write the plan",
    "Zhuhai",
    "HR committee",
    "Cecilia",
    "Rival Seals",
    "OTHER-1",
)

IMPORT_HEADER = (
    "registry_id,legal_name,short_name,helix,type,employees,turnover,currency,figures_year,"
    "country,region,city,sectors,website,membership_status,member_since"
)


def _directory_row(page, legal_name: str):
    return page.locator("table.directory tbody tr").filter(
        has=page.get_by_role("link", name=legal_name, exact=True)
    )


def _write_csv(path, *rows: str):
    path.write_text("\n".join([IMPORT_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_manager_adds_an_organization_and_sees_it_in_the_directory(page, ui, manager_a, cluster_a):
    organization_create(
        cluster=cluster_a,
        data={"legal_name": "Big Rubber AB", "registry_id": "556000-0900", "employees": 400},
        membership_status="active",
        status_on=date(2024, 1, 1),
    )
    ui.log_in(manager_a)

    ui.nav("Members")
    expect(page.locator("h1")).to_have_text("Members of Alpha Cluster")
    ui.click(page.get_by_role("link", name="Add an organization", exact=True))
    expect(page.locator("h1")).to_have_text("Add an organization to Alpha Cluster")

    page.get_by_label("Legal name").fill("Gummi Verkstad AB")
    page.get_by_label("Registry id").fill("556677-8899")
    page.get_by_label("Employees").fill("8")
    page.get_by_label("Turnover").fill("5000000")
    page.get_by_label("Currency").select_option("SEK")
    page.get_by_label("Sectors (NACE)").fill("C22.19")
    page.get_by_label("Country").select_option(label="Sweden")
    ui.click(page.get_by_role("button", name="Save", exact=True))

    organization = Organization.objects.get(cluster=cluster_a, registry_id="556677-8899")
    expect(page).to_have_url(ui.url(organization.get_absolute_url()))
    expect(page.get_by_role("status")).to_contain_text("The organization was added.")
    expect(page.locator("h1")).to_have_text("Gummi Verkstad AB")
    size_card = page.locator(".card").filter(has_text="EU size class")
    expect(size_card.locator(".card-count")).to_have_text("Micro")
    expect(page.locator(".card").filter(has_text="Employees").locator(".card-count")).to_have_text(
        "8"
    )
    expect(page.locator("dl.facts")).to_contain_text("5,000,000 SEK")
    expect(page.locator("dl.facts")).to_contain_text("C22.19")
    ui.screenshot("organization-added.png")

    ui.nav("Members")
    row = _directory_row(page, "Gummi Verkstad AB")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("556677-8899")
    expect(row).to_contain_text("Micro")
    expect(row).to_contain_text("C22.19")
    expect(row).to_contain_text("Active")
    expect(_directory_row(page, "Big Rubber AB")).to_have_count(1)

    page.get_by_label("Size class").select_option("micro")
    ui.click(page.get_by_role("button", name="Filter", exact=True))
    expect(page).to_have_url(re.compile(r"[?&]size_class=micro(&|$)"))
    expect(page.get_by_label("Size class")).to_have_value("micro")
    expect(_directory_row(page, "Gummi Verkstad AB")).to_have_count(1)
    expect(_directory_row(page, "Big Rubber AB")).to_have_count(0)
    expect(page.get_by_text("1 organization", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Clear filters", exact=True)).to_be_visible()
    ui.screenshot("members-directory.png")


def test_bad_organization_input_is_shown_next_to_the_field(page, ui, manager_a, cluster_a):
    ui.log_in(manager_a)
    ui.nav("Members")
    ui.click(page.get_by_role("link", name="Add an organization", exact=True))

    page.get_by_label("Legal name").fill("Minus Staff AB")
    page.get_by_label("Registry id").fill("556677-0000")
    page.get_by_label("Employees").fill("-3")
    ui.click(page.get_by_role("button", name="Save", exact=True))

    expect(page.locator("h1")).to_have_text("Add an organization to Alpha Cluster")
    employees = ui.field(page, "Employees")
    expect(employees).to_have_class(re.compile(r"\bfield-invalid\b"))
    expect(employees.get_by_role("alert")).to_contain_text(
        "Ensure this value is greater than or equal to 0."
    )
    # The other fields carry no error and keep what was typed.
    expect(page.locator(".field-invalid")).to_have_count(1)
    expect(page.get_by_label("Legal name")).to_have_value("Minus Staff AB")
    expect(page.get_by_label("Employees")).to_have_value("-3")
    assert not Organization.objects.filter(cluster=cluster_a).exists()
    ui.screenshot("organization-error.png")


def test_manager_changes_membership_status_with_a_reason(page, ui, manager_a, cluster_a):
    organization = organization_create(
        cluster=cluster_a,
        data={"legal_name": "Leaving Plastics AB", "registry_id": "556000-0042", "employees": 12},
        membership_status="active",
        status_on=date(2024, 1, 1),
    )
    ui.log_in(manager_a)
    ui.nav("Members")
    ui.click(page.get_by_role("link", name="Leaving Plastics AB", exact=True))
    expect(page.locator("h1")).to_have_text("Leaving Plastics AB")
    membership_card = page.locator(".card").filter(has_text="Membership")
    expect(membership_card.locator(".card-count")).to_have_text("Active")

    transition_form = page.locator(
        f'form[action="{reverse("members:membership-transition", args=[organization.pk])}"]'
    )
    transition_form.get_by_label("New status").select_option(label="Left")
    ui.click(transition_form.get_by_role("button", name="Change status", exact=True))

    expect(page.locator("h1")).to_have_text("Leaving Plastics AB")
    reason = ui.field(page, "Reason")
    expect(reason).to_have_class(re.compile(r"\bfield-invalid\b"))
    expect(reason.get_by_role("alert")).to_have_text("Say why the member left.")
    expect(membership_card.locator(".card-count")).to_have_text("Active")
    assert not MembershipTransition.objects.filter(
        membership__organization=organization, to_status="left"
    ).exists()
    ui.screenshot("membership-reason-missing.png")

    transition_form.get_by_label("New status").select_option(label="Left")
    transition_form.get_by_label("Reason").fill("Moved production to Poland")
    ui.click(transition_form.get_by_role("button", name="Change status", exact=True))

    expect(page).to_have_url(ui.url(organization.get_absolute_url()))
    expect(page.get_by_role("status")).to_contain_text("The membership status was changed.")
    expect(membership_card.locator(".card-count")).to_have_text("Left")
    step = page.get_by_role("row").filter(has_text="Moved production to Poland")
    manager_name = str(manager_a)
    expect(step).to_have_count(1)
    expect(step.get_by_role("cell").nth(1)).to_have_text("Active")
    expect(step.get_by_role("cell").nth(2)).to_have_text("Left")
    expect(step.get_by_role("cell").nth(4)).to_have_text(manager_name)
    ui.screenshot("membership-left.png")


GOOD_RUBBER = (
    "556100-0001,Good Rubber AB,Good Rubber,industry,sme,20,3000000,EUR,2024,SE,Skane,"
    "Malmo,C22.19,goodrubber.example,active,2023-05-01"
)


def _check_a_file(page, ui, path) -> None:
    page.get_by_label("CSV or XLSX file").set_input_files(str(path))
    ui.click(page.get_by_role("button", name="Check the file", exact=True))


def _bad_file_is_refused_row_by_row(page, ui, path, cluster) -> None:
    _check_a_file(page, ui, path)
    errors = page.locator("section.errorlist-box")
    expect(errors.get_by_role("heading")).to_have_text("members-bad.csv cannot be imported")
    expect(errors).to_contain_text("Nothing was written.")
    error_rows = errors.locator("table.import-errors tbody tr")
    expect(error_rows).to_have_count(1)
    expect(error_rows.first.get_by_role("cell").first).to_have_text("3")
    expect(error_rows.first).to_contain_text("employees")
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    assert not Organization.objects.filter(cluster=cluster).exists()
    ui.screenshot("import-errors.png")


def _good_file_is_previewed(page, ui, path, cluster) -> None:
    _check_a_file(page, ui, path)
    expect(page.get_by_role("heading", name="Preview of members.csv")).to_be_visible()
    expect(page.locator("p.lead")).to_contain_text("2 to create, 0 to update, 0 unchanged.")
    plan_rows = page.locator("table.import-plan tbody tr")
    expect(plan_rows).to_have_count(2)
    expect(plan_rows.nth(0)).to_contain_text("Create")
    expect(plan_rows.nth(0)).to_contain_text("Good Rubber AB")
    expect(plan_rows.nth(1)).to_contain_text("Lund University")
    expect(plan_rows.nth(1)).to_contain_text("Membership starts as applied")
    assert not Organization.objects.filter(cluster=cluster).exists()
    ui.screenshot("import-preview.png")


def test_manager_imports_members_from_a_csv_with_preview(page, ui, manager_a, cluster_a, tmp_path):
    bad_file = _write_csv(
        tmp_path / "members-bad.csv",
        GOOD_RUBBER,
        "556100-0002,Bad Seals AB,,industry,sme,-4,,EUR,,SE,,,C22,,active,",
    )
    good_file = _write_csv(
        tmp_path / "members.csv",
        GOOD_RUBBER,
        "556100-0003,Lund University,,academia,university,,,,,SE,Skane,Lund,P85.42,,applied,",
    )
    ui.log_in(manager_a)
    ui.nav("Members")
    ui.click(page.get_by_role("link", name="Import", exact=True))
    expect(page.locator("h1")).to_have_text("Import members into Alpha Cluster")
    _bad_file_is_refused_row_by_row(page, ui, bad_file, cluster_a)
    _good_file_is_previewed(page, ui, good_file, cluster_a)

    ui.click(page.get_by_role("button", name="Confirm import", exact=True))

    expect(page).to_have_url(ui.url(reverse("members:directory")))
    expect(page.get_by_role("status")).to_contain_text(
        "Imported members.csv: 2 created, 0 updated, 0 unchanged."
    )
    expect(_directory_row(page, "Good Rubber AB")).to_have_count(1)
    expect(_directory_row(page, "Lund University")).to_have_count(1)
    imported = Organization.objects.filter(cluster=cluster_a).order_by("registry_id")
    assert [o.registry_id for o in imported] == ["556100-0001", "556100-0003"]
    good_rubber = imported[0]
    assert good_rubber.employees == 20
    assert good_rubber.turnover == Decimal("3000000")
    assert good_rubber.membership.status == "active"
    assert imported[1].membership.status == "applied"
    ui.screenshot("import-done.png")


def _add_a_person(page, ui, cluster) -> Person:
    ui.nav("People")
    ui.click(page.get_by_role("link", name="Add a person", exact=True))
    page.get_by_label("First name").fill("Greta")
    page.get_by_label("Last name").fill("Gummesson")
    ui.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.locator("h1")).to_have_text("Greta Gummesson")
    return Person.objects.get(cluster=cluster, last_name="Gummesson")


def _add_a_board(page, ui, cluster) -> Body:
    ui.nav("Governance")
    expect(page.locator("h1")).to_have_text("Governance of Alpha Cluster")
    ui.click(page.get_by_role("link", name="Add a body", exact=True))
    page.get_by_label("Name").fill("Board of Alpha")
    page.get_by_label("Kind").select_option(label="Board")
    ui.click(page.get_by_role("button", name="Save", exact=True))
    body = Body.objects.get(cluster=cluster, name="Board of Alpha")
    expect(page).to_have_url(ui.url(body.get_absolute_url()))
    expect(page.locator("h1")).to_have_text("Board of Alpha")
    return body


def _give_seats(page, ui, body, seats) -> None:
    for holder, role in seats:
        ui.click(page.get_by_role("link", name="Add a seat", exact=True))
        page.get_by_label("Person").select_option(label=str(holder))
        page.get_by_label("Role").select_option(label=role)
        page.get_by_label("Term from").fill("2025-01-01")
        ui.click(page.get_by_role("button", name="Save", exact=True))
        expect(page).to_have_url(ui.url(body.get_absolute_url()))
        seat_row = page.get_by_role("row").filter(has_text=str(holder))
        expect(seat_row).to_have_count(1)
        expect(seat_row).to_contain_text(role)


def _hold_a_meeting(page, ui, body) -> Meeting:
    ui.click(page.get_by_role("link", name="Add a meeting", exact=True))
    page.get_by_label("Date").fill("2025-03-12")
    page.get_by_label("Title").fill("Spring board meeting")
    page.get_by_label("Place").fill("Gislaved")
    ui.click(page.get_by_role("button", name="Save", exact=True))
    meeting = Meeting.objects.get(body=body)
    expect(page).to_have_url(ui.url(meeting.get_absolute_url()))
    expect(page.locator("h1")).to_have_text("Spring board meeting")
    return meeting


def _vote(page, ui, votes_for: str, against: str, abstentions: str) -> None:
    page.get_by_label("Votes for").fill(votes_for)
    page.get_by_label("Votes against").fill(against)
    page.get_by_label("Abstentions").fill(abstentions)
    ui.click(page.get_by_role("button", name="Save", exact=True))


def _record_a_decision(page, ui, meeting) -> Decision:
    """More votes than voting seats are refused at the field; the counted votes are saved."""
    ui.click(page.get_by_role("link", name="Record a decision", exact=True))
    page.get_by_label("Decision").fill("Apply for the regional innovation grant")
    page.get_by_label("Outcome").select_option(label="Adopted")
    _vote(page, ui, "5", "1", "2")
    expect(ui.field(page, "Votes for").get_by_role("alert")).to_contain_text(
        "8 votes were cast but the body had 2 voting seats that day."
    )
    assert not Decision.objects.filter(meeting=meeting).exists()
    _vote(page, ui, "1", "0", "1")
    decision = Decision.objects.get(meeting=meeting)
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (1, 0, 1)
    expect(page).to_have_url(ui.url(decision.get_absolute_url()))
    expect(page.get_by_role("status")).to_contain_text("The decision was recorded.")
    return decision


def test_manager_records_a_board_meeting_and_decision(page, ui, manager_a, cluster_a):
    other = person_save(cluster=cluster_a, data={"first_name": "Ann", "last_name": "Alpha"})
    ui.log_in(manager_a)
    person = _add_a_person(page, ui, cluster_a)
    body = _add_a_board(page, ui, cluster_a)
    # Greta chairs, Ann (recorded earlier) is vice-chair.
    _give_seats(page, ui, body, ((person, "Chair"), (other, "Vice-chair")))
    meeting = _hold_a_meeting(page, ui, body)
    _record_a_decision(page, ui, meeting)

    # Back on the meeting page, the decision is listed with its votes.
    ui.click(page.locator("main").get_by_role("link", name=re.compile("Spring board meeting")))
    expect(page).to_have_url(ui.url(meeting.get_absolute_url()))
    decision_card = page.locator("article.card").filter(
        has_text="Apply for the regional innovation grant"
    )
    expect(decision_card).to_have_count(1)
    expect(decision_card).to_contain_text("Adopted")
    expect(decision_card).to_contain_text("1 for, 0 against, 1 abstaining")
    ui.screenshot("governance-meeting.png")


def test_overview_draws_plotly_charts_offline(page, ui, world, cluster_a, manager_a):
    organization_create(
        cluster=cluster_a,
        data={
            "legal_name": "Lund University",
            "registry_id": "202100-3211",
            "helix": "academia",
            "org_type": "university",
        },
        membership_status="active",
        status_on=date(2025, 6, 1),
    )
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    ui.log_in(manager_a)

    ui.nav("Overview")
    expect(page.locator("h1")).to_have_text("Alpha Cluster")
    expect(
        page.locator(".card").filter(has_text="Active members").locator(".card-count")
    ).to_have_text("2")
    plots = page.locator(".chart-plot")
    expect(plots.first).to_be_visible()
    drawn = page.locator(".chart-plot.js-plotly-plot svg.main-svg")
    expect(drawn.first).to_be_visible(timeout=15_000)
    chart_count = plots.count()
    assert chart_count >= 1
    # Every chart of the page was drawn, not only the first.
    expect(page.locator(".chart-plot.chart-drawn")).to_have_count(chart_count)
    expect(page.get_by_role("link", name="Alpha board")).to_be_visible()
    expect(page.get_by_role("link", name="ALPHA-1")).to_be_visible()
    expect(page.get_by_role("link", name="Zhuhai")).to_be_visible()
    page.wait_for_load_state("networkidle")
    ui.screenshot("overview.png")

    server = urlsplit(ui.url("")).netloc
    web_requests = [url for url in requested if urlsplit(url).scheme in ("http", "https", "ws")]
    assert any(url.endswith("/plotly.min.js") for url in web_requests)
    outside = [url for url in web_requests if urlsplit(url).netloc != server]
    assert outside == [], f"requests to other hosts: {outside}"
    assert all(urlsplit(url).scheme in ("http", "https", "ws", "data", "blob") for url in requested)


def test_manager_of_another_cluster_sees_nothing_of_alpha(page, ui, world, cluster_b, manager_b):
    organization_create(
        cluster=cluster_b,
        data={"legal_name": "Kaluga Polymer", "registry_id": "4027000001", "employees": 30},
        membership_status="active",
        status_on=date(2024, 1, 1),
    )
    ui.log_in(manager_b)
    expect(page.locator("h1")).to_have_text("Beta Cluster")

    pages = (
        ("Members", "Members of Beta Cluster"),
        ("People", "People of Beta Cluster"),
        ("Governance", "Governance of Beta Cluster"),
        ("Programmes", "Programmes"),
        ("Alliances", "Alliances"),
    )
    for link, heading in pages:
        ui.nav(link)
        expect(page.locator("h1")).to_have_text(heading)
        main = page.locator("main")
        for name in ALPHA_NAMES:
            expect(main).not_to_contain_text(name)
    ui.nav("Members")
    expect(_directory_row(page, "Kaluga Polymer")).to_have_count(1)

    response = page.goto(ui.url(world["organization"].get_absolute_url()))
    assert response is not None
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("We could not find this page")
    expect(page.locator("main")).to_contain_text(
        "belongs to a cluster or a firm you have no access to"
    )
    expect(page.locator("main")).not_to_contain_text("Alpha Sealing AB")
    expect(page.get_by_role("link", name="Back to the dashboard")).to_be_visible()
    ui.screenshot("other-cluster-404.png")
