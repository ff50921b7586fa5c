"""Projects and intake (projects/views/, projects/api/). A project's terms are seen by its
staff, its firms' coaches and representatives and its funders; its intake, funding and
partners by the office; an enrolment by the office, the firm's coach and the firm."""

from django.utils import timezone

from tests.access.routes import (
    ACTIVITIES,
    API,
    BAD_INPUT,
    ENROLMENT,
    PAGE,
    PROJECT,
    STAFF_AREA,
    Route,
    pk_of,
    slug_of_project,
    with_patches,
)

ENROLMENT_PK = pk_of("enrolment")
# A fee is paid on or after the acceptance, which the world records today.
TODAY = timezone.localdate().isoformat()
# The commitment label is the coach's or a manager's to set.
BY_COACH = frozenset({"coach"})


def partner_of_project(world: dict) -> dict:
    return {"slug": world["project"].slug, "pk": world["partner"].pk}


def target_of_project(world: dict) -> dict:
    return {"slug": world["project"].slug, "pk": world["project_target"].pk}


def completion_rule_of_project(world: dict) -> dict:
    return {"slug": world["project"].slug, "pk": world["completion_rule"].pk}


def project_page(kwargs=slug_of_project, scope: str = PROJECT, **options) -> Route:
    return Route(PAGE, kwargs=kwargs, scope=scope, **options)


def enrolment_step(data: dict | None = None, **options) -> Route:
    return Route(
        PAGE, method="post", kwargs=ENROLMENT_PK, scope=ENROLMENT, data=data or {}, **options
    )


def enrolment_action(data: dict | None = None, **options) -> Route:
    return Route(
        API, method="post", kwargs=ENROLMENT_PK, scope=ENROLMENT, data=data or {}, **options
    )


_ROUTES: dict[str, Route] = {
    "projects:project-list": Route(PAGE, lists=("project", PROJECT)),
    "projects:project-create": Route(PAGE, scope=STAFF_AREA, write=True),
    "projects:project-detail": project_page(),
    "projects:project-edit": project_page(write=True),
    "projects:project-funding": project_page(write=True),
    "projects:partner-create": project_page(write=True),
    "projects:partner-coach-create": project_page(partner_of_project, write=True),
    "projects:target-create": project_page(write=True),
    "projects:target-remove": Route(PAGE, method="post", kwargs=target_of_project, scope=PROJECT),
    "projects:completion-rule-create": project_page(write=True),
    "projects:completion-rule-remove": Route(
        PAGE, method="post", kwargs=completion_rule_of_project, scope=PROJECT
    ),
    "projects:cohort-create": project_page(write=True),
    # Firms apply for themselves; the other firm has applied already, and may apply again
    # for nobody else.
    "projects:apply": project_page(write=True, writers=frozenset({"firm_rep", "other_firm_rep"})),
    # Every viewer of the project reaches its list, which shows only the enrolments they see;
    # a funder is told that it reads enrolments as the figures of the reports, not shown an
    # empty list.
    "projects:enrolment-list": project_page(lists=("enrolment", ENROLMENT), expect={"funder": 403}),
    # The participant list holds contact addresses: the office's (a POST from the pipeline's
    # ticks, writing nothing).
    "projects:enrolment-export": Route(
        PAGE,
        method="post",
        write=False,
        kwargs=slug_of_project,
        scope=ACTIVITIES,
        data={"format": "csv"},
        ok=200,
        expect={"coach": 403},
    ),
    "projects:enrolment-detail": Route(PAGE, kwargs=ENROLMENT_PK, scope=ENROLMENT),
    # The world's enrolment is active: the intake steps behind it are refused as input.
    "projects:enrolment-override": enrolment_step({"justification": "Board"}, ok=BAD_INPUT),
    "projects:enrolment-interview-schedule": enrolment_step(
        {"interview_at": "2026-03-02T10:00"}, ok=BAD_INPUT
    ),
    "projects:enrolment-interview-record": enrolment_step({"held_on": "2026-03-02"}, ok=BAD_INPUT),
    # ... but its recorded interview stays correctable by the managers (issue 10).
    "projects:enrolment-interview-correct": enrolment_step(
        {"held_on": "2026-02-12", "notes": "Corrected"}
    ),
    "projects:enrolment-decide": enrolment_step({"accept": "no", "reason": "No"}, ok=BAD_INPUT),
    "projects:enrolment-activate": enrolment_step(ok=BAD_INPUT),
    "projects:enrolment-drop": enrolment_step({"phase": "trip", "reason": "other"}),
    "projects:enrolment-commitment": enrolment_step({"commitment": "leader"}, writers=BY_COACH),
    "projects:enrolment-fee-paid": enrolment_step({"paid_on": TODAY}),
    "api:project-list": Route(API, lists=("project", PROJECT)),
    "api:project-detail": Route(API, kwargs=slug_of_project, scope=PROJECT),
    "api:enrolment-list": Route(API, lists=("enrolment", ENROLMENT)),
    "api:enrolment-detail": Route(API, kwargs=ENROLMENT_PK, scope=ENROLMENT),
    "api:enrolment-interview": enrolment_action({"held_on": "2026-03-02"}, ok=BAD_INPUT),
    "api:enrolment-decide": enrolment_action({"accept": False, "reason": "No"}, ok=BAD_INPUT),
    "api:enrolment-activate": enrolment_action(ok=BAD_INPUT),
    "api:enrolment-drop": enrolment_action({"phase": "trip", "reason": "other"}),
    "api:enrolment-commitment": enrolment_action({"commitment": "leader"}, writers=BY_COACH),
    "api:enrolment-override": enrolment_action({"justification": "Board"}, ok=BAD_INPUT),
    "api:enrolment-fee-paid": enrolment_action({"paid_on": TODAY}),
}

EXPECTATIONS = with_patches(
    _ROUTES,
    "api:project-detail",
)
