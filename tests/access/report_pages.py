"""Report pages in the browser: the reports of the project, the programme and the run are
their cluster's office staff's and the financing programme's funder's, on every page and
download."""

from tests.access.routes import PAGE, REPORT, Route, code_of_programme, pk_of, slug_of_project

RUN = pk_of("report_run")


def run_download(world: dict) -> dict:
    return {"pk": world["report_run"].pk, "fmt": "json"}


# A report page's POST asks for a report run, which changes no record: whoever reads the
# reports may (tests/test_access_methods.py tries every method).
READERS_ASK_FOR_RUNS = frozenset({"viewer", "funder"})

EXPECTATIONS: dict[str, Route] = {
    "reports:index": Route(PAGE),
    "reports:project-reports": Route(
        PAGE, kwargs=slug_of_project, scope=REPORT, writers=READERS_ASK_FOR_RUNS
    ),
    "reports:programme-reports": Route(
        PAGE, kwargs=code_of_programme, scope=REPORT, writers=READERS_ASK_FOR_RUNS
    ),
    "reports:run-detail": Route(PAGE, kwargs=RUN, scope=REPORT),
    "reports:run-print": Route(PAGE, kwargs=RUN, scope=REPORT),
    "reports:run-progress": Route(PAGE, kwargs=RUN, scope=REPORT),
    "reports:run-download": Route(PAGE, kwargs=run_download, scope=REPORT),
    # The world's run is done, so nobody may retry it (403 once seen).
    "reports:run-retry": Route(PAGE, method="post", kwargs=RUN, scope=REPORT, ok=403),
}
