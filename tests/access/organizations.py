"""Organizations, memberships and fees (members/views/organizations.py,
members/api/organizations.py). A firm's own records are its representatives' to read too;
the cluster's managers change them. The firm's coach sees the firm, not its membership and
fees."""

from tests.access.routes import (
    API,
    BAD_INPUT,
    CLUSTER,
    CURRENT_CLUSTER,
    FIRM,
    FIRM_RECORDS,
    OFFICE,
    PAGE,
    STAFF_AREA,
    Route,
    pk_of,
    with_patches,
)

TRANSITION = {"to_status": "suspended", "on": "2026-01-01"}

_ROUTES: dict[str, Route] = {
    "members:organization-create": Route(PAGE, scope=STAFF_AREA, write=True),
    "members:organization-detail": Route(PAGE, kwargs=pk_of("organization"), scope=FIRM),
    "members:organization-edit": Route(PAGE, kwargs=pk_of("organization"), scope=FIRM, write=True),
    "members:membership-transition": Route(
        PAGE, method="post", kwargs=pk_of("organization"), scope=FIRM, data=TRANSITION
    ),
    # The fees page is the office's: a coach, who may see no fee, is told why (403).
    "members:fees": Route(
        PAGE,
        scope=CURRENT_CLUSTER,
        lists=("organization", FIRM_RECORDS),
        expect={"coach": 403, "other_coach": 403},
    ),
    # Posted empty: refused as input.
    "members:fee-schedule-create": Route(PAGE, method="post", scope=STAFF_AREA, ok=BAD_INPUT),
    "members:fees-issue": Route(PAGE, method="post", scope=STAFF_AREA, ok=BAD_INPUT),
    "members:fee-paid": Route(
        PAGE,
        method="post",
        kwargs=pk_of("fee_payment"),
        scope=FIRM_RECORDS,
        data={"paid_on": "2026-01-01"},
    ),
    "api:organization-list": Route(API, lists=("organization", FIRM)),
    "api:organization-detail": Route(API, kwargs=pk_of("organization"), scope=FIRM),
    "api:membership-list": Route(API, lists=("membership", FIRM_RECORDS)),
    "api:membership-detail": Route(API, kwargs=pk_of("membership"), scope=FIRM_RECORDS),
    "api:membership-transition": Route(
        API, method="post", kwargs=pk_of("membership"), scope=FIRM_RECORDS, data=TRANSITION
    ),
    "api:fee-payment-list": Route(API, lists=("fee_payment", FIRM_RECORDS)),
    "api:fee-payment-detail": Route(API, kwargs=pk_of("fee_payment"), scope=FIRM_RECORDS),
    "api:fee-payment-paid": Route(
        API,
        method="post",
        kwargs=pk_of("fee_payment"),
        scope=FIRM_RECORDS,
        data={"paid_on": "2026-01-01"},
    ),
    "api:fee-schedule-list": Route(API, lists=("fee_schedule", OFFICE)),
    "api:fee-schedule-detail": Route(API, kwargs=pk_of("fee_schedule"), scope=OFFICE),
    # Issues the fees of the cluster named in the URL: cluster A's staff know it exists.
    "api:fee-schedule-issue": Route(
        API,
        method="post",
        kwargs=lambda world: {"cluster_slug": world["cluster_a"].slug},
        scope=CLUSTER,
        data={"year": 2026},
    ),
}

EXPECTATIONS = with_patches(
    _ROUTES,
    "api:organization-detail",
    "api:fee-schedule-detail",
)
