"""Governance pages and API (members/views/governance.py, members/api/governance.py). The
board's meetings, decisions and actions are its members' and the office's; a member of
another committee learns nothing of them. Seats are office data."""

from tests.access.routes import (
    API,
    BAD_INPUT,
    CLUSTER,
    COMMITTEE,
    OFFICE,
    PAGE,
    STAFF_AREA,
    Route,
    pk_of,
    with_patches,
)


def board(key: str, write: bool = False) -> Route:
    return Route(PAGE, kwargs=pk_of(key), scope=COMMITTEE, write=write)


_ROUTES: dict[str, Route] = {
    # The body list shows the bodies the caller sits on or, for office staff, the cluster's;
    # whoever is neither is told why (403), not shown an empty list (issue 10, point 7).
    "members:body-list": Route(
        PAGE,
        lists=("body", COMMITTEE),
        expect=dict.fromkeys(
            ("coach", "other_coach", "firm_rep", "other_firm_rep", "funder", "other_funder"), 403
        ),
    ),
    "members:body-create": Route(PAGE, scope=STAFF_AREA, write=True),
    "members:body-detail": board("body"),
    "members:body-edit": board("body", write=True),
    "members:seat-create": board("body", write=True),
    "members:seat-edit": Route(PAGE, kwargs=pk_of("seat"), scope=OFFICE, write=True),
    "members:meeting-create": board("body", write=True),
    "members:meeting-detail": board("meeting"),
    "members:meeting-edit": board("meeting", write=True),
    "members:meeting-attendance": board("meeting", write=True),
    "members:decision-create": board("meeting", write=True),
    "members:decision-detail": board("decision"),
    "members:decision-edit": board("decision", write=True),
    "members:action-item-create": board("decision", write=True),
    "members:action-item-edit": board("action_item", write=True),
    "api:body-list": Route(API, lists=("body", COMMITTEE)),
    "api:body-detail": Route(API, kwargs=pk_of("body"), scope=COMMITTEE),
    "api:seat-list": Route(API, lists=("seat", OFFICE)),
    "api:seat-detail": Route(API, kwargs=pk_of("seat"), scope=OFFICE),
    "api:meeting-list": Route(API, lists=("meeting", COMMITTEE)),
    "api:meeting-detail": Route(API, kwargs=pk_of("meeting"), scope=COMMITTEE),
    "api:decision-list": Route(API, lists=("decision", COMMITTEE)),
    "api:decision-detail": Route(API, kwargs=pk_of("decision"), scope=COMMITTEE),
    "api:action-item-list": Route(API, lists=("action_item", COMMITTEE)),
    "api:action-item-detail": Route(API, kwargs=pk_of("action_item"), scope=COMMITTEE),
}

# A body for cluster A, named by its slug: unknown (400) to those who do not see the cluster.
_ROUTES["api:body-list POST"] = Route(
    API,
    method="post",
    json=True,
    data={"cluster": "alpha", "name": "Audit committee", "kind": "committee"},
    scope=CLUSTER,
    hidden=BAD_INPUT,
    ok=201,
)

EXPECTATIONS = with_patches(
    _ROUTES,
    "api:body-detail",
    "api:seat-detail",
    "api:meeting-detail",
    "api:decision-detail",
    "api:action-item-detail",
)
