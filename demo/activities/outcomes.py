"""Step 9f, outcomes: what the firms reported, by the firm, its coach or the manager: contacts
and partners abroad, new customers and retailers, units sold, prototypes, markets entered and
follow-up programmes (docs/domain.md §2).

Recorded through ``outcome_record``; an outcome changed since is set back directly.
"""

from __future__ import annotations

from demo.enrolments import enrolment_of
from demo.seeding import SeedTally, upsert
from demo.stories import PROJECTS
from internationalization.models import Outcome
from internationalization.services.outcomes import outcome_record


def seed_outcomes(tally: SeedTally) -> None:
    for story in PROJECTS:
        for registry_id, kind, day, country, quantity, note, source in story.OUTCOMES:
            enrolment = enrolment_of(story.PROJECT["slug"], registry_id)
            upsert(
                tally,
                Outcome,
                {"enrolment": enrolment, "kind": kind, "date": day},
                {"country": country, "quantity": quantity, "note": note, "source": source},
                create=lambda data: outcome_record(**data, recorded_by=None),
            )
