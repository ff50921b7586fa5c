"""Access expectations of the trip pages and API (internationalization/views/trips.py,
internationalization/api/trips.py). The receipt download answers 404 to anyone who may not
see the claim, and sends everyone else's anonymous visit to the login page."""

from tests.access.routes import API, PAGE, Route, pk_of

TRIP = pk_of("trip")
CLAIM = pk_of("expense_claim")

EXPECTATIONS: dict[str, Route] = {
    # The list works on the current cluster.
    "internationalization:trip-list": Route(PAGE),
    "internationalization:trip-apply": Route(PAGE, kwargs=pk_of("enrolment"), tenant_object=True),
    "internationalization:trip-caps": Route(
        PAGE, kwargs=lambda world: {"slug": world["project"].slug}, tenant_object=True
    ),
    "internationalization:trip-detail": Route(PAGE, kwargs=TRIP, tenant_object=True),
    "internationalization:trip-approve": Route(
        PAGE, method="post", kwargs=TRIP, tenant_object=True
    ),
    "internationalization:trip-reject": Route(PAGE, method="post", kwargs=TRIP, tenant_object=True),
    "internationalization:trip-done": Route(PAGE, method="post", kwargs=TRIP, tenant_object=True),
    "internationalization:trip-report": Route(PAGE, method="post", kwargs=TRIP, tenant_object=True),
    "internationalization:expense-claim-create": Route(PAGE, kwargs=TRIP, tenant_object=True),
    "internationalization:expense-claim-decide": Route(
        PAGE, method="post", kwargs=CLAIM, tenant_object=True
    ),
    "internationalization:expense-claim-reimbursed": Route(
        PAGE, method="post", kwargs=CLAIM, tenant_object=True
    ),
    "internationalization:receipt": Route(PAGE, kwargs=CLAIM, tenant_object=True),
    "api:trip-list": Route(API),
    "api:trip-detail": Route(API, kwargs=TRIP, tenant_object=True),
    "api:trip-approve": Route(API, method="post", kwargs=TRIP, tenant_object=True),
    "api:trip-reject": Route(API, method="post", kwargs=TRIP, tenant_object=True),
    "api:trip-done": Route(API, method="post", kwargs=TRIP, tenant_object=True),
    "api:trip-report": Route(API, method="post", kwargs=TRIP, tenant_object=True),
    "api:expense-claim-list": Route(API),
    "api:expense-claim-detail": Route(API, kwargs=CLAIM, tenant_object=True),
    "api:expense-claim-approve": Route(API, method="post", kwargs=CLAIM, tenant_object=True),
    "api:expense-claim-reject": Route(API, method="post", kwargs=CLAIM, tenant_object=True),
    "api:expense-claim-reimbursed": Route(API, method="post", kwargs=CLAIM, tenant_object=True),
}
