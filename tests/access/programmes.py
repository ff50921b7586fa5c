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
    Route,
    code_of_programme,
    pk_of,
    with_patches,
)


def indicator_of_programme(world: dict) -> dict:
    """The first indicator the world's programme reports on (a common one of its period)."""
    use = world["programme"].indicators.order_by("pk").first()
    return {"code": world["programme"].code, "pk": use.pk}


# clusters.permissions.can_manage_funders lets any cluster's managers change a funder, so the
# manager of cluster B can rename the funder of cluster A's programme.
TENANT_STAFF_CHANGE_FUNDERS = {
    persona: "bug: a cluster's manager changes a funder the whole installation shares (200)"
    for persona in ("manager", "other_manager")
}

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
    "clusters:funder-create": Route(
        PAGE, scope=INSTALLATION, write=True, leaks=TENANT_STAFF_CHANGE_FUNDERS
    ),
    "clusters:funder-edit": Route(
        PAGE,
        kwargs=pk_of("funder"),
        scope=INSTALLATION,
        write=True,
        leaks=TENANT_STAFF_CHANGE_FUNDERS,
    ),
    "api:programme-list": Route(API, lists=("programme", PROGRAMME)),
    "api:programme-detail": Route(API, kwargs=code_of_programme, scope=PROGRAMME),
    "api:funder-list": Route(API, lists=("funder", FUNDER)),
    "api:funder-detail": Route(API, kwargs=pk_of("funder"), scope=FUNDER),
}

EXPECTATIONS = with_patches(_ROUTES, "api:programme-detail") | {
    "api:funder-detail PATCH": Route(
        API,
        method="patch",
        json=True,
        kwargs=pk_of("funder"),
        scope=FUNDER,
        leaks=TENANT_STAFF_CHANGE_FUNDERS,
    ),
}
