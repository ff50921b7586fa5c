"""The member directory, its exports and the import act on the current cluster (never on an
id in the URL): its staff read them, a coach finding only the firms assigned to them; its
managers import. Who may import what is tested in tests/members/test_import.py."""

from tests.access.routes import CURRENT_CLUSTER, FIRM, PAGE, STAFF_AREA, Route

EXPECTATIONS: dict[str, Route] = {
    "members:directory": Route(PAGE, scope=CURRENT_CLUSTER, lists=("organization", FIRM)),
    "members:directory-export": Route(
        PAGE,
        kwargs=lambda world: {"format": "csv"},
        scope=CURRENT_CLUSTER,
        lists=("organization", FIRM),
    ),
    "members:import": Route(PAGE, scope=STAFF_AREA, write=True),
    "members:import-template": Route(PAGE, scope=STAFF_AREA, write=True),
}
