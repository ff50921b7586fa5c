from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import MembershipTransition, Organization
from members.selectors import member_count_on
from members.services import membership_transition, organization_create

pytestmark = pytest.mark.django_db


def new_member(cluster, registry_id: str, status: str = "active", on=date(2020, 1, 1)):
    return organization_create(
        cluster=cluster,
        data={"legal_name": f"Firm {registry_id}", "registry_id": registry_id},
        membership_status=status,
        status_on=on,
    )


def test_the_lifecycle_keeps_every_dated_step(cluster_a, manager_a):
    membership = new_member(cluster_a, "1", status="applied", on=date(2020, 1, 1)).membership
    membership_transition(membership=membership, to_status="active", on=date(2020, 2, 1))
    membership_transition(membership=membership, to_status="suspended", on=date(2022, 3, 1))
    membership_transition(membership=membership, to_status="active", on=date(2022, 4, 1))
    membership_transition(
        membership=membership, to_status="left", on=date(2024, 1, 1), reason="Closed down"
    )
    steps = list(
        MembershipTransition.objects.filter(membership=membership).values_list(
            "from_status", "to_status", "on"
        )
    )
    assert steps == [
        ("", "applied", date(2020, 1, 1)),
        ("applied", "active", date(2020, 2, 1)),
        ("active", "suspended", date(2022, 3, 1)),
        ("suspended", "active", date(2022, 4, 1)),
        ("active", "left", date(2024, 1, 1)),
    ]
    membership.refresh_from_db()
    assert (membership.status, membership.member_since) == ("left", date(2020, 2, 1))


@pytest.mark.parametrize(
    ("start", "target"),
    [("applied", "suspended"), ("active", "applied"), ("active", "active")],
)
def test_a_step_outside_the_lifecycle_is_refused(cluster_a, start, target):
    membership = new_member(cluster_a, "1", status=start).membership
    with pytest.raises(ValidationError) as error:
        membership_transition(membership=membership, to_status=target, on=date(2021, 1, 1))
    assert "to_status" in error.value.message_dict
    assert MembershipTransition.objects.filter(membership=membership).count() == (
        1 if start == "applied" else 2
    )


def test_leaving_needs_a_reason_and_a_date_after_the_current_status(cluster_a):
    membership = new_member(cluster_a, "1").membership
    with pytest.raises(ValidationError) as error:
        membership_transition(membership=membership, to_status="left", on=date(2021, 1, 1))
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        membership_transition(
            membership=membership, to_status="left", on=date(2019, 1, 1), reason="x"
        )
    assert "on" in error.value.message_dict


def test_member_count_on_any_date_comes_from_the_transitions(cluster_a, cluster_b):
    first = new_member(cluster_a, "1", on=date(2018, 1, 1))
    new_member(cluster_a, "2", on=date(2020, 6, 1))
    new_member(cluster_a, "3", status="applied", on=date(2019, 1, 1))
    new_member(cluster_b, "4", on=date(2010, 1, 1))
    membership_transition(
        membership=first.membership, to_status="left", on=date(2022, 1, 1), reason="Moved"
    )
    assert member_count_on(cluster_a, date(2017, 12, 31)) == 0
    assert member_count_on(cluster_a, date(2019, 1, 1)) == 1
    assert member_count_on(cluster_a, date(2021, 1, 1)) == 2
    assert member_count_on(cluster_a, date(2022, 1, 1)) == 1


def test_manager_changes_the_status_in_the_browser(client_for, manager_a, cluster_a):
    organization = new_member(cluster_a, "1")
    url = reverse("members:membership-transition", args=[organization.pk])
    response = client_for(manager_a).post(
        url, {"to_status": "left", "on": "2024-05-01", "reason": ""}
    )
    assert response.status_code == 400
    assert "Say why the member left." in response.content.decode()
    response = client_for(manager_a).post(
        url, {"to_status": "left", "on": "2024-05-01", "reason": "Sold"}
    )
    assert response.status_code == 302
    assert Organization.objects.get(pk=organization.pk).membership.status == "left"


def test_viewer_cannot_change_the_status(client_for, viewer_a, cluster_a):
    organization = new_member(cluster_a, "1")
    response = client_for(viewer_a).post(
        reverse("members:membership-transition", args=[organization.pk]),
        {"to_status": "suspended", "on": "2024-05-01"},
    )
    assert response.status_code == 403
    assert organization.membership.transitions.count() == 2


def test_transition_over_the_api(client_for, manager_a, cluster_a):
    membership = new_member(cluster_a, "1").membership
    url = reverse("api:membership-transition", args=[membership.pk])
    client = client_for(manager_a)
    bad = client.post(url, {"to_status": "applied", "on": "2024-01-01"}, "application/json")
    assert bad.status_code == 400
    assert "to_status" in bad.json()
    good = client.post(url, {"to_status": "suspended", "on": "2024-01-01"}, "application/json")
    assert good.status_code == 200
    assert good.json()["status"] == "suspended"
    assert [step["to_status"] for step in good.json()["transitions"]] == [
        "applied",
        "active",
        "suspended",
    ]
