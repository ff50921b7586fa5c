"""People and affiliations (members/views/people.py, members/api/people.py): people are the
cluster's office data, and a firm reads the affiliations of its own people. Lists and create
pages work on the current cluster; the list shows a coach no one."""

from tests.access.routes import (
    API,
    BAD_INPUT,
    CLUSTER,
    CURRENT_CLUSTER,
    FIRM_RECORDS,
    OFFICE,
    PAGE,
    STAFF_AREA,
    Route,
    pk_of,
    with_patches,
)

_ROUTES: dict[str, Route] = {
    # A coach, who may see no one's record, is told why (403), not shown an empty list.
    "members:person-list": Route(
        PAGE,
        scope=CURRENT_CLUSTER,
        lists=("person", OFFICE),
        expect={"coach": 403, "other_coach": 403},
    ),
    "members:person-create": Route(PAGE, scope=STAFF_AREA, write=True),
    "members:person-detail": Route(PAGE, kwargs=pk_of("person"), scope=OFFICE),
    "members:person-edit": Route(PAGE, kwargs=pk_of("person"), scope=OFFICE, write=True),
    "members:affiliation-create": Route(PAGE, kwargs=pk_of("person"), scope=OFFICE, write=True),
    "members:affiliation-edit": Route(
        PAGE, kwargs=pk_of("affiliation"), scope=FIRM_RECORDS, write=True
    ),
    "api:person-list": Route(API, lists=("person", OFFICE)),
    "api:person-detail": Route(API, kwargs=pk_of("person"), scope=OFFICE),
    "api:affiliation-list": Route(API, lists=("affiliation", FIRM_RECORDS)),
    "api:affiliation-detail": Route(API, kwargs=pk_of("affiliation"), scope=FIRM_RECORDS),
}

# A person for cluster A, named by its slug: unknown (400) to those who do not see the cluster.
_ROUTES["api:person-list POST"] = Route(
    API,
    method="post",
    json=True,
    data={"cluster": "alpha", "first_name": "Nils", "last_name": "New"},
    scope=CLUSTER,
    hidden=BAD_INPUT,
    ok=201,
)

EXPECTATIONS = with_patches(
    _ROUTES,
    "api:person-detail",
    "api:affiliation-detail",
)
