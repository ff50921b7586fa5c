from tests.access.routes import API, PAGE, PUBLIC, Route


def cluster_slug(world: dict) -> dict:
    return {"slug": world["cluster_a"].slug}


EXPECTATIONS: dict[str, Route] = {
    "home": Route(PAGE),
    "healthz": Route(PUBLIC),
    "login": Route(PUBLIC),
    "logout": Route(PUBLIC, method="post"),
    "password_change": Route(PAGE),
    "password_change_done": Route(PAGE),
    "password_reset": Route(PUBLIC),
    "password_reset_done": Route(PUBLIC),
    "password_reset_confirm": Route(
        PUBLIC, kwargs=lambda world: {"uidb64": "MQ", "token": "set-password"}
    ),
    "password_reset_complete": Route(PUBLIC),
    "set_language": Route(PUBLIC, method="post", data={"language": "sv"}),
    "accounts:tokens": Route(PAGE),
    "accounts:token-revoke": Route(
        PAGE, method="post", kwargs=lambda world: {"pk": world["token_a"].pk}, tenant_object=True
    ),
    "clusters:list": Route(PAGE),
    "clusters:switch": Route(PAGE, method="post", data={"cluster": "alpha"}, tenant_object=True),
    "clusters:detail": Route(PAGE, kwargs=cluster_slug, tenant_object=True),
    "clusters:edit": Route(PAGE, kwargs=cluster_slug, tenant_object=True),
    "clusters:staff-assign": Route(PAGE, method="post", kwargs=cluster_slug, tenant_object=True),
    "clusters:staff-remove": Route(
        PAGE,
        method="post",
        kwargs=lambda world: {"slug": world["cluster_a"].slug, "pk": world["role_a"].pk},
        tenant_object=True,
    ),
    "api:me": Route(API),
    "api:cluster-list": Route(API),
    "api:cluster-detail": Route(API, kwargs=cluster_slug, tenant_object=True),
    "api-schema": Route(PUBLIC),
    "api-docs": Route(PUBLIC),
}
