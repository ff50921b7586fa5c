"""Step 9c, the timbank: fpx's consultants, each project's pool of consultant hours, the firms'
requests in every state (closed, approved, pending, waiting for information) and the hours the
consultants logged against them.

The consultants go through ``consultant_save``. The pool, the requests and the timesheets are
written directly, each in its final state: the request services stamp today and take only
firms that still take part, and ``timbank_pool_set`` cannot hold the hours the approved
requests reserve without a second save of the pool.
"""

from __future__ import annotations

from decimal import Decimal

from accounts.models import User
from clusters.models import Cluster
from demo.data import triip
from demo.data.logins import TRIIP_MANAGER
from demo.enrolments import enrolment_of
from demo.seeding import SeedTally, aware, saved_by, upsert
from demo.stories import PROJECTS
from internationalization.models import Consultant, TimbankPool, TimbankRequest, TimesheetEntry
from internationalization.services.timbank import consultant_save
from projects.models import Project


def _seed_consultants(tally: SeedTally, cluster: Cluster) -> dict[str, Consultant]:
    """The consultant of each service."""
    by_service = {}
    for name, services in triip.CONSULTANTS:
        consultant = upsert(
            tally,
            Consultant,
            {"cluster": cluster, "name": name},
            {"services": services},
            **saved_by(consultant_save, "consultant", cluster=cluster),
        )
        by_service.update(dict.fromkeys(consultant.services, consultant))
    return by_service


def _seed_pool(tally: SeedTally, story) -> None:
    """The pool, with the hours the approved (not yet closed) requests reserve."""
    reserved = sum((Decimal(row[3]) for row in story.TIMBANK if row[7] == "approved"), Decimal(0))
    upsert(
        tally,
        TimbankPool,
        {"project": Project.objects.get(slug=story.PROJECT["slug"])},
        {**story.TIMBANK_POOL, "hours_reserved": reserved},
    )


def _request_values(row, manager: User) -> dict:
    """A request asked for by the 28th of its month, decided (if it was) by the manager, and
    closed a year after the decision."""
    _registry_id, _service, asked, approved, _used, asked_on, decided_on, status = row
    return {
        "hours_requested": Decimal(asked),
        "hours_approved": Decimal(approved),
        "needed_by": asked_on.replace(day=28),
        "purpose": triip.TIMBANK_PURPOSE,
        "status": status,
        "requested_at": aware(asked_on),
        "decided_at": aware(decided_on) if decided_on else None,
        "decided_by": manager if decided_on else None,
        "decision_note": triip.INFO_REQUEST_NOTE if status == "info_requested" else "",
        "closed_at": aware(decided_on.replace(year=decided_on.year + 1))
        if status == "closed"
        else None,
    }


def _seed_requests(tally: SeedTally, story, consultants: dict[str, Consultant], manager) -> None:
    for row in story.TIMBANK:
        registry_id, service, _asked, _approved, used, _asked_on, decided_on, _status = row
        request = upsert(
            tally,
            TimbankRequest,
            {"enrolment": enrolment_of(story.PROJECT["slug"], registry_id), "service": service},
            _request_values(row, manager),
        )
        if Decimal(used):
            upsert(
                tally,
                TimesheetEntry,
                {"request": request, "consultant": consultants[service]},
                {"date": decided_on.replace(day=28), "hours": Decimal(used)},
            )


def seed_timbank(tally: SeedTally) -> None:
    consultants = _seed_consultants(tally, Cluster.objects.get(slug=triip.CLUSTER))
    for story in PROJECTS:
        _seed_pool(tally, story)
    manager = User.objects.get(email=TRIIP_MANAGER)
    for story in PROJECTS:
        _seed_requests(tally, story, consultants, manager)
