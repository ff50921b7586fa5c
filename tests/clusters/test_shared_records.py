"""Records the whole installation shares (funders, the rules of a programme several clusters
take part in, its indicators) are changed by installation administrators, or by a proposal
every cluster taking part consents to; never by one tenant's managers alone, and audited."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clusters.models import (
    ChangeProposal,
    ConsentDecision,
    Funder,
    FunderKind,
    Indicator,
    ProgrammeParticipation,
    ProposalStatus,
    StaffRole,
)
from clusters.services import (
    change_consent_decide,
    change_proposal_withdraw,
    funder_save,
    programme_join,
    programme_update,
)
from tests.factories.clusters import (
    ClusterFactory,
    ClusterRoleFactory,
    FunderFactory,
    UserFactory,
    make_programme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def erdf(db):
    return FunderFactory(name="ERDF Managing Authority", kind=FunderKind.EU_FUND)


@pytest.fixture
def shared(cluster_a, cluster_b, erdf):
    """A programme cluster A and cluster B take part in."""
    programme = make_programme(cluster_a, erdf, code="SHARED-1")
    programme_join(programme=programme, cluster=cluster_b)
    return programme


def form_of(programme, **changes) -> dict:
    data = {
        "funder": programme.funder_id,
        "name": programme.name,
        "code": programme.code,
        "budget": str(programme.budget),
        "currency": programme.currency,
        "start": programme.start.isoformat(),
        "end": programme.end.isoformat(),
        "cofinancing_rate": str(programme.cofinancing_rate),
        "hourly_value": str(programme.hourly_value),
        "period": programme.period,
        "min_support_hours": str(programme.min_support_hours),
    }
    return {**data, **changes}


# Funders ------------------------------------------------------------------------------------


def test_a_cluster_manager_cannot_rename_a_funder_other_clusters_show(
    client_for, manager_a, manager_b, cluster_b, erdf
):
    make_programme(cluster_b, erdf, code="BETA-1")
    for manager in (manager_a, manager_b):
        client = client_for(manager)
        page = client.post(
            reverse("clusters:funder-edit", args=[erdf.pk]),
            {"name": "Renamed", "kind": FunderKind.EU_FUND},
        )
        api = client.patch(
            reverse("api:funder-detail", args=[erdf.pk]),
            {"name": "Renamed"},
            content_type="application/json",
        )
        created = client.post(
            reverse("api:funder-list"), {"name": "New funder", "kind": FunderKind.REGION}
        )
        assert (page.status_code, api.status_code, created.status_code) == (403, 403, 403)
    erdf.refresh_from_db()
    assert erdf.name == "ERDF Managing Authority"
    assert not Funder.objects.filter(name="New funder").exists()


def test_a_manager_is_told_why_and_whom_to_ask(client_for, manager_a, erdf):
    client = client_for(manager_a)
    refused = client.get(reverse("clusters:funder-edit", args=[erdf.pk]))
    assert refused.status_code == 403
    assert "ask an installation administrator" in refused.content.decode()
    listing = client.get(reverse("clusters:funder-list")).content.decode()
    assert "ask an installation administrator" in listing
    assert reverse("clusters:funder-create") not in listing


def test_the_funder_service_refuses_a_cluster_manager(manager_a, installation_admin, erdf):
    with pytest.raises(PermissionDenied):
        funder_save(data={"name": "Renamed"}, funder=erdf, actor=manager_a)
    funder_save(data={"name": "Renamed"}, funder=erdf, actor=installation_admin)
    erdf.refresh_from_db()
    assert erdf.name == "Renamed"


# Programmes ---------------------------------------------------------------------------------


def test_the_only_cluster_of_a_programme_changes_it_at_once(client_for, manager_a, cluster_a, erdf):
    programme = make_programme(cluster_a, erdf, code="ALONE-1")
    response = client_for(manager_a).post(
        reverse("clusters:programme-edit", args=[programme.code]),
        form_of(programme, budget="1000"),
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.budget == Decimal("1000")
    assert not ChangeProposal.objects.exists()


def test_one_cluster_changing_a_shared_programme_makes_a_proposal_not_a_change(
    client_for, manager_a, cluster_a, cluster_b, shared
):
    response = client_for(manager_a).post(
        reverse("clusters:programme-edit", args=[shared.code]),
        form_of(shared, hourly_value="200", min_support_hours="40"),
    )
    assert response.status_code == 302
    shared.refresh_from_db()
    assert (shared.hourly_value, shared.min_support_hours) == (Decimal("95"), Decimal("5"))
    proposal = ChangeProposal.objects.get()
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.changes == {"hourly_value": "200", "min_support_hours": "40"}
    assert proposal.before == {"hourly_value": "95.00", "min_support_hours": "5.00"}
    assert proposal.proposed_by == manager_a
    answers = {consent.cluster: consent.decision for consent in proposal.consents.all()}
    assert answers == {cluster_a: ConsentDecision.CONSENTED, cluster_b: ConsentDecision.PENDING}


def test_the_api_answers_a_shared_programme_change_with_the_proposal(
    client_for, manager_a, cluster_b, shared
):
    response = client_for(manager_a).patch(
        reverse("api:programme-detail", args=[shared.code]),
        {"budget": "1.00"},
        content_type="application/json",
    )
    assert response.status_code == 202, response.content
    assert response.json()["waiting_for"] == [cluster_b.slug]
    shared.refresh_from_db()
    assert shared.budget == Decimal("2000000")


def test_a_shared_programme_page_explains_the_proposal(client_for, manager_a, shared):
    page = client_for(manager_a).get(shared.get_absolute_url()).content.decode()
    assert "Propose a change" in page
    assert "propose the change, and it is applied when every one of them" in page


def test_the_edit_form_of_a_shared_programme_proposes_and_a_lone_one_saves(
    client_for, manager_a, cluster_a, erdf, shared
):
    lone = make_programme(cluster_a, erdf, code="ALONE-1")
    client = client_for(manager_a)
    shared_form = client.get(reverse("clusters:programme-edit", args=[shared.code]))
    assert ">Propose the change</button>" in shared_form.content.decode()
    lone_form = client.get(reverse("clusters:programme-edit", args=[lone.code]))
    assert ">Save</button>" in lone_form.content.decode()


def test_the_last_consent_applies_the_change_and_its_history_says_so(
    client_for, manager_a, manager_b, cluster_b, shared
):
    proposal = programme_update(
        actor=manager_a, programme=shared, data={"hourly_value": Decimal("120")}
    )
    consent_b = proposal.consents.get(cluster=cluster_b)
    response = client_for(manager_b).post(
        reverse("clusters:proposal-decide", args=[proposal.pk, consent_b.pk]),
        {"decision": "consent"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    shared.refresh_from_db()
    assert proposal.status == ProposalStatus.APPLIED
    assert shared.hourly_value == Decimal("120")
    latest = shared.history.latest()
    assert latest.history_user == manager_b
    assert f"proposal {proposal.pk}" in latest.history_change_reason


def test_one_refusal_refuses_the_proposal(manager_a, manager_b, cluster_b, shared):
    proposal = programme_update(actor=manager_a, programme=shared, data={"budget": Decimal("1")})
    change_consent_decide(
        actor=manager_b, consent=proposal.consents.get(cluster=cluster_b), consent_given=False
    )
    proposal.refresh_from_db()
    shared.refresh_from_db()
    assert proposal.status == ProposalStatus.REFUSED
    assert shared.budget == Decimal("2000000")


def test_a_cluster_that_joins_before_the_last_consent_is_asked_too(
    manager_a, manager_b, cluster_b, shared
):
    proposal = programme_update(actor=manager_a, programme=shared, data={"budget": Decimal("1")})
    gamma = ClusterFactory(name="Gamma", slug="gamma")
    programme_join(programme=shared, cluster=gamma)
    change_consent_decide(
        actor=manager_b, consent=proposal.consents.get(cluster=cluster_b), consent_given=True
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert proposal.consents.get(cluster=gamma).decision == ConsentDecision.PENDING
    shared.refresh_from_db()
    assert shared.budget == Decimal("2000000")


def test_only_a_cluster_s_managers_answer_for_it(
    manager_a, viewer_a, manager_b, cluster_a, cluster_b, shared
):
    proposal = programme_update(actor=manager_b, programme=shared, data={"budget": Decimal("1")})
    consent_a = proposal.consents.get(cluster=cluster_a)
    for outsider in (viewer_a, manager_b):
        with pytest.raises(PermissionDenied):
            change_consent_decide(actor=outsider, consent=consent_a, consent_given=True)
    with pytest.raises(PermissionDenied):
        change_proposal_withdraw(actor=manager_a, proposal=proposal)
    change_proposal_withdraw(actor=manager_b, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_a_proposal_the_programme_could_not_take_is_refused_at_once(manager_a, shared):
    with pytest.raises(ValidationError):
        programme_update(
            actor=manager_a, programme=shared, data={"end": shared.start.replace(year=2000)}
        )
    assert not ChangeProposal.objects.exists()


def test_installation_administrators_change_a_shared_programme_at_once(installation_admin, shared):
    assert (
        programme_update(actor=installation_admin, programme=shared, data={"budget": Decimal("7")})
        is None
    )
    shared.refresh_from_db()
    assert shared.budget == Decimal("7")


def test_a_cluster_manager_cannot_set_a_shared_programme_s_targets(client_for, manager_a, shared):
    use = shared.indicators.order_by("pk").first()
    client = client_for(manager_a)
    targets = client.post(
        reverse("clusters:programme-indicator-targets", args=[shared.code, use.pk]),
        {"baseline": "99"},
    )
    own = client.post(
        reverse("clusters:programme-indicator-create", args=[shared.code]),
        {"code": "OWN1", "name": "Own", "unit": "enterprises", "counting_rule": "grants"},
    )
    assert (targets.status_code, own.status_code) == (403, 403)
    use.refresh_from_db()
    assert use.baseline == 0


def test_a_proposal_is_seen_by_the_asked_clusters_only(client_for, manager_a, shared):
    proposal = programme_update(actor=manager_a, programme=shared, data={"budget": Decimal("1")})
    outsider = ClusterRoleFactory(
        cluster=ClusterFactory(slug="delta"),
        role=StaffRole.MANAGER,
        user=UserFactory(email="delta@example.org"),
    ).user
    client = client_for(outsider)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    listing = client.get(reverse("clusters:proposal-list")).content.decode()
    assert proposal.get_absolute_url() not in listing


# Audit --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model", [Funder, Indicator, ProgrammeParticipation, ChangeProposal], ids=lambda m: m.__name__
)
def test_every_shared_record_keeps_its_history(model):
    assert hasattr(model, "history"), f"{model.__name__} keeps no history"


def test_the_proposal_pages_keep_their_query_budget_however_many_proposals(
    client_for, manager_a, cluster_a, erdf, shared, django_assert_max_num_queries
):
    for budget in ("1000", "2000", "3000", "4000", "5000", "6000", "7000", "8000"):
        last = programme_update(actor=manager_a, programme=shared, data={"budget": budget})
    client = client_for(manager_a)
    # Session, user, roles, the cluster switcher and inbox badge, the count and the page of
    # proposals with author and cluster, and their programmes (one query for all rows).
    with django_assert_max_num_queries(8):
        listing = client.get(reverse("clusters:proposal-list"))
    assert listing.status_code == 200
    assert listing.content.decode().count("/clusters/proposals/") >= 4
    # The proposal with its author, the record, and its consents with clusters and deciders.
    with django_assert_max_num_queries(8):
        detail = client.get(last.get_absolute_url())
    assert detail.status_code == 200
