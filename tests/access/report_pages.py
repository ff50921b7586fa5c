"""Report pages in the browser: the reports of cluster A's project, programme and run are
invisible (404) to cluster B's manager, on every page and download."""

from tests.access.routes import PAGE, Route, pk_of


def project_slug(world: dict) -> dict:
    return {"slug": world["project"].slug}


def programme_code(world: dict) -> dict:
    return {"code": world["programme"].code}


def run_download(world: dict) -> dict:
    return {"pk": world["report_run"].pk, "fmt": "json"}


EXPECTATIONS: dict[str, Route] = {
    "reports:index": Route(PAGE),
    "reports:project-reports": Route(PAGE, kwargs=project_slug, tenant_object=True),
    "reports:programme-reports": Route(PAGE, kwargs=programme_code, tenant_object=True),
    "reports:run-detail": Route(PAGE, kwargs=pk_of("report_run"), tenant_object=True),
    "reports:run-print": Route(PAGE, kwargs=pk_of("report_run"), tenant_object=True),
    "reports:run-progress": Route(PAGE, kwargs=pk_of("report_run"), tenant_object=True),
    "reports:run-download": Route(PAGE, kwargs=run_download, tenant_object=True),
}
