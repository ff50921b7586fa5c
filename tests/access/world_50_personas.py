"""The users behind the access matrix's personas (tests/access/personas.py), each with the one
tie that makes it what it is: a role in cluster A, a firm it represents, a seat on another
committee, or a funder whose programme does or does not finance the world's project."""

from datetime import date
from decimal import Decimal

from clusters.models import FunderKind, StaffRole
from clusters.services import funder_save, programme_save
from members.choices import BodyKind, SeatRole
from members.services import body_save, person_save, seat_save
from projects.services import enrolment_apply, project_set_funding
from tests.factories.clusters import ClusterRoleFactory, FunderUserFactory, UserFactory
from tests.factories.members import OrganizationFactory, RepresentativeFactory

ASSESSMENT = {"score_market": 2, "score_customers": 2, "score_situation": 2}


def extend(world: dict) -> None:
    cluster = world["cluster_a"]
    world["viewer_a"] = staff(cluster, StaffRole.VIEWER, "viewer.a@example.org")
    world["other_coach"] = staff(cluster, StaffRole.COACH, "other.coach@example.org")
    world["firm_rep"] = RepresentativeFactory(
        organization=world["organization"], user=UserFactory(email="rep.a@example.org")
    ).user
    add_other_firm(world)
    add_other_committee(world)
    add_funders(world)


def staff(cluster, role: str, email: str):
    return ClusterRoleFactory(cluster=cluster, role=role, user=UserFactory(email=email)).user


def add_other_firm(world: dict) -> None:
    """A competitor: another firm of cluster A that applied to the same project."""
    rival = OrganizationFactory(cluster=world["cluster_a"], legal_name="Rival Seals AB")
    world["other_firm_rep"] = RepresentativeFactory(
        organization=rival, user=UserFactory(email="rep.rival@example.org")
    ).user
    world["other_organization"] = rival
    world["other_enrolment"] = enrolment_apply(
        project=world["project"],
        organization=rival,
        assessment=ASSESSMENT,
        actor=world["other_firm_rep"],
        applied_on=date(2026, 2, 2),
    )


def add_other_committee(world: dict) -> None:
    """A person with a login who sits on the HR committee, not on the world's board."""
    member = UserFactory(email="committee.member@example.org")
    person = person_save(
        cluster=world["cluster_a"],
        data={"first_name": "Cecilia", "last_name": "Committee", "user": member},
    )
    committee = body_save(
        cluster=world["cluster_a"], data={"name": "HR committee", "kind": BodyKind.COMMITTEE}
    )
    seat_save(
        body=committee,
        data={"person": person, "role": SeatRole.MEMBER, "term_start": date(2024, 1, 1)},
    )
    world.update(committee_member=member, other_committee=committee)


def add_funders(world: dict) -> None:
    """The world's programme finances the project; another funder's programme, which cluster
    A also takes part in, does not."""
    project_set_funding(project=world["project"], shares={world["programme"]: Decimal("100")})
    world["funder_user"] = FunderUserFactory(
        funder=world["funder"], user=UserFactory(email="funder.a@example.org")
    ).user
    other_funder = funder_save(data={"name": "Other funder", "kind": FunderKind.NATIONAL_AGENCY})
    other_programme = programme_save(
        cluster=world["cluster_a"],
        data={
            "funder": other_funder,
            "name": "Other programme",
            "code": "OTHER-1",
            "budget": Decimal("500000"),
            "currency": "EUR",
            "start": date(2024, 1, 1),
            "end": date(2027, 12, 31),
            "cofinancing_rate": Decimal("40"),
            "hourly_value": Decimal("80"),
        },
    )
    world["other_funder_user"] = FunderUserFactory(
        funder=other_funder, user=UserFactory(email="funder.other@example.org")
    ).user
    world.update(other_funder=other_funder, other_programme=other_programme)
