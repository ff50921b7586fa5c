"""Report runs over REST: a run of a cluster A project is invisible (404) to cluster B's
manager, on its detail and its download alike."""

from tests.access.routes import API, Route, pk_of

EXPECTATIONS: dict[str, Route] = {
    "api:report-run-list": Route(API),
    "api:report-run-detail": Route(API, kwargs=pk_of("report_run"), tenant_object=True),
    # No format: the JSON download.
    "api:report-run-export": Route(API, kwargs=pk_of("report_run"), tenant_object=True),
}
