"""Visibility of everything inside a cluster: staff see their clusters' rows; firm
representatives see what belongs to their own organization; committee members see their own
committee's meetings and decisions. Everything else is absent (404)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import OuterRef, Q, Subquery

from clusters.querysets import VisibleQuerySet
from clusters.roles import OFFICE_ROLES

# The single sanctioned inversion of the dependency rule (docs/architecture.md, "Floors"):
# a higher app widens who sees an organization (projects/: the coach assigned to one of its
# enrolments) by appending ``f(user) -> Q`` here from its AppConfig.ready(), since members/
# may not import it. No other registry of this kind exists; add none without updating the doc.
ORGANIZATION_VISIBILITY_HOOKS: list = []


def represented_organizations(user):
    """Ids of the organizations the user represents, as a subquery."""
    return (
        apps.get_model("members", "Representative")
        .objects.filter(user=user)
        .values("organization_id")
    )


class MembersQuerySet(VisibleQuerySet):
    """Base of every members/ queryset: coaches see no member data by default."""

    staff_roles = OFFICE_ROLES


class StaffOnlyQuerySet(MembersQuerySet):
    """Rows only the cluster's staff see (fee schedules, transitions, people, alliances)."""

    @classmethod
    def scoped(cls, cluster_path: str) -> type[StaffOnlyQuerySet]:
        return type(
            f"{cls.__name__}Via{cluster_path.title()}", (cls,), {"cluster_path": cluster_path}
        )


class OrganizationQuerySet(MembersQuerySet):
    def visibility_filter(self, user) -> Q:
        condition = self.staff_filter(user) | Q(pk__in=represented_organizations(user))
        for hook in ORGANIZATION_VISIBILITY_HOOKS:
            condition |= hook(user)
        return condition

    def members_on(self, day):
        """Organizations whose membership was active on ``day``."""
        transitions = apps.get_model("members", "MembershipTransition").objects
        last_status = (
            transitions.filter(membership__organization=OuterRef("pk"), on__lte=day)
            .order_by("-on", "-recorded_at", "-pk")
            .values("to_status")[:1]
        )
        return self.annotate(status_on_day=Subquery(last_status)).filter(status_on_day="active")


class OrganizationOwnedQuerySet(MembersQuerySet):
    """Rows that belong to one organization through ``organization``; its representatives see
    them too."""

    cluster_path = "organization__cluster"
    organization_path = "organization"

    def visibility_filter(self, user) -> Q:
        own = Q(**{f"{self.organization_path}__in": represented_organizations(user)})
        return self.staff_filter(user) | own


class RepresentativeQuerySet(OrganizationOwnedQuerySet):
    pass


def bodies_with_seat_of(user):
    """Ids of the governance bodies where the user holds a seat (through their person)."""
    return apps.get_model("members", "Seat").objects.filter(person__user=user).values("body_id")


class BodyQuerySet(MembersQuerySet):
    def visibility_filter(self, user) -> Q:
        return self.staff_filter(user) | Q(pk__in=bodies_with_seat_of(user))


class MeetingQuerySet(MembersQuerySet):
    cluster_path = "body__cluster"
    body_path = "body"

    def visibility_filter(self, user) -> Q:
        return self.staff_filter(user) | Q(**{f"{self.body_path}__in": bodies_with_seat_of(user)})


class DecisionQuerySet(MeetingQuerySet):
    cluster_path = "meeting__body__cluster"
    body_path = "meeting__body"


class ActionItemQuerySet(MeetingQuerySet):
    cluster_path = "decision__meeting__body__cluster"
    body_path = "decision__meeting__body"


class PersonQuerySet(MembersQuerySet):
    def visibility_filter(self, user) -> Q:
        # A person linked to a user account sees their own record.
        return self.staff_filter(user) | Q(user=user)
