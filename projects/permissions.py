"""Named access rules of projects/; each returns a Verdict with the reason of a refusal
(the policy: clusters/permissions.py).

Who may *see* a project or an enrolment is decided by the querysets (``visible_to``); these
rules decide who may change them and who sees the internal parts (commitment, history).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusters.permissions import ALLOWED, Verdict, can_manage_cluster, refused
from clusters.roles import is_manager, is_staff_of
from members.choices import Helix
from members.models import Organization, Representative
from projects.models import Enrolment, Project


def can_manage_project(user, project: Project) -> Verdict:
    """Change a project, its funding, partners, targets and cohorts: the cluster's managers."""
    return can_manage_cluster(user, project.cluster)


def can_manage_enrolment(user, enrolment: Enrolment) -> Verdict:
    """Move an enrolment through intake and participation: the cluster's managers."""
    return can_manage_cluster(user, enrolment.project.cluster)


def can_set_commitment(user, enrolment: Enrolment) -> Verdict:
    """The commitment label: the firm's coach or the cluster's managers."""
    if enrolment.coach_id is not None and enrolment.coach_id == user.pk:
        return ALLOWED
    if is_manager(user, enrolment.project.cluster_id):
        return ALLOWED
    return refused(_("Only the firm's coach and the cluster's managers set commitment."))


def can_see_commitment(user, cluster_id: int) -> bool:
    """Commitment labels are for the cluster's staff, never for a firm."""
    return is_staff_of(user, cluster_id)


def applicant_organizations(user, project: Project):
    """The organizations the user may apply for: firms (the industry helix: not universities,
    authorities or associations) not enrolled in the project yet; any such firm of the
    cluster for its managers, else the ones the user represents."""
    organizations = (
        Organization.objects.visible_to(user)
        .filter(cluster_id=project.cluster_id, helix=Helix.INDUSTRY)
        .exclude(enrolments__project=project)
    )
    if is_manager(user, project.cluster_id):
        return organizations.order_by("legal_name")
    represented = Representative.objects.filter(user=user).values("organization_id")
    return organizations.filter(pk__in=represented).order_by("legal_name")


def can_apply(user, project: Project) -> Verdict:
    """Open the application form: the cluster's managers, or a representative of one of its
    member firms. The enrolment window is checked by the service on submit."""
    if is_manager(user, project.cluster_id):
        return ALLOWED
    representations = Representative.objects.filter(user=user)
    if representations.filter(organization__cluster_id=project.cluster_id).exists():
        return ALLOWED
    return refused(_("Only a member firm's representative or the cluster's managers may apply."))


def can_apply_for(user, project: Project, organization: Organization) -> Verdict:
    """Apply for one organization: a manager for any firm of the cluster, a representative for
    its own firm."""
    if is_manager(user, project.cluster_id):
        return ALLOWED
    if Representative.objects.filter(user=user, organization=organization).exists():
        return ALLOWED
    return refused(_("You may apply only for the organization you represent."))


def can_view_enrolments(user, project: Project) -> Verdict:
    """The list of a project's enrolments: the cluster's staff (a coach sees its own firms
    there) and the representatives of its member firms (their own). A funder reads the
    enrolments only as the aggregates of the project's reports, and is told so."""
    if is_staff_of(user, project.cluster_id):
        return ALLOWED
    representations = Representative.objects.filter(user=user)
    if representations.filter(organization__cluster_id=project.cluster_id).exists():
        return ALLOWED
    return refused(
        _(
            "The enrolments are shown to the cluster's staff and its member firms; funders "
            "read them as figures in the project's reports."
        )
    )
