"""Report runs over REST: a run of the project is its cluster's office staff's and the
financing programme's funder's, on its detail and its download alike."""

from tests.access.routes import API, REPORT, Route, pk_of

RUN = pk_of("report_run")

EXPECTATIONS: dict[str, Route] = {
    "api:report-run-list": Route(API, lists=("report_run", REPORT)),
    "api:report-run-detail": Route(API, kwargs=RUN, scope=REPORT),
    # No format: the JSON download.
    "api:report-run-export": Route(API, kwargs=RUN, scope=REPORT),
    # The world's run is done, so nobody may retry it (403 once seen); the requester retrying
    # a failed run is tests/reports/test_run_faults.py.
    "api:report-run-retry": Route(API, method="post", kwargs=RUN, scope=REPORT, ok=403),
}
