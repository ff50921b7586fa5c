"""The site shell, log-in, personal pages and tokens, clusters and their staff."""

from tests.access.routes import (
    API,
    CLUSTER,
    LOGIN,
    PAGE,
    PERSONAL,
    PUBLIC,
    Route,
    pk_of,
    with_patches,
)


def cluster_slug(world: dict) -> dict:
    return {"slug": world["cluster_a"].slug}


# Firms and committee members are not offered two-factor: there is no QR code to show them.
NOT_OFFERED_TWO_FACTOR = {"firm_rep": 403, "other_firm_rep": 403, "other_committee": 403}

# Staff roles are granted and withdrawn by the cluster's administrators, not its managers.
ADMINISTRATORS_ONLY = {"manager": 403}

_ROUTES: dict[str, Route] = {
    "home": Route(PAGE),
    "healthz": Route(PUBLIC),
    # Browsers post CSP violation reports without a session; an empty body is refused.
    "csp-report": Route(PUBLIC, method="post", ok=400),
    "login": Route(PUBLIC),
    "logout": Route(PUBLIC, method="post", ok=LOGIN),
    "password_change": Route(PAGE),
    "password_change_done": Route(PAGE),
    "password_reset": Route(PUBLIC),
    "password_reset_done": Route(PUBLIC),
    "password_reset_confirm": Route(
        PUBLIC, kwargs=lambda world: {"uidb64": "MQ", "token": "set-password"}
    ),
    "password_reset_complete": Route(PUBLIC),
    "set_language": Route(PUBLIC, method="post", data={"language": "sv"}, ok=302),
    "accounts:tokens": Route(PAGE),
    # A token is its owner's alone: nobody else learns that it exists.
    "accounts:token-revoke": Route(PAGE, method="post", kwargs=pk_of("token_a"), scope=PERSONAL),
    # Two-factor is offered to staff and funder users; others read that it is not for them.
    "accounts:two-factor": Route(PAGE),
    "accounts:two-factor-qr": Route(PAGE, expect=NOT_OFFERED_TWO_FACTOR),
    "clusters:list": Route(PAGE),
    # Choosing cluster A as the current cluster: its staff only; it changes no data.
    "clusters:switch": Route(
        PAGE, method="post", data={"cluster": "alpha"}, scope=CLUSTER, write=False, ok=302
    ),
    "clusters:detail": Route(PAGE, kwargs=cluster_slug, scope=CLUSTER),
    "clusters:edit": Route(PAGE, kwargs=cluster_slug, scope=CLUSTER, write=True),
    "clusters:staff-assign": Route(
        PAGE, method="post", kwargs=cluster_slug, scope=CLUSTER, expect=ADMINISTRATORS_ONLY
    ),
    "clusters:staff-remove": Route(
        PAGE,
        method="post",
        kwargs=lambda world: {"slug": world["cluster_a"].slug, "pk": world["role_a"].pk},
        scope=CLUSTER,
        expect=ADMINISTRATORS_ONLY,
    ),
    "api:me": Route(API),
    "api:cluster-list": Route(API, lists=("cluster_a", CLUSTER)),
    "api:cluster-detail": Route(API, kwargs=cluster_slug, scope=CLUSTER),
    # The schema and its docs are for signed-in users (a token or a session) since issue 11.
    "api-schema": Route(API),
    "api-docs": Route(PAGE),
}

EXPECTATIONS = with_patches(
    _ROUTES,
    "api:cluster-detail",
)
