"""Funders and programmes. Funders are shared by the installation, so their pages are not
tenant objects; a programme of cluster A is invisible (404) to cluster B's manager."""

from tests.access.routes import API, PAGE, Route, pk_of


def programme_code(world: dict) -> dict:
    return {"code": world["programme"].code}


EXPECTATIONS: dict[str, Route] = {
    "clusters:programme-list": Route(PAGE),
    "clusters:programme-create": Route(PAGE),
    "clusters:programme-detail": Route(PAGE, kwargs=programme_code, tenant_object=True),
    "clusters:programme-edit": Route(PAGE, kwargs=programme_code, tenant_object=True),
    "clusters:programme-join": Route(
        PAGE, method="post", kwargs=programme_code, tenant_object=True
    ),
    "clusters:funder-list": Route(PAGE),
    "clusters:funder-create": Route(PAGE),
    "clusters:funder-edit": Route(PAGE, kwargs=pk_of("funder")),
    "api:programme-list": Route(API),
    "api:programme-detail": Route(API, kwargs=programme_code, tenant_object=True),
    "api:funder-list": Route(API),
    "api:funder-detail": Route(API, kwargs=pk_of("funder")),
}
