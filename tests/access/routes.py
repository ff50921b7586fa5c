"""What every route must answer to every persona (tests/access/personas.py).

A ``Route`` says what kind of thing the route reaches (its ``scope``), whether it changes data
(``write``) and who besides the cluster's managers may change it (``writers``). The answer a
persona must get follows from that (``expected``): the anonymous visitor is sent to log in; a
persona who may not see the scope gets 404 (existence never leaks); one who sees it but may not
write gets 403; everyone else gets ``ok``. ``expect`` overrides the rule for a persona, with a
comment saying why, and ``leaks`` names the personas for whom the app answers something else
today: each is a found bug, run by itself as a strict xfail until the app is fixed. A list
route also says which world object it must show or hide (``lists``), and no answer may show a
persona a name it may not see (``SECRETS`` in tests/access/personas.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

PUBLIC = "public"  # anyone, logged in or not
PAGE = "page"  # login required; anonymous is redirected to the login page
API = "api"  # authentication required; anonymous gets 401

# What an answer may be besides a status code.
LOGIN = "302 to the login page"
LISTED = "200 listing the object"
UNLISTED = "200 without the object"

# A write that its persona may do but that the world's state or the empty form refuses: views
# and viewsets answer 400 only after visibility (404) and permission (403) were checked, so it
# still proves that access was granted.
BAD_INPUT = 400

# Scopes: whose data a route reaches, and so who may reach it at all.
SELF = "self"  # the caller's own pages (home, tokens, portal) and lists filtered to the caller
CURRENT_CLUSTER = "current cluster"  # lists of the caller's current cluster, filtered to them
STAFF_AREA = "staff area"  # pages about the caller's current cluster for its office staff
INSTALLATION = "installation"  # what the whole installation shares and only its admins change
CLUSTER = "cluster"  # cluster A itself: every staff role of A
TIED_TO_CLUSTER = "tied to cluster A"  # its name: everyone with a tie to it, no other cluster
OFFICE = "office"  # cluster A's internal data: people, seats, alliances, fee schedules
FIRM = "firm"  # the firm: the office, the firm's coach and the firm
OTHER_FIRM = "other firm"  # the competitor enrolled in the same project: the office and itself
FIRM_RECORDS = "firm records"  # its membership, fees and affiliations: the office and the firm
STAFF_NOTES = "staff notes"  # internal notes on the firm: the cluster's staff, its coach too
ENROLMENT = "enrolment"  # the firm's enrolment and its activities, requests, trips and claims
PROJECT = "project"  # the project: its office, its firms, their coaches, its funders
ACTIVITIES = "activities"  # a project's workshops and export lab: its office and its coaches
COMMITTEE = "committee"  # the board, its meetings, decisions and action items
PROGRAMME = "programme"  # the programme: taking-part clusters' staff and its funder
REPORT = "report"  # report runs and pages of the project and programme
FUNDER = "funder"  # the funder: every cluster's staff and its own users
PERSONAL = "personal"  # the manager's own API token


@dataclass(frozen=True)
class Route:
    """What a route must answer.

    ``kwargs`` builds the URL's arguments from the ``world`` (objects of cluster A); ``data``
    (or ``data(world)``) is sent with a write, as JSON if ``json``. ``ok`` is the answer of a
    persona who may do what the route does (by default 200, or 302 for a page's POST);
    ``hidden`` that of a persona who may not see the scope: 404, or 400 for a create whose
    body names an object the persona does not know. ``writers`` are the personas besides the
    managers of cluster A who may write; ``expect`` overrides the answer of single personas;
    ``leaks`` holds the personas for whom the app is known to answer wrongly, each with the
    reason (a strict xfail).
    ``lists`` is (world key, scope): the list must show that object to those who may see the
    scope and hide it from the others (an API list by its id, slug or code, a page by a link
    to it); those who may not reach the list at all still get 404 or 403.
    """

    access: str
    method: str = "get"
    kwargs: Callable[[dict], dict] = field(default=lambda world: {})
    scope: str = SELF
    write: bool | None = None
    data: dict | Callable[[dict], dict] = field(default_factory=dict)
    json: bool = False
    hidden: int = 404
    ok: int | str | None = None  # None: the default above
    writers: frozenset[str] = frozenset()
    expect: dict[str, int | str] = field(default_factory=dict)
    leaks: dict[str, str] = field(default_factory=dict)
    lists: tuple[str, str] | None = None

    @property
    def changes_data(self) -> bool:
        return self.method != "get" if self.write is None else self.write

    @property
    def allowed_answer(self) -> int | str:
        if self.ok is not None:
            return self.ok
        if self.lists:
            return LISTED
        if self.method == "get":
            return 200
        return 302 if self.access == PAGE else 200


def url_name(key: str) -> str:
    """The URL name of an expectation's key: "api:person-detail PATCH" is a second request
    to "api:person-detail"."""
    return key.split(" ")[0]


def with_patches(expectations: dict[str, Route], *names: str) -> dict[str, Route]:
    """``expectations`` and, for each named API detail route, a PATCH that changes nothing:
    a write, refused to whoever may read but not change the object."""
    return expectations | {
        f"{name} PATCH": replace(expectations[name], method="patch", json=True, data={})
        for name in names
    }


def pk_of(key: str) -> Callable[[dict], dict]:
    """kwargs {"pk": world[key].pk}."""
    return lambda world: {"pk": world[key].pk}


def slug_of_project(world: dict) -> dict:
    return {"slug": world["project"].slug}


def code_of_programme(world: dict) -> dict:
    return {"code": world["programme"].code}
