"""The cluster overview: about the current cluster, so cluster B's manager sees B's."""

from tests.access.routes import PAGE, Route

EXPECTATIONS: dict[str, Route] = {
    "reports:overview": Route(PAGE),
}
