"""The member directory, its exports and the import act on the current cluster (never on an id
in the URL), so there is no cluster A object for cluster B's manager to reach: B's manager
simply works in B. Who may import is tested in tests/members/test_import.py."""

from tests.access.routes import PAGE, Route

EXPECTATIONS: dict[str, Route] = {
    "members:directory": Route(PAGE),
    "members:directory-export": Route(PAGE, kwargs=lambda world: {"format": "csv"}),
    "members:import": Route(PAGE),
    "members:import-template": Route(PAGE),
}
