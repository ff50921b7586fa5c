"""Funders and programmes. Funders are shared by the installation: every cluster's staff read
them, a funder user reads its own, and only installation administrators change them
(design.md, "Tenancy and access"). A programme is its taking-part clusters' and its funder's."""

from tests.access.routes import (
    API,
    FUNDER,
    INSTALLATION,
    PAGE,
    PROGRAMME,
    STAFF_AREA,
    UNLISTED,
    Route,
    code_of_programme,
    pk_of,
    with_patches,
)


def indicator_of_programme(world: dict) -> dict:
    """The first indicator the world's programme reports on (a common one of its period)."""
    use = world["programme"].indicators.order_by("pk").first()
    return {"code": world["programme"].code, "pk": use.pk}


def code_of_shared_programme(world: dict) -> dict:
    return {"code": world["shared_programme"].code}


def consent_of_cluster_a(world: dict) -> dict:
    return {"pk": world["proposal"].pk, "consent": world["consent_a"].pk}


# Proposals are addressed to the staff of the clusters taking part, not to the funder's users.
STAFF_ONLY = {"funder": 404}

_ROUTES: dict[str, Route] = {
    "clusters:programme-list": Route(PAGE, lists=("programme", PROGRAMME)),
    "clusters:programme-create": Route(PAGE, scope=STAFF_AREA, write=True),
    "clusters:programme-detail": Route(PAGE, kwargs=code_of_programme, scope=PROGRAMME),
    "clusters:programme-edit": Route(PAGE, kwargs=code_of_programme, scope=PROGRAMME, write=True),
    # Joins the caller's current cluster: a funder user has none to join with.
    "clusters:programme-join": Route(
        PAGE, method="post", kwargs=code_of_programme, scope=PROGRAMME, expect={"funder": 404}
    ),
    # A programme's indicators are changed by those who change the programme and by its
    # managing authority: the users of its funder.
    "clusters:programme-indicator-create": Route(
        PAGE, kwargs=code_of_programme, scope=PROGRAMME, write=True, expect={"funder": 200}
    ),
    "clusters:programme-indicator-targets": Route(
        PAGE, kwargs=indicator_of_programme, scope=PROGRAMME, write=True, expect={"funder": 200}
    ),
    "clusters:funder-list": Route(PAGE, lists=("funder", FUNDER)),
    # Funders are the installation's: its administrators change them, no cluster's managers.
    "clusters:funder-create": Route(PAGE, scope=INSTALLATION, write=True),
    "clusters:funder-edit": Route(PAGE, kwargs=pk_of("funder"), scope=INSTALLATION, write=True),
    # A programme cluster A shares with cluster C: A's managers open its form to propose a
    # change; the proposal waits for every cluster's consent.
    "clusters:programme-edit SHARED": Route(
        PAGE, kwargs=code_of_shared_programme, scope=PROGRAMME, write=True, expect=STAFF_ONLY
    ),
    "clusters:proposal-list": Route(
        PAGE, lists=("proposal", PROGRAMME), expect={"funder": UNLISTED}
    ),
    "clusters:proposal-detail": Route(
        PAGE, kwargs=pk_of("proposal"), scope=PROGRAMME, expect=STAFF_ONLY
    ),
    # Cluster A's answer: its managers give it (here a refusal, the form sending no consent).
    "clusters:proposal-decide": Route(
        PAGE, method="post", kwargs=consent_of_cluster_a, scope=PROGRAMME, expect=STAFF_ONLY
    ),
    # Only its author (cluster C's manager) and C's managers withdraw it.
    "clusters:proposal-withdraw": Route(
        PAGE,
        method="post",
        kwargs=pk_of("proposal"),
        scope=PROGRAMME,
        expect={**STAFF_ONLY, "manager": 403},
    ),
    "api:programme-list": Route(API, lists=("programme", PROGRAMME)),
    "api:programme-detail": Route(API, kwargs=code_of_programme, scope=PROGRAMME),
    "api:funder-list": Route(API, lists=("funder", FUNDER)),
    "api:funder-detail": Route(API, kwargs=pk_of("funder"), scope=FUNDER),
}

EXPECTATIONS = with_patches(_ROUTES, "api:programme-detail") | {
    "api:funder-detail PATCH": Route(
        API, method="patch", json=True, kwargs=pk_of("funder"), scope=FUNDER
    ),
    # A change of a shared programme's rules by a manager of one cluster taking part is a
    # proposal (202), never a change.
    "api:programme-detail PATCH SHARED": Route(
        API,
        method="patch",
        json=True,
        data={"hourly_value": "1.00"},
        kwargs=code_of_shared_programme,
        scope=PROGRAMME,
        ok=202,
        expect=STAFF_ONLY,
    ),
}
