"""The cluster overview: about the current cluster, for its office staff."""

from tests.access.routes import PAGE, STAFF_AREA, Route

EXPECTATIONS: dict[str, Route] = {
    "reports:overview": Route(PAGE, scope=STAFF_AREA),
}
