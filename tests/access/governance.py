"""Access expectations of the governance pages and API (members/views/governance.py,
members/api/governance.py)."""

from tests.access.routes import API, PAGE, Route, pk_of

EXPECTATIONS: dict[str, Route] = {
    # The body list and the body create page work on the current cluster.
    "members:body-list": Route(PAGE),
    "members:body-create": Route(PAGE),
    "members:body-detail": Route(PAGE, kwargs=pk_of("body"), tenant_object=True),
    "members:body-edit": Route(PAGE, kwargs=pk_of("body"), tenant_object=True),
    "members:seat-create": Route(PAGE, kwargs=pk_of("body"), tenant_object=True),
    "members:seat-edit": Route(PAGE, kwargs=pk_of("seat"), tenant_object=True),
    "members:meeting-create": Route(PAGE, kwargs=pk_of("body"), tenant_object=True),
    "members:meeting-detail": Route(PAGE, kwargs=pk_of("meeting"), tenant_object=True),
    "members:meeting-edit": Route(PAGE, kwargs=pk_of("meeting"), tenant_object=True),
    "members:meeting-attendance": Route(PAGE, kwargs=pk_of("meeting"), tenant_object=True),
    "members:decision-create": Route(PAGE, kwargs=pk_of("meeting"), tenant_object=True),
    "members:decision-detail": Route(PAGE, kwargs=pk_of("decision"), tenant_object=True),
    "members:decision-edit": Route(PAGE, kwargs=pk_of("decision"), tenant_object=True),
    "members:action-item-create": Route(PAGE, kwargs=pk_of("decision"), tenant_object=True),
    "members:action-item-edit": Route(PAGE, kwargs=pk_of("action_item"), tenant_object=True),
    "api:body-list": Route(API),
    "api:body-detail": Route(API, kwargs=pk_of("body"), tenant_object=True),
    "api:seat-list": Route(API),
    "api:seat-detail": Route(API, kwargs=pk_of("seat"), tenant_object=True),
    "api:meeting-list": Route(API),
    "api:meeting-detail": Route(API, kwargs=pk_of("meeting"), tenant_object=True),
    "api:decision-list": Route(API),
    "api:decision-detail": Route(API, kwargs=pk_of("decision"), tenant_object=True),
    "api:action-item-list": Route(API),
    "api:action-item-detail": Route(API, kwargs=pk_of("action_item"), tenant_object=True),
}
