"""Access expectations of the people pages and API (members/views/people.py,
members/api/people.py)."""

from tests.access.routes import API, PAGE, Route, pk_of

EXPECTATIONS: dict[str, Route] = {
    # Lists and create pages work on the current cluster: cluster B's manager sees their own.
    "members:person-list": Route(PAGE),
    "members:person-create": Route(PAGE),
    "members:person-detail": Route(PAGE, kwargs=pk_of("person"), tenant_object=True),
    "members:person-edit": Route(PAGE, kwargs=pk_of("person"), tenant_object=True),
    "members:affiliation-create": Route(PAGE, kwargs=pk_of("person"), tenant_object=True),
    "members:affiliation-edit": Route(PAGE, kwargs=pk_of("affiliation"), tenant_object=True),
    "api:person-list": Route(API),
    "api:person-detail": Route(API, kwargs=pk_of("person"), tenant_object=True),
    "api:affiliation-list": Route(API),
    "api:affiliation-detail": Route(API, kwargs=pk_of("affiliation"), tenant_object=True),
}
