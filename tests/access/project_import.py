"""The project import (internationalization/views/project_import.py,
internationalization/api/project_import.py).

The page acts on the current cluster, never on an id in the URL: its managers import. The API
takes the cluster from the workbook, so a call without one is refused as bad input (400) for
everyone; who may import into which cluster is proven with real workbooks in
tests/internationalization/test_project_import.py.
"""

from tests.access.routes import API, PAGE, STAFF_AREA, Route

EXPECTATIONS: dict[str, Route] = {
    "internationalization:project-import": Route(PAGE, scope=STAFF_AREA, write=True),
    "internationalization:project-import-template": Route(PAGE, scope=STAFF_AREA, write=True),
    "api:project-import": Route(API, method="post", write=False, ok=400),
}
