"""Named access rules of projects/; each returns a Decision with the reason of a refusal.

Who may *see* a project or an enrolment is decided by the querysets (``visible_to``); these
rules decide who may change them and who sees the internal parts (commitment, history).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusters.permissions import (
    ALLOWED,
    MANAGING_ROLES,
    Decision,
    can_manage_cluster,
    cluster_roles_of,
)
from clusters.querysets import OFFICE_ROLES
from members.models import Organization, Representative
from projects.models import Enrolment, Project


def is_project_staff(user, cluster_id: int) -> bool:
    """Any staff role of the cluster, the coach included: they see commitment labels."""
    return user.is_superuser or cluster_id in cluster_roles_of(user)


def is_office_staff(user, cluster_id: int) -> bool:
    """Administrators, managers and viewers: intake figures, partners, funding, history."""
    return user.is_superuser or cluster_roles_of(user).get(cluster_id) in OFFICE_ROLES


def is_manager(user, cluster_id: int) -> bool:
    return user.is_superuser or cluster_roles_of(user).get(cluster_id) in MANAGING_ROLES


def can_manage_project(user, project: Project) -> Decision:
    """Change a project, its funding, partners, targets and cohorts: the cluster's managers."""
    return can_manage_cluster(user, project.cluster)


def can_manage_enrolment(user, enrolment: Enrolment) -> Decision:
    """Move an enrolment through intake and participation: the cluster's managers."""
    return can_manage_cluster(user, enrolment.project.cluster)


def can_set_commitment(user, enrolment: Enrolment) -> Decision:
    """The commitment label: the firm's coach or the cluster's managers."""
    if enrolment.coach_id is not None and enrolment.coach_id == user.pk:
        return ALLOWED
    if is_manager(user, enrolment.project.cluster_id):
        return ALLOWED
    return Decision(False, _("Only the firm's coach and the cluster's managers set commitment."))


def can_see_commitment(user, cluster_id: int) -> bool:
    """Commitment labels are for the cluster's staff, never for a firm."""
    return is_project_staff(user, cluster_id)


def applicant_organizations(user, project: Project):
    """The organizations the user may apply for: any of the cluster's for its managers, else
    the ones the user represents in the project's cluster."""
    organizations = Organization.objects.visible_to(user).filter(cluster_id=project.cluster_id)
    if is_manager(user, project.cluster_id):
        return organizations.order_by("legal_name")
    represented = Representative.objects.filter(user=user).values("organization_id")
    return organizations.filter(pk__in=represented).order_by("legal_name")


def can_apply(user, project: Project) -> Decision:
    """Open the application form: the cluster's managers, or a representative of one of its
    member firms. The enrolment window is checked by the service on submit."""
    if is_manager(user, project.cluster_id):
        return ALLOWED
    representations = Representative.objects.filter(user=user)
    if representations.filter(organization__cluster_id=project.cluster_id).exists():
        return ALLOWED
    return Decision(
        False, _("Only a member firm's representative or the cluster's managers may apply.")
    )


def can_apply_for(user, project: Project, organization: Organization) -> Decision:
    """Apply for one organization: a manager for any firm of the cluster, a representative for
    its own firm."""
    if is_manager(user, project.cluster_id):
        return ALLOWED
    if Representative.objects.filter(user=user, organization=organization).exists():
        return ALLOWED
    return Decision(False, _("You may apply only for the organization you represent."))
