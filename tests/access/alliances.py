"""Inter-cluster alliances and the portfolio: office staff of the alliance's cluster."""

from tests.access.routes import API, PAGE, Route, pk_of

EXPECTATIONS: dict[str, Route] = {
    "members:alliance-list": Route(PAGE),
    "reports:alliance-portfolio": Route(PAGE),
    "members:alliance-create": Route(PAGE),
    "members:alliance-detail": Route(PAGE, kwargs=pk_of("alliance"), tenant_object=True),
    "members:alliance-edit": Route(PAGE, kwargs=pk_of("alliance"), tenant_object=True),
    "members:alliance-participants": Route(PAGE, kwargs=pk_of("alliance"), tenant_object=True),
    "api:alliance-list": Route(API),
    "api:alliance-detail": Route(API, kwargs=pk_of("alliance"), tenant_object=True),
}
