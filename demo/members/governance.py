"""Step 5, people and governance: the people of each cluster with their affiliations, the
governing bodies with their seats (Kaluga's three levels, fpx's board, Innokam's HR committee),
and the meetings with who attended, the decision taken and its action item.

Every row goes through the services of members/ that the governance pages call.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

from accounts.models import User
from clusters.models import Cluster
from demo.data import CLUSTERS
from demo.seeding import SeedTally, replace_set, saved_by, upsert
from members.choices import SeatRole
from members.models import (
    ActionItem,
    Affiliation,
    Body,
    Decision,
    Meeting,
    Organization,
    Person,
    Seat,
)
from members.services import (
    action_item_save,
    affiliation_save,
    body_save,
    decision_save,
    meeting_save,
    meeting_set_attendance,
    person_save,
    seat_save,
)

# Every demo person agreed to be listed on this day.
CONSENT_ON = date(2024, 1, 15)


def _affiliate(tally: SeedTally, person: Person, organization: Organization, details) -> None:
    """``details``: the title, the share of time in % and the first day."""
    title, share, start = details
    upsert(
        tally,
        Affiliation,
        {"person": person, "organization": organization},
        {"title": title, "share_of_time": Decimal(share), "start": start},
        **saved_by(affiliation_save, "affiliation", person=person),
    )


def _seed_people(tally: SeedTally, clusters: dict[str, Cluster], orgs) -> dict[str, Person]:
    people = {}
    users = {user.email: user for user in User.objects.all()}
    for story in CLUSTERS:
        cluster = clusters[story.CLUSTER["slug"]]
        for first, last, email, affiliation in story.PEOPLE:
            values = {
                "first_name": first,
                "last_name": last,
                "consent": True,
                "consent_on": CONSENT_ON,
                "user": users.get(email),
            }
            person = upsert(
                tally,
                Person,
                {"cluster": cluster, "email": email},
                values,
                **saved_by(person_save, "person", cluster=cluster),
            )
            people[email] = person
            if affiliation:
                registry_id, *details = affiliation
                _affiliate(tally, person, orgs[(cluster.pk, registry_id)], details)
    for story in CLUSTERS:
        for email, registry_id, *details in story.EXTRA_AFFILIATIONS:
            person = people[email]
            _affiliate(tally, person, orgs[(person.cluster_id, registry_id)], details)
    return people


def _seed_bodies(tally, cluster: Cluster, story, people, orgs) -> dict[str, Body]:
    bodies = {}
    for name, kind, seats in story.BODIES:
        body = upsert(
            tally,
            Body,
            {"cluster": cluster, "name": name},
            {"kind": kind},
            **saved_by(body_save, "body", cluster=cluster),
        )
        bodies[name] = body
        for email, role, registry_id, start in seats:
            values = {
                "role": role,
                "organization": orgs[(cluster.pk, registry_id)],
                "voting_right": role != SeatRole.OBSERVER,
            }
            lookup = {"body": body, "person": people[email], "term_start": start}
            upsert(tally, Seat, lookup, values, **saved_by(seat_save, "seat", body=body))
    return bodies


def _seed_decision(tally: SeedTally, meeting: Meeting, decision, people) -> None:
    text, votes_for, against, abstain, outcome, (action, owner, due) = decision
    values = {
        "votes_for": votes_for,
        "votes_against": against,
        "abstentions": abstain,
        "outcome": outcome,
    }
    saved = upsert(
        tally,
        Decision,
        {"meeting": meeting, "text": text},
        values,
        **saved_by(decision_save, "decision", meeting=meeting),
    )
    upsert(
        tally,
        ActionItem,
        {"decision": saved, "text": action},
        {"owner": people[owner], "due_on": due},
        **saved_by(action_item_save, "item", decision=saved),
    )


def _seed_meetings(tally: SeedTally, story, bodies: dict[str, Body], people) -> None:
    for body_name, day, title, agenda, minutes, present, decision in story.MEETINGS:
        body = bodies[body_name]
        meeting = upsert(
            tally,
            Meeting,
            {"body": body, "date": day},
            {"title": title, "agenda": agenda, "minutes": minutes},
            **saved_by(meeting_save, "meeting", body=body),
        )
        attendees = [people[email] for email in present]
        replace_set(
            tally,
            {a.person_id: a.present for a in meeting.attendances.all()},
            {person.pk: True for person in attendees},
            partial(meeting_set_attendance, meeting=meeting, present=attendees, excused=[]),
        )
        if decision:
            _seed_decision(tally, meeting, decision, people)


def seed_people_and_governance(tally: SeedTally, clusters: dict[str, Cluster]) -> None:
    orgs = {(o.cluster_id, o.registry_id): o for o in Organization.objects.all()}
    people = _seed_people(tally, clusters, orgs)
    for story in CLUSTERS:
        cluster = clusters[story.CLUSTER["slug"]]
        bodies = _seed_bodies(tally, cluster, story, people, orgs)
        _seed_meetings(tally, story, bodies, people)
