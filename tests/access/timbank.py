"""Access expectations of the timbank pages and API (internationalization/views/timbank.py,
internationalization/api/timbank.py)."""

from tests.access.routes import API, PAGE, Route, pk_of

REQUEST = pk_of("timbank_request")

EXPECTATIONS: dict[str, Route] = {
    # The queue and the consultants work on the current cluster.
    "internationalization:timbank-queue": Route(PAGE),
    "internationalization:consultant-list": Route(PAGE),
    "internationalization:consultant-create": Route(PAGE),
    "internationalization:consultant-edit": Route(
        PAGE, kwargs=pk_of("consultant"), tenant_object=True
    ),
    "internationalization:timbank-pool": Route(
        PAGE, kwargs=lambda world: {"slug": world["project"].slug}, tenant_object=True
    ),
    "internationalization:timbank-request-create": Route(
        PAGE, kwargs=pk_of("enrolment"), tenant_object=True
    ),
    "internationalization:timbank-request-detail": Route(PAGE, kwargs=REQUEST, tenant_object=True),
    "internationalization:timbank-request-approve": Route(
        PAGE, method="post", kwargs=REQUEST, tenant_object=True
    ),
    "internationalization:timbank-request-reject": Route(
        PAGE, method="post", kwargs=REQUEST, tenant_object=True
    ),
    "internationalization:timbank-request-ask-info": Route(
        PAGE, method="post", kwargs=REQUEST, tenant_object=True
    ),
    "internationalization:timbank-request-reply": Route(
        PAGE, method="post", kwargs=REQUEST, tenant_object=True
    ),
    "internationalization:timesheet-log": Route(
        PAGE, method="post", kwargs=REQUEST, tenant_object=True
    ),
    "internationalization:timbank-request-close": Route(
        PAGE, method="post", kwargs=REQUEST, tenant_object=True
    ),
    "api:timbank-request-list": Route(API),
    "api:timbank-request-detail": Route(API, kwargs=REQUEST, tenant_object=True),
    "api:timbank-request-approve": Route(API, method="post", kwargs=REQUEST, tenant_object=True),
    "api:timbank-request-reject": Route(API, method="post", kwargs=REQUEST, tenant_object=True),
    "api:timbank-request-ask-info": Route(API, method="post", kwargs=REQUEST, tenant_object=True),
    "api:timbank-request-reply": Route(API, method="post", kwargs=REQUEST, tenant_object=True),
    "api:timbank-request-close": Route(API, method="post", kwargs=REQUEST, tenant_object=True),
    "api:timesheet-entry-list": Route(API),
    "api:timesheet-entry-detail": Route(API, kwargs=pk_of("timesheet_entry"), tenant_object=True),
}
