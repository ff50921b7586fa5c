"""Inter-cluster alliances and the portfolio: office data of the alliance's cluster."""

from tests.access.routes import API, OFFICE, PAGE, STAFF_AREA, Route, pk_of, with_patches

ALLIANCE = pk_of("alliance")

_ROUTES: dict[str, Route] = {
    "members:alliance-list": Route(PAGE, scope=STAFF_AREA),
    "reports:alliance-portfolio": Route(PAGE, scope=STAFF_AREA),
    "members:alliance-create": Route(PAGE, scope=STAFF_AREA, write=True),
    "members:alliance-detail": Route(PAGE, kwargs=ALLIANCE, scope=OFFICE),
    "members:alliance-edit": Route(PAGE, kwargs=ALLIANCE, scope=OFFICE, write=True),
    "members:alliance-participants": Route(PAGE, kwargs=ALLIANCE, scope=OFFICE, write=True),
    "api:alliance-list": Route(API, lists=("alliance", OFFICE)),
    "api:alliance-detail": Route(API, kwargs=ALLIANCE, scope=OFFICE),
}

EXPECTATIONS = with_patches(
    _ROUTES,
    "api:alliance-detail",
)
