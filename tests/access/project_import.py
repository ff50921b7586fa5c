"""The project import (internationalization/views/project_import.py,
internationalization/api/project_import.py).

The page acts on the current cluster, never on an id in the URL: its managers import. The API
takes the cluster from the workbook, but first refuses (403) everyone who manages no cluster at
all, before the file is read; a manager's call without a file is bad input (400). Who may
import into which cluster is proven with real workbooks in
tests/internationalization/test_project_import.py.
"""

from tests.access.routes import API, PAGE, STAFF_AREA, Route

# Who manages no cluster: refused before a byte of the file is read.
MANAGES_NO_CLUSTER = (
    "viewer",
    "coach",
    "other_coach",
    "firm_rep",
    "other_firm_rep",
    "other_committee",
    "funder",
    "other_funder",
)

EXPECTATIONS: dict[str, Route] = {
    "internationalization:project-import": Route(PAGE, scope=STAFF_AREA, write=True),
    "internationalization:project-import-template": Route(PAGE, scope=STAFF_AREA, write=True),
    "api:project-import": Route(
        API,
        method="post",
        write=False,
        ok=400,
        expect=dict.fromkeys(MANAGES_NO_CLUSTER, 403),
    ),
}
