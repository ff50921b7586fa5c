"""Step 9f, outcomes: what the firms reported, by the firm, its coach or the manager: contacts
and partners abroad, new customers and retailers, units sold, prototypes, markets entered and
follow-up programmes (docs/domain.md §2).

Recorded through ``outcome_record``; an outcome changed since is set back directly. A joint
activity with research names its research organisation (the row's last column).
"""

from __future__ import annotations

from demo.enrolments import enrolment_of
from demo.seeding import SeedTally, upsert
from demo.stories import PROJECTS
from internationalization.choices import Verification
from internationalization.models import Outcome
from internationalization.services.outcomes import outcome_record
from members.models import Organization


def _record(data: dict) -> Outcome:
    """Through the service; then the verification the row states (the firm's own reports are
    verified by the cluster, but for the ones still awaiting it)."""
    verification = data.pop("verification")
    outcome = outcome_record(**data, recorded_by=None)
    if outcome.verification != verification:
        outcome.verification = verification
        outcome.save(update_fields=["verification"])
    return outcome


def seed_outcomes(tally: SeedTally) -> None:
    for story in PROJECTS:
        awaiting = getattr(story, "OUTCOMES_AWAITING_VERIFICATION", set())
        for registry_id, kind, day, country, quantity, note, source, *partner in story.OUTCOMES:
            enrolment = enrolment_of(story.PROJECT["slug"], registry_id)
            values = {"country": country, "quantity": quantity, "note": note, "source": source}
            values["verification"] = (
                Verification.REPORTED
                if (registry_id, kind, day) in awaiting
                else Verification.VERIFIED
            )
            values["partner"] = (
                Organization.objects.get(cluster=enrolment.project.cluster, registry_id=partner[0])
                if partner
                else None
            )
            upsert(
                tally,
                Outcome,
                {"enrolment": enrolment, "kind": kind, "date": day},
                values,
                create=_record,
            )
