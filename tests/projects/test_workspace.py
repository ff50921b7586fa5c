"""The project workspace (issue 10, point 2): the tab bar on each of a project's pages, the
enrolments pipeline by status, the participant export and the bulk services of projects/
(decide, message), all or nothing."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import NotificationKind
from accounts.models import Notification
from clusters.bulk import RowsRefused
from clusters.models import FunderUser
from projects.choices import EnrolmentStatus
from projects.models import Enrolment
from projects.services.bulk import enrolments_decide, enrolments_message
from tests.factories.clusters import ClusterFactory, ProgrammeFactory, UserFactory
from tests.factories.members import OrganizationFactory, RepresentativeFactory
from tests.factories.projects import EnrolmentFactory, ProjectFactory, ProjectFundingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

TAB_LINK = re.compile(r'<nav class="workspace-tabs".*?</nav>', re.S)


def tabs_of(response) -> list[str]:
    """The labels of the workspace's tabs on a page."""
    nav = TAB_LINK.search(response.content.decode())
    assert nav, "the page shows no workspace tab bar"
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav.group(0))


def current_tab(response) -> str:
    nav = TAB_LINK.search(response.content.decode()).group(0)
    return re.search(r'aria-current="page">([^<]+)<', nav).group(1)


@pytest.fixture
def project(cluster_a):
    return ProjectFactory(cluster=cluster_a, slug="alpha-abroad", name="Alpha abroad")


@pytest.fixture
def pipeline(project):
    """Firms at each step: two applied, one interviewed, one active, one rejected."""
    made = {}
    for name, status in [
        ("Ada Applied AB", EnrolmentStatus.APPLIED),
        ("Bo Applied AB", EnrolmentStatus.APPLIED),
        ("Cai Interviewed AB", EnrolmentStatus.INTERVIEWED),
        ("Dan Active AB", EnrolmentStatus.ACTIVE),
        ("Eva Rejected AB", EnrolmentStatus.REJECTED),
    ]:
        organization = OrganizationFactory(cluster=project.cluster, legal_name=name)
        made[name] = EnrolmentFactory(
            project=project, organization=organization, status=status, eligible=True
        )
    return made


@pytest.fixture
def elsewhere(cluster_a):
    """A firm in another project of the same cluster: never on this project's pages."""
    other = ProjectFactory(cluster=cluster_a, slug="other-project")
    return EnrolmentFactory(
        project=other, organization=OrganizationFactory(cluster=cluster_a, legal_name="Zed AB")
    )


def pipeline_url(project) -> str:
    return reverse("projects:enrolment-list", kwargs={"slug": project.slug})


# Tabs ----------------------------------------------------------------------------------------


def test_a_manager_sees_all_nine_tabs_and_the_current_one_marked(client_for, manager_a, project):
    response = client_for(manager_a).get(pipeline_url(project))
    assert tabs_of(response) == [
        "Overview",
        "Enrolments",
        "Coaching",
        "Workshops",
        "Timbank",
        "Trips",
        "Export lab",
        "Outcomes",
        "Reports",
    ]
    assert current_tab(response) == "Enrolments"
    overview = client_for(manager_a).get(project.get_absolute_url())
    assert current_tab(overview) == "Overview"


def test_every_tab_the_manager_sees_answers_200_with_itself_current(client_for, manager_a, project):
    client = client_for(manager_a)
    nav = TAB_LINK.search(client.get(project.get_absolute_url()).content.decode()).group(0)
    for url, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav):
        response = client.get(url)
        assert response.status_code == 200, url
        assert current_tab(response) == label


def test_a_firm_sees_only_the_overview_and_its_enrolments(client_for, firm_a, firm_rep_a, project):
    EnrolmentFactory(project=project, organization=firm_a)
    response = client_for(firm_rep_a).get(project.get_absolute_url())
    assert tabs_of(response) == ["Overview", "Enrolments"]


def test_a_funder_sees_the_overview_and_the_reports_not_the_enrolments(
    client_for, funder_user, project
):
    funder = FunderUser.objects.get(user=funder_user).funder
    ProjectFundingFactory(project=project, programme=ProgrammeFactory(funder=funder))
    client = client_for(funder_user)
    assert tabs_of(client.get(project.get_absolute_url())) == ["Overview", "Reports"]
    # The refusal is said, never hidden behind "No firm has applied yet".
    refused = client.get(pipeline_url(project))
    assert refused.status_code == 403
    assert b"No firm has applied yet" not in refused.content


def test_a_coach_of_a_firm_sees_the_activity_tabs_not_the_office_ones(client_for, coach_a, project):
    EnrolmentFactory(project=project, coach=coach_a)
    response = client_for(coach_a).get(project.get_absolute_url())
    assert tabs_of(response) == [
        "Overview",
        "Enrolments",
        "Coaching",
        "Workshops",
        "Export lab",
        "Outcomes",
    ]


def test_another_clusters_project_is_not_found(client_for, manager_b, project):
    assert client_for(manager_b).get(pipeline_url(project)).status_code == 404


# The pipeline --------------------------------------------------------------------------------


def test_the_pipeline_groups_by_status_in_lifecycle_order_with_counts(
    client_for, manager_a, project, pipeline, elsewhere
):
    response = client_for(manager_a).get(pipeline_url(project))
    groups = [
        (count.status, count.count, [e.organization.legal_name for e in rows])
        for count, rows in response.context["groups"]
    ]
    assert groups == [
        ("applied", 2, ["Ada Applied AB", "Bo Applied AB"]),
        ("interviewed", 1, ["Cai Interviewed AB"]),
        ("active", 1, ["Dan Active AB"]),
        ("rejected", 1, ["Eva Rejected AB"]),
    ]
    counts = {count.status: count.count for count in response.context["counts"]}
    assert counts == {
        "applied": 2,
        "interviewed": 1,
        "accepted": 0,
        "active": 1,
        "completed": 0,
        "rejected": 1,
        "dropped": 0,
    }
    assert b"Zed AB" not in response.content


def test_the_pipeline_counts_follow_the_filters(client_for, manager_a, project, pipeline):
    response = client_for(manager_a).get(pipeline_url(project), {"q": "Applied"})
    counts = {count.status: count.count for count in response.context["counts"]}
    assert counts["applied"] == 2 and counts["active"] == 0


def test_managers_get_the_bulk_steps_viewers_only_the_export(
    client_for, manager_a, viewer_a, project, pipeline
):
    managing = client_for(manager_a).get(pipeline_url(project)).content.decode()
    assert 'name="enrolments"' in managing and 'id="bulk-action"' in managing
    viewing = client_for(viewer_a).get(pipeline_url(project)).content.decode()
    assert 'id="bulk-action"' not in viewing
    assert reverse("projects:enrolment-export", kwargs={"slug": project.slug}) in viewing


def test_the_pipeline_reads_a_flat_number_of_queries(
    client_for, manager_a, project, pipeline, django_assert_max_num_queries
):
    client = client_for(manager_a)
    client.get(pipeline_url(project))
    # session, user, roles (2), project, can_view_enrolments, count, page, status counts,
    # cohorts of the filter, the tab bar's rules (coaches in project, reportable): about 14,
    # whatever the number of enrolments.
    with django_assert_max_num_queries(16):
        client.get(pipeline_url(project))
    for _n in range(20):
        EnrolmentFactory(project=project, status=EnrolmentStatus.APPLIED, coach=manager_a)
    with django_assert_max_num_queries(16):
        client.get(pipeline_url(project))


# The participant export ----------------------------------------------------------------------


def export(client, project, **data):
    return client.post(reverse("projects:enrolment-export", kwargs={"slug": project.slug}), data)


def test_the_export_lists_the_ticked_firms_with_their_contact(
    client_for, manager_a, project, pipeline
):
    ada = pipeline["Ada Applied AB"]
    ada.organization.registry_id, ada.organization.region = "556000-0001", "Dalarna"
    ada.organization.save()
    RepresentativeFactory(organization=ada.organization, user=UserFactory(email="ada@x.org"))
    response = export(
        client_for(manager_a),
        project,
        format="csv",
        enrolments=[ada.pk, pipeline["Dan Active AB"].pk],
    )
    assert response["Content-Disposition"].startswith('attachment; filename="participants-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Firm",
        "Registry id",
        "Region",
        "Status",
        "Cohort",
        "Coach",
        "Contact e-mail",
    ]
    assert rows[1] == ["Ada Applied AB", "556000-0001", "Dalarna", "Applied", "", "", "ada@x.org"]
    assert [row[0] for row in rows[1:]] == ["Ada Applied AB", "Dan Active AB"]


def test_the_export_without_ticks_takes_every_filtered_firm_as_xlsx(
    client_for, manager_a, project, pipeline, elsewhere
):
    response = export(client_for(manager_a), project, format="xlsx", status="applied")
    sheet = load_workbook(io.BytesIO(response.content)).active
    firms = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert firms == ["Ada Applied AB", "Bo Applied AB"]


def test_the_export_neutralises_formulas(client_for, manager_a, project):
    EnrolmentFactory(
        project=project,
        organization=OrganizationFactory(cluster=project.cluster, legal_name="=HYPERLINK(1)"),
    )
    response = export(client_for(manager_a), project, format="csv")
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_the_export_reads_a_flat_number_of_queries(
    client_for, manager_a, project, django_assert_max_num_queries
):
    for _n in range(15):
        enrolment = EnrolmentFactory(project=project)
        RepresentativeFactory(organization=enrolment.organization)
    # session, user, roles, project, the enrolments with firm, cohort and coach, and the
    # representatives with their users (prefetched): flat in the number of firms.
    client = client_for(manager_a)
    with django_assert_max_num_queries(8):
        export(client, project, format="csv")


def test_a_coach_may_not_export_contacts(client_for, coach_a, project):
    EnrolmentFactory(project=project, coach=coach_a)
    assert export(client_for(coach_a), project, format="csv").status_code == 403


# Bulk services -------------------------------------------------------------------------------


def test_bulk_decide_accepts_every_interviewed_firm(manager_a, project, pipeline, coach_a):
    cai = pipeline["Cai Interviewed AB"]
    result = enrolments_decide(
        actor=manager_a,
        enrolments=[cai],
        accept=True,
        reason="Ready",
        coach=coach_a,
        decided_on=date(2026, 3, 1),
    )
    cai.refresh_from_db()
    assert cai.status == EnrolmentStatus.ACCEPTED and cai.decided_on == date(2026, 3, 1)
    assert result == {cai.pk: "Accepted"}


def test_bulk_decide_writes_nothing_when_one_firm_is_refused(manager_a, project, pipeline):
    cai, dan = pipeline["Cai Interviewed AB"], pipeline["Dan Active AB"]
    with pytest.raises(RowsRefused) as refused:
        enrolments_decide(actor=manager_a, enrolments=[cai, dan], accept=False, reason="Not now")
    assert set(refused.value.reasons) == {dan.pk}
    assert Enrolment.objects.get(pk=cai.pk).status == EnrolmentStatus.INTERVIEWED


def test_bulk_decide_is_refused_to_a_viewer(viewer_a, project, pipeline):
    cai = pipeline["Cai Interviewed AB"]
    with pytest.raises(RowsRefused):
        enrolments_decide(actor=viewer_a, enrolments=[cai], accept=False, reason="No")
    assert Enrolment.objects.get(pk=cai.pk).status == EnrolmentStatus.INTERVIEWED


def test_bulk_message_reaches_each_firms_representatives_inbox_and_mail(
    manager_a, project, pipeline, mailoutbox, django_capture_on_commit_callbacks
):
    ada, bo = pipeline["Ada Applied AB"], pipeline["Bo Applied AB"]
    RepresentativeFactory(organization=ada.organization, user=UserFactory(email="ada@x.org"))
    RepresentativeFactory(organization=bo.organization, user=UserFactory(email="bo@x.org"))
    with django_capture_on_commit_callbacks(execute=True):
        enrolments_message(
            actor=manager_a, enrolments=[ada, bo], subject="Interviews", body="Next week."
        )
    assert sorted((m.to, m.subject) for m in mailoutbox) == [
        (["ada@x.org"], "Interviews"),
        (["bo@x.org"], "Interviews"),
    ]
    assert all("Next week." in m.body for m in mailoutbox)
    inbox = Notification.objects.filter(kind=NotificationKind.MESSAGE)
    assert sorted(inbox.values_list("recipient__email", flat=True)) == ["ada@x.org", "bo@x.org"]


def test_bulk_message_sends_nothing_if_a_firm_has_no_one_to_write_to(
    manager_a, project, pipeline, mailoutbox, django_capture_on_commit_callbacks
):
    ada, bo = pipeline["Ada Applied AB"], pipeline["Bo Applied AB"]
    RepresentativeFactory(organization=ada.organization, user=UserFactory(email="ada@x.org"))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RowsRefused) as refused:
        enrolments_message(actor=manager_a, enrolments=[ada, bo], subject="S", body="B")
    assert list(refused.value.reasons) == [bo.pk]
    assert mail.outbox == []


def test_a_dry_run_of_the_message_sends_nothing(
    manager_a, project, pipeline, mailoutbox, django_capture_on_commit_callbacks
):
    ada = pipeline["Ada Applied AB"]
    RepresentativeFactory(organization=ada.organization, user=UserFactory(email="ada@x.org"))
    with django_capture_on_commit_callbacks(execute=True):
        preview = enrolments_message(
            actor=manager_a, enrolments=[ada], subject="S", body="B", dry_run=True
        )
    assert preview == {ada.pk: "ada@x.org"}
    assert mailoutbox == []


def test_another_cluster_does_not_leak_into_the_pipeline(client_for, manager_a, project):
    stranger = ProjectFactory(cluster=ClusterFactory(slug="gamma"))
    EnrolmentFactory(project=stranger, organization__legal_name="Gamma Secret AB")
    assert client_for(manager_a).get(pipeline_url(stranger)).status_code == 404
