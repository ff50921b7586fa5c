from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

PUBLIC = "public"  # anyone, logged in or not
PAGE = "page"  # login required; anonymous is redirected to the login page
API = "api"  # authentication required; anonymous gets 401


@dataclass(frozen=True)
class Route:
    """What a route must answer.

    ``kwargs`` builds the URL's arguments from the ``world`` fixture (objects of cluster A).
    ``tenant_object``: the route reaches cluster A's data, so the manager of cluster B must get
    404. ``staff_get_status``: what cluster A's manager gets on GET (None: do not check).
    """

    access: str
    method: str = "get"
    kwargs: Callable[[dict], dict] = field(default=lambda world: {})
    tenant_object: bool = False
    data: dict = field(default_factory=dict)
    staff_get_status: int | None = 200


def pk_of(key: str) -> Callable[[dict], dict]:
    """kwargs {"pk": world[key].pk}."""
    return lambda world: {"pk": world[key].pk}
