"""Activity pages and API: coaching, workshops, the export lab, outcomes, completion and the
coach's page (internationalization/views/{coaching,workshops,export_lab,outcomes}.py,
internationalization/api/activities.py).

A firm's activities are the office's, its coach's and its own; the firm confirms its coaching
sessions, the coach logs them and works the export lab, and outcomes are reported by the firm,
its coach and the managers. A project's workshops and export-lab board are for its staff and
its firms' coaches.
"""

from tests.access.routes import (
    ACTIVITIES,
    API,
    BAD_INPUT,
    ENROLMENT,
    PAGE,
    PROJECT,
    Route,
    pk_of,
    slug_of_project,
    with_patches,
)

ENROLMENT_PK = pk_of("enrolment")
WORKSHOP = pk_of("workshop")
BY_COACH = frozenset({"coach"})
BY_FIRM = frozenset({"firm_rep"})
BY_COACH_OR_FIRM = BY_COACH | BY_FIRM


def of_enrolment(key: str = "enrolment", **options) -> Route:
    return Route(PAGE, kwargs=pk_of(key), scope=ENROLMENT, **options)


def workshop_page(kwargs=WORKSHOP, write: bool = False) -> Route:
    return Route(PAGE, kwargs=kwargs, scope=ACTIVITIES, write=write)


_ROUTES: dict[str, Route] = {
    # The coach's page lists the user's own firms: empty, not refused, for anyone else.
    "internationalization:coach-home": Route(PAGE),
    "internationalization:session-list": of_enrolment(),
    # The coach logs the sessions they held, the firm the sessions it had (issue 10).
    "internationalization:session-create": of_enrolment(write=True, writers=BY_COACH_OR_FIRM),
    "internationalization:allotment-change": of_enrolment(write=True),
    # Only the firm confirms that a session took place.
    "internationalization:session-confirm": of_enrolment(
        "coaching_session", method="post", writers=BY_FIRM, expect={"manager": 403}
    ),
    "internationalization:session-detail": of_enrolment("coaching_session"),
    # The world's session was logged by the coach: the firm disputes it, the office may not.
    "internationalization:session-dispute": of_enrolment(
        "coaching_session",
        method="post",
        writers=BY_FIRM,
        data={"reason": "We met for one hour only."},
        expect={"manager": 403},
    ),
    # ... and the side that logged it (its coach, a manager) corrects it.
    "internationalization:session-correct": of_enrolment(
        "coaching_session", write=True, writers=BY_COACH
    ),
    "internationalization:workshop-list": workshop_page(slug_of_project),
    "internationalization:workshop-create": workshop_page(slug_of_project, write=True),
    # The world's firm is invited to the workshop: it reads it, with its own invitation only
    # (issue 10; it answered 403 before).
    "internationalization:workshop-detail": Route(
        PAGE, kwargs=WORKSHOP, scope=ACTIVITIES, expect={"firm_rep": 200}
    ),
    "internationalization:workshop-edit": workshop_page(write=True),
    "internationalization:workshop-invite": workshop_page(write=True),
    "internationalization:workshop-attendance": workshop_page(write=True),
    "internationalization:export-lab-board": workshop_page(slug_of_project),
    # The project workspace's activity tabs (internationalization/views/workspace.py): the
    # office's lists of the project, and its coaching and outcomes for the coaches too.
    "internationalization:project-coaching": workshop_page(slug_of_project),
    "internationalization:project-outcomes": workshop_page(slug_of_project),
    "internationalization:project-timbank": Route(
        PAGE, kwargs=slug_of_project, scope=ACTIVITIES, expect={"coach": 403}
    ),
    "internationalization:project-trips": Route(
        PAGE, kwargs=slug_of_project, scope=ACTIVITIES, expect={"coach": 403}
    ),
    # Bulk steps on the pipeline's enrolments: the cluster's managers; no firm ticked sends
    # them back to the pipeline.
    "internationalization:enrolment-bulk": Route(
        PAGE, method="post", kwargs=slug_of_project, scope=PROJECT, data={"action": "decide"}
    ),
    # The world's firm has a track already: the start page sends those who may start one to it.
    "internationalization:export-lab-start": of_enrolment(write=True, writers=BY_COACH, ok=302),
    # The page's form moves the track on: its coach does too (the POST of
    # tests/test_access_methods.py).
    "internationalization:export-lab-track": of_enrolment("track", writers=BY_COACH),
    "internationalization:outcome-list": of_enrolment(),
    "internationalization:outcome-create": of_enrolment(write=True, writers=BY_COACH_OR_FIRM),
    "internationalization:enrolment-complete": of_enrolment(method="post"),
    "api:coaching-session-list": Route(API, lists=("coaching_session", ENROLMENT)),
    "api:coaching-session-detail": Route(API, kwargs=pk_of("coaching_session"), scope=ENROLMENT),
    "api:coaching-session-confirm": Route(
        API,
        method="post",
        kwargs=pk_of("coaching_session"),
        scope=ENROLMENT,
        writers=BY_FIRM,
        expect={"manager": 403},
    ),
    # Over the API a workshop is read by everyone who sees its project, each seeing only the
    # invitations they may (a firm its own); the pages show it to the staff and coaches only.
    "api:coaching-session-dispute": Route(
        API,
        method="post",
        kwargs=pk_of("coaching_session"),
        scope=ENROLMENT,
        writers=BY_FIRM,
        data={"reason": "We met for one hour only."},
        expect={"manager": 403},
    ),
    "api:coaching-session-correct": Route(
        API,
        method="post",
        kwargs=pk_of("coaching_session"),
        scope=ENROLMENT,
        writers=BY_COACH,
        json=True,
        data=lambda world: {
            "date": world["coaching_session"].date.isoformat(),
            "hours": "1",
            "topic": "Market choice, corrected",
        },
    ),
    "api:workshop-list": Route(API, lists=("workshop", PROJECT)),
    "api:workshop-detail": Route(API, kwargs=WORKSHOP, scope=PROJECT),
    # Nobody named to invite: refused as input.
    "api:workshop-invite": Route(API, method="post", kwargs=WORKSHOP, scope=PROJECT, ok=BAD_INPUT),
    "api:workshop-attendance": Route(
        API, method="post", kwargs=WORKSHOP, scope=PROJECT, data={"attended": []}
    ),
    "api:export-lab-track-list": Route(API, lists=("track", ENROLMENT)),
    "api:export-lab-track-detail": Route(API, kwargs=pk_of("track"), scope=ENROLMENT),
    "api:export-lab-track-advance": Route(
        API,
        method="post",
        kwargs=pk_of("track"),
        scope=ENROLMENT,
        writers=BY_COACH,
        data={"to_stage": "market_analysis", "entered_on": "2026-04-01"},
    ),
    # Managers verify what a firm reports; the world's outcome came from the coach and is
    # verified already: the page says so in a message, the API answers 400.
    "internationalization:outcome-verify": of_enrolment("outcome", method="post"),
    "api:outcome-verify": Route(
        API,
        method="post",
        kwargs=pk_of("outcome"),
        scope=ENROLMENT,
        json=True,
        data={"verified": True},
        ok=BAD_INPUT,
    ),
    "api:outcome-list": Route(API, lists=("outcome", ENROLMENT)),
    "api:outcome-detail": Route(API, kwargs=pk_of("outcome"), scope=ENROLMENT),
}


def session_for_the_firm(world: dict) -> dict:
    return {
        "enrolment": world["enrolment"].pk,
        "date": "2026-03-05",
        "hours": "1",
        "topic": "Pricing",
    }


def outcome_of_the_firm(world: dict) -> dict:
    return {
        "enrolment": world["enrolment"].pk,
        "kind": "international_contact",
        "date": "2026-04-02",
        "country": "DE",
    }


# Creating for the world's firm: the body names its enrolment, unknown (400) to those who may
# not see it.
_ROUTES |= {
    "api:coaching-session-list POST": Route(
        API,
        method="post",
        json=True,
        data=session_for_the_firm,
        scope=ENROLMENT,
        hidden=BAD_INPUT,
        writers=BY_COACH_OR_FIRM,
        ok=201,
    ),
    "api:outcome-list POST": Route(
        API,
        method="post",
        json=True,
        data=outcome_of_the_firm,
        scope=ENROLMENT,
        hidden=BAD_INPUT,
        writers=BY_COACH_OR_FIRM,
        ok=201,
    ),
}

EXPECTATIONS = with_patches(
    _ROUTES,
    "api:workshop-detail",
)
