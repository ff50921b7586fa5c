"""Who sees which report runs: cluster office staff see the runs of their clusters' projects
and programmes; a funder user sees the runs of its funder's programmes and their projects."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from clusters.models import ClusterRole, FunderUser, Programme, ProgrammeParticipation
from clusters.roles import OFFICE_ROLES
from projects.models import Project, ProjectFunding


def office_clusters(user):
    return ClusterRole.objects.filter(user=user, role__in=OFFICE_ROLES).values("cluster_id")


def funder_programmes(user):
    funders = FunderUser.objects.filter(user=user).values("funder_id")
    return Programme.objects.filter(funder__in=funders)


def reportable_projects(user):
    """Projects whose reports the user may read: office staff of the cluster, or the funder
    of a programme financing the project."""
    projects = Project.objects
    if user.is_superuser:
        return projects.all()
    funded = ProjectFunding.objects.filter(programme__in=funder_programmes(user)).values(
        "project_id"
    )
    return projects.filter(Q(cluster__in=office_clusters(user)) | Q(pk__in=funded))


def reportable_programmes(user):
    programmes = Programme.objects
    if user.is_superuser:
        return programmes.all()
    taking_part = ProgrammeParticipation.objects.filter(cluster__in=office_clusters(user)).values(
        "programme_id"
    )
    return programmes.filter(Q(pk__in=taking_part) | Q(pk__in=funder_programmes(user).values("pk")))


class ReportRunQuerySet(QuerySet):
    def visible_to(self, user) -> ReportRunQuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(project__in=reportable_projects(user).values("pk"))
            | Q(programme__in=reportable_programmes(user).values("pk"))
        )
