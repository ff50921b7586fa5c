"""Trip pages and API (internationalization/views/trips.py, internationalization/api/trips.py).
The firm applies, reports and claims; the cluster's managers approve, reject and reimburse.
The receipt download answers 404 to anyone who may not see the claim."""

from tests.access.routes import (
    API,
    BAD_INPUT,
    ENROLMENT,
    PAGE,
    PROJECT,
    STAFF_AREA,
    Route,
    pk_of,
    slug_of_project,
)

TRIP = pk_of("trip")
CLAIM = pk_of("expense_claim")
BY_FIRM = frozenset({"firm_rep"})


def trip_step(kwargs=TRIP, **options) -> Route:
    return Route(PAGE, method="post", kwargs=kwargs, scope=ENROLMENT, **options)


def trip_action(kwargs=TRIP, **options) -> Route:
    return Route(API, method="post", kwargs=kwargs, scope=ENROLMENT, **options)


_ROUTES: dict[str, Route] = {
    # The list works on the current cluster.
    "internationalization:trip-list": Route(PAGE, scope=STAFF_AREA),
    "internationalization:trip-apply": Route(
        PAGE, kwargs=pk_of("enrolment"), scope=ENROLMENT, write=True, writers=BY_FIRM
    ),
    # Setting the caps per country: the project's viewers who may not are refused.
    "internationalization:trip-caps": Route(
        PAGE, kwargs=slug_of_project, scope=PROJECT, write=True
    ),
    "internationalization:trip-detail": Route(PAGE, kwargs=TRIP, scope=ENROLMENT),
    # The world's trip is approved already and not done: deciding it again and reporting on it
    # are refused as input, and so is deciding a claim without saying how.
    "internationalization:trip-approve": trip_step(ok=BAD_INPUT),
    "internationalization:trip-reject": trip_step(ok=BAD_INPUT),
    "internationalization:trip-done": trip_step(),
    "internationalization:trip-report": trip_step(writers=BY_FIRM, ok=BAD_INPUT),
    "internationalization:expense-claim-create": Route(
        PAGE, kwargs=TRIP, scope=ENROLMENT, write=True, writers=BY_FIRM
    ),
    "internationalization:expense-claim-decide": trip_step(CLAIM, ok=BAD_INPUT),
    "internationalization:expense-claim-reimbursed": trip_step(CLAIM, ok=BAD_INPUT),
    "internationalization:receipt": Route(PAGE, kwargs=CLAIM, scope=ENROLMENT),
    "api:trip-list": Route(API, lists=("trip", ENROLMENT)),
    "api:trip-detail": Route(API, kwargs=TRIP, scope=ENROLMENT),
    "api:trip-approve": trip_action(ok=BAD_INPUT),
    "api:trip-reject": trip_action(ok=BAD_INPUT),
    "api:trip-done": trip_action(),
    "api:trip-report": trip_action(writers=BY_FIRM, ok=BAD_INPUT),
    # The firm withdraws an undecided trip; the world's trip is approved: refused as input.
    "internationalization:trip-withdraw": trip_step(writers=BY_FIRM, ok=BAD_INPUT),
    "api:trip-withdraw": trip_action(writers=BY_FIRM, ok=BAD_INPUT),
    "internationalization:trip-made": Route(
        PAGE, kwargs=pk_of("enrolment"), scope=ENROLMENT, write=True, writers=BY_FIRM
    ),
    "api:expense-claim-list": Route(API, lists=("expense_claim", ENROLMENT)),
    "api:expense-claim-detail": Route(API, kwargs=CLAIM, scope=ENROLMENT),
    "api:expense-claim-approve": trip_action(CLAIM),
    "api:expense-claim-reject": trip_action(CLAIM, ok=BAD_INPUT),
    "api:expense-claim-reimbursed": trip_action(CLAIM, ok=BAD_INPUT),
}


def trip_of_the_firm(world: dict) -> dict:
    return {
        "enrolment": world["enrolment"].pk,
        "country": "DE",
        "city": "Berlin",
        "start": "2026-07-01",
        "end": "2026-07-03",
        "purpose": "fair",
        "budget_requested": "500",
    }


# Applying for a trip for the world's firm: its enrolment is unknown (400) to those who may
# not see it.
EXPECTATIONS = _ROUTES | {
    "api:trip-list POST": Route(
        API,
        method="post",
        json=True,
        data=trip_of_the_firm,
        scope=ENROLMENT,
        hidden=BAD_INPUT,
        writers=BY_FIRM,
        ok=201,
    ),
    # Reporting a trip the firm already made: the same body, its dates in the past.
    "api:trip-made": Route(
        API,
        method="post",
        json=True,
        data=trip_of_the_firm,
        scope=ENROLMENT,
        hidden=BAD_INPUT,
        writers=BY_FIRM,
        ok=201,
    ),
}
