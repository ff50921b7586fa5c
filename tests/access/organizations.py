from tests.access.routes import API, PAGE, Route, pk_of

EXPECTATIONS: dict[str, Route] = {
    "members:organization-create": Route(PAGE),
    "members:organization-detail": Route(PAGE, kwargs=pk_of("organization"), tenant_object=True),
    "members:organization-edit": Route(PAGE, kwargs=pk_of("organization"), tenant_object=True),
    "members:membership-transition": Route(
        PAGE,
        method="post",
        kwargs=pk_of("organization"),
        tenant_object=True,
        data={"to_status": "suspended", "on": "2026-01-01"},
    ),
    "members:fees": Route(PAGE),
    "members:fee-schedule-create": Route(PAGE, method="post"),
    "members:fees-issue": Route(PAGE, method="post"),
    "members:fee-paid": Route(
        PAGE,
        method="post",
        kwargs=pk_of("fee_payment"),
        tenant_object=True,
        data={"paid_on": "2026-01-01"},
    ),
    "api:organization-list": Route(API),
    "api:organization-detail": Route(API, kwargs=pk_of("organization"), tenant_object=True),
    "api:membership-list": Route(API),
    "api:membership-detail": Route(API, kwargs=pk_of("membership"), tenant_object=True),
    "api:membership-transition": Route(
        API,
        method="post",
        kwargs=pk_of("membership"),
        tenant_object=True,
        data={"to_status": "suspended", "on": "2026-01-01"},
    ),
    "api:fee-payment-list": Route(API),
    "api:fee-payment-detail": Route(API, kwargs=pk_of("fee_payment"), tenant_object=True),
    "api:fee-payment-paid": Route(
        API,
        method="post",
        kwargs=pk_of("fee_payment"),
        tenant_object=True,
        data={"paid_on": "2026-01-01"},
    ),
}
