"""Who a user is in a cluster: the one spelling of every staff-role predicate.

Every rule (``*/permissions.py``), queryset and page asks these predicates instead of reading
roles itself. The roles of a user are read once per user object, i.e. once per request.
Firm representation, a relation of the members floor, is asked through
``members.permissions.represents``.
"""

from __future__ import annotations

# Role values of ``clusters.models.StaffRole``, spelled here as plain strings because the
# querysets (imported by the models) need them before the models exist.
ADMIN, MANAGER, COACH, VIEWER = "admin", "manager", "coach", "viewer"

# Administrators and managers change a cluster's data.
MANAGING_ROLES = (ADMIN, MANAGER)
# Every staff role but the coach, who sees only the firms assigned to them.
OFFICE_ROLES = (ADMIN, MANAGER, VIEWER)


def cluster_roles_of(user) -> dict[int, str]:
    """{cluster id: role} of the user, read once per user object (i.e. once per request)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_clusterdesk_roles", None)
    if cached is None:
        cached = dict(user.cluster_roles.values_list("cluster_id", "role"))
        user._clusterdesk_roles = cached
    return cached


def role_in(user, cluster_id: int) -> str | None:
    """The user's staff role in the cluster, or None."""
    return cluster_roles_of(user).get(cluster_id)


def is_staff_of(user, cluster_id: int) -> bool:
    """Any staff role of the cluster, the coach included."""
    return user.is_superuser or role_in(user, cluster_id) is not None


def is_office_staff(user, cluster_id: int) -> bool:
    """Administrators, managers and viewers: member data, intake figures, audit history."""
    return user.is_superuser or role_in(user, cluster_id) in OFFICE_ROLES


def is_manager(user, cluster_id: int) -> bool:
    """Administrators and managers, who change the cluster's data."""
    return user.is_superuser or role_in(user, cluster_id) in MANAGING_ROLES


def is_admin(user, cluster_id: int) -> bool:
    """Administrators, who grant and withdraw staff roles."""
    return user.is_superuser or role_in(user, cluster_id) == ADMIN


def is_coach_in(user, cluster_id: int) -> bool:
    return role_in(user, cluster_id) == COACH


def manages_any_cluster(user) -> bool:
    return user.is_superuser or any(
        role in MANAGING_ROLES for role in cluster_roles_of(user).values()
    )


def two_factor_kinds(user) -> set[str]:
    """The kinds of user two-factor log-in is offered to (and may be made mandatory for):
    ``staff`` (any cluster role, installation administrators) and ``funder`` users.
    Wired into accounts by ``settings.TWO_FACTOR_USER_KINDS``."""
    kinds = set()
    if user.is_superuser or user.is_staff or cluster_roles_of(user):
        kinds.add("staff")
    if hasattr(user, "funder_link"):
        kinds.add("funder")
    return kinds


def is_installation_admin(user) -> bool:
    """An administrator of the whole installation (a Django superuser or staff account): the
    one who changes what every cluster shares (funders, programme rules, the indicator
    catalogue) without asking the clusters that use it."""
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.is_staff))
