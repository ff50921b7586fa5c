"""Step 9a, coaching: the one-to-one sessions each firm had with its coach, confirmed by the
firm at five o'clock the same day (or not yet, for the latest ones of 2026).

Written directly: ``coaching_session_log`` takes sessions only for firms that still take part,
and the firms of the closed TRIIP completed or dropped out long ago; confirming stamps today.
"""

from __future__ import annotations

from decimal import Decimal

from demo.enrolments import enrolment_of
from demo.seeding import SeedTally, aware, upsert
from demo.stories import PROJECTS
from internationalization.choices import SessionStatus
from internationalization.models import CoachingSession


def seed_coaching(tally: SeedTally) -> None:
    for story in PROJECTS:
        for registry_id, sessions in story.SESSIONS:
            enrolment = enrolment_of(story.PROJECT["slug"], registry_id)
            for day, hours, topic, confirmed in sessions:
                upsert(
                    tally,
                    CoachingSession,
                    {"enrolment": enrolment, "date": day, "topic": topic},
                    {
                        "hours": Decimal(hours),
                        "coach": enrolment.coach,
                        "confirmed_at": aware(day, 17) if confirmed else None,
                        "confirmed_by": None,
                        "status": SessionStatus.CONFIRMED if confirmed else SessionStatus.AWAITING,
                    },
                )
