"""Timbank pages and API (internationalization/views/timbank.py,
internationalization/api/timbank.py). The firm requests hours and answers questions; the
cluster's managers decide, keep timesheets and close."""

from tests.access.routes import (
    API,
    BAD_INPUT,
    ENROLMENT,
    OFFICE,
    PAGE,
    PROJECT,
    STAFF_AREA,
    Route,
    pk_of,
    slug_of_project,
)

REQUEST = pk_of("timbank_request")
BY_FIRM = frozenset({"firm_rep"})


def request_step(**options) -> Route:
    return Route(PAGE, method="post", kwargs=REQUEST, scope=ENROLMENT, **options)


def request_action(**options) -> Route:
    return Route(API, method="post", kwargs=REQUEST, scope=ENROLMENT, **options)


_ROUTES: dict[str, Route] = {
    # The queue and the consultants work on the current cluster.
    "internationalization:timbank-queue": Route(PAGE, scope=STAFF_AREA),
    "internationalization:consultant-list": Route(PAGE, scope=STAFF_AREA),
    "internationalization:consultant-create": Route(PAGE, scope=STAFF_AREA, write=True),
    "internationalization:consultant-edit": Route(
        PAGE, kwargs=pk_of("consultant"), scope=OFFICE, write=True
    ),
    # Setting the pool: the project's viewers who may not are refused.
    "internationalization:timbank-pool": Route(
        PAGE, kwargs=slug_of_project, scope=PROJECT, write=True
    ),
    "internationalization:timbank-request-create": Route(
        PAGE, kwargs=pk_of("enrolment"), scope=ENROLMENT, write=True, writers=BY_FIRM
    ),
    "internationalization:timbank-request-detail": Route(PAGE, kwargs=REQUEST, scope=ENROLMENT),
    # The world's request is approved already: deciding it again and replying are refused as
    # input, and so is an empty timesheet line.
    "internationalization:timbank-request-approve": request_step(ok=BAD_INPUT),
    "internationalization:timbank-request-reject": request_step(ok=BAD_INPUT),
    "internationalization:timbank-request-ask-info": request_step(ok=BAD_INPUT),
    "internationalization:timbank-request-reply": request_step(writers=BY_FIRM, ok=BAD_INPUT),
    "internationalization:timesheet-log": request_step(ok=BAD_INPUT),
    "internationalization:timbank-request-close": request_step(),
    "api:timbank-request-list": Route(API, lists=("timbank_request", ENROLMENT)),
    "api:timbank-request-detail": Route(API, kwargs=REQUEST, scope=ENROLMENT),
    "api:timbank-request-approve": request_action(ok=BAD_INPUT),
    "api:timbank-request-reject": request_action(ok=BAD_INPUT),
    "api:timbank-request-ask-info": request_action(ok=BAD_INPUT),
    "api:timbank-request-reply": request_action(writers=BY_FIRM, ok=BAD_INPUT),
    # The firm withdraws an undecided request; the world's request is approved already.
    "internationalization:timbank-request-withdraw": request_step(writers=BY_FIRM, ok=BAD_INPUT),
    "api:timbank-request-withdraw": request_action(writers=BY_FIRM, ok=BAD_INPUT),
    "api:timbank-request-close": request_action(),
    "api:timesheet-entry-list": Route(API, lists=("timesheet_entry", ENROLMENT)),
    "api:timesheet-entry-detail": Route(API, kwargs=pk_of("timesheet_entry"), scope=ENROLMENT),
}


def hours_for_the_firm(world: dict) -> dict:
    return {
        "enrolment": world["enrolment"].pk,
        "service": "legal",
        "hours_requested": "2",
        "needed_by": "2026-10-31",
        "purpose": "Read a contract.",
    }


# Asking for hours for the world's firm: its enrolment is unknown (400) to those who may not
# see it.
EXPECTATIONS = _ROUTES | {
    "api:timbank-request-list POST": Route(
        API,
        method="post",
        json=True,
        data=hours_for_the_firm,
        scope=ENROLMENT,
        hidden=BAD_INPUT,
        writers=BY_FIRM,
        ok=201,
    ),
}
