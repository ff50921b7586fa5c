"""Step 9a, coaching: the one-to-one sessions each firm had with its coach. Most were logged by
the coach and confirmed by the firm at five o'clock the same day (or not yet, for the latest
ones of 2026); a few of 2026 the firm logged itself and they await its coach, and one the firm
disputes (the row's optional last columns: who logged it, and the firm's reason).

Written directly: ``coaching_session_log`` takes sessions only for firms that still take part,
and the firms of the closed TRIIP completed or dropped out long ago; confirming stamps today.
"""

from __future__ import annotations

from decimal import Decimal

from demo.enrolments import enrolment_of
from demo.seeding import SeedTally, aware, upsert
from demo.stories import PROJECTS
from internationalization.choices import SessionSide, SessionStatus
from internationalization.models import CoachingSession
from projects.models import Enrolment


def _state(enrolment: Enrolment, confirmed: bool, side: str, reason: str) -> dict:
    """Who logged the session, and where it stands."""
    if confirmed:
        status = SessionStatus.CONFIRMED
    else:
        status = SessionStatus.DISPUTED if reason else SessionStatus.AWAITING
    if side == SessionSide.FIRM:
        representative = enrolment.organization.representatives.order_by("pk").first()
        logged_by = representative.user if representative else None
    else:
        logged_by = enrolment.coach
    return {
        "logged_by_side": side,
        "logged_by": logged_by,
        "status": status,
        "dispute_reason": reason,
    }


def seed_coaching(tally: SeedTally) -> None:
    for story in PROJECTS:
        for registry_id, sessions in story.SESSIONS:
            enrolment = enrolment_of(story.PROJECT["slug"], registry_id)
            for day, hours, topic, confirmed, *rest in sessions:
                side, reason = (*rest, "")[:2] if rest else (SessionSide.OFFICE, "")
                upsert(
                    tally,
                    CoachingSession,
                    {"enrolment": enrolment, "date": day, "topic": topic},
                    {
                        "hours": Decimal(hours),
                        "coach": enrolment.coach,
                        "confirmed_at": aware(day, 17) if confirmed else None,
                        "confirmed_by": None,
                        **_state(enrolment, confirmed, side, reason),
                    },
                )
