"""The firm portal shows the caller's own enrolments."""

from tests.access.routes import PAGE, Route

EXPECTATIONS: dict[str, Route] = {
    "internationalization:portal": Route(PAGE),
}
