"""Access expectations of the project import (internationalization/views/project_import.py,
internationalization/api/project_import.py).

The page acts on the current cluster, never on an id in the URL, so a manager of cluster B
simply reaches B's page. The API takes the cluster from the workbook: a cluster the caller
cannot see answers 404 and its staff other than managers 403, which
tests/internationalization/test_project_import.py proves with real workbooks.
"""

from tests.access.routes import API, PAGE, Route

EXPECTATIONS: dict[str, Route] = {
    "internationalization:project-import": Route(PAGE),
    "internationalization:project-import-template": Route(PAGE),
    "api:project-import": Route(API, method="post"),
}
