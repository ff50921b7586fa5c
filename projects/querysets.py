"""Visibility of projects and enrolments.

Office staff of the cluster see everything; a coach sees the enrolments assigned to them and
their projects; a firm representative sees its own enrolments and the projects it can apply to
or takes part in. Funder users reach projects through reports/ (aggregates only).
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q

from clusters.models import FunderUser
from clusters.querysets import VisibleQuerySet
from clusters.roles import OFFICE_ROLES
from members.models import Organization, Representative


def represented_organizations(user):
    return Representative.objects.filter(user=user).values("organization_id")


def coached_enrolments(user):
    return apps.get_model("projects", "Enrolment").objects.filter(coach=user).values("pk")


class ProjectQuerySet(VisibleQuerySet):
    staff_roles = OFFICE_ROLES

    def visibility_filter(self, user) -> Q:
        enrolments = apps.get_model("projects", "Enrolment").objects
        mine = enrolments.filter(
            Q(coach=user) | Q(organization__in=represented_organizations(user))
        ).values("project_id")
        # Firms of a cluster may see the projects of that cluster that take applications.
        member_clusters = Organization.objects.filter(
            pk__in=represented_organizations(user)
        ).values("cluster_id")
        open_for_them = Q(status="open", cluster__in=member_clusters)
        # A funder user sees the projects its programmes finance (their terms and aggregates;
        # enrolments stay invisible to it).
        funders = FunderUser.objects.filter(user=user)
        funded = apps.get_model("projects", "ProjectFunding").objects.filter(
            programme__funder__in=funders.values("funder_id")
        )
        return (
            self.staff_filter(user)
            | Q(pk__in=mine)
            | open_for_them
            | Q(pk__in=funded.values("project_id"))
        )


class EnrolmentScopedQuerySet(VisibleQuerySet):
    """Rows of one enrolment: office staff, the assigned coach, the firm's representatives."""

    staff_roles = OFFICE_ROLES
    cluster_path = "enrolment__project__cluster"
    enrolment_path = "enrolment"

    def visibility_filter(self, user) -> Q:
        prefix = f"{self.enrolment_path}__" if self.enrolment_path else ""
        return (
            self.staff_filter(user)
            | Q(**{f"{prefix}coach": user})
            | Q(**{f"{prefix}organization__in": represented_organizations(user)})
        )

    @classmethod
    def via(cls, enrolment_path: str, cluster_path: str) -> type[EnrolmentScopedQuerySet]:
        name = f"{cls.__name__}Via{enrolment_path.title().replace('_', '')}"
        return type(name, (cls,), {"enrolment_path": enrolment_path, "cluster_path": cluster_path})


class EnrolmentQuerySet(EnrolmentScopedQuerySet):
    cluster_path = "project__cluster"
    enrolment_path = ""


class ProjectChildQuerySet(VisibleQuerySet):
    """Rows of a project that every viewer of the project may see (cohorts, targets)."""

    cluster_path = "project__cluster"

    def visibility_filter(self, user) -> Q:
        projects = apps.get_model("projects", "Project").objects.visible_to(user)
        return Q(project__in=projects.values("pk"))


class ProjectStaffQuerySet(VisibleQuerySet):
    """Rows of a project only its office staff see (funding, partners)."""

    staff_roles = OFFICE_ROLES
    cluster_path = "project__cluster"


class PartnerCoachQuerySet(ProjectStaffQuerySet):
    cluster_path = "partner__project__cluster"
