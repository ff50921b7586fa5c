"""Named access rules of internationalization/: who may log, confirm, request, decide and
report for an enrolment. Each ``can_*`` returns a Verdict with the reason of a refusal; the
services require them of their ``actor`` (the policy: clusters/permissions.py).

Who may *see* an activity is decided by the querysets (``visible_to``), not here.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from clusters.permissions import ALLOWED, Verdict, refused
from clusters.roles import is_manager, is_office_staff
from internationalization.choices import OutcomeSource, SessionSide
from internationalization.models import CoachingSession, Workshop, WorkshopParticipation
from members.permissions import represents
from projects.models import Enrolment, Project

# Who the user is to an enrolment -------------------------------------------------------------


def is_coach_of(user, enrolment: Enrolment) -> bool:
    return user.is_authenticated and enrolment.coach_id == user.pk


def coaches_in_project(user, project: Project) -> bool:
    return Enrolment.objects.filter(project=project, coach=user).exists()


# Coaching ------------------------------------------------------------------------------------


def is_office_side_of(user, enrolment: Enrolment) -> bool:
    """The coach of the firm, or a manager of the cluster acting for the office."""
    return is_coach_of(user, enrolment) or is_manager(user, enrolment.project.cluster_id)


def session_side_for(user, enrolment: Enrolment) -> str | None:
    """The side the user logs a session as (the office first: a manager who also represents
    a firm logs as the office), or None if they may not log one."""
    if is_office_side_of(user, enrolment):
        return SessionSide.OFFICE
    if represents(user, enrolment.organization_id):
        return SessionSide.FIRM
    return None


def can_log_session(user, enrolment: Enrolment) -> Verdict:
    """The firm's coach and the cluster's managers log the sessions they held; the firm's
    representatives log the sessions the firm had. The other side confirms."""
    if session_side_for(user, enrolment):
        return ALLOWED
    return refused(
        _("Only the firm, its coach and the cluster's managers log the firm's coaching sessions.")
    )


def can_confirm_sessions_of(user, enrolment: Enrolment) -> Verdict:
    """A representative of the firm confirms the sessions its coach logged."""
    if represents(user, enrolment.organization_id):
        return ALLOWED
    return refused(_("Only the firm's representatives confirm its coaching sessions."))


def can_confirm_session(user, session: CoachingSession) -> Verdict:
    """The side that did not log the session confirms (or disputes) it: the firm what the
    coach or the office logged, the coach or a manager what the firm logged. An imported
    session needs no one."""
    if session.logged_by_side == SessionSide.OFFICE:
        return can_confirm_sessions_of(user, session.enrolment)
    if session.logged_by_side == SessionSide.FIRM:
        if is_office_side_of(user, session.enrolment):
            return ALLOWED
        return refused(_("The firm logged this session: its coach or a manager confirms it."))
    return refused(_("Sessions from an import of history count as confirmed."))


def can_dispute_session(user, session: CoachingSession) -> Verdict:
    """Who must confirm a session may dispute it instead, with a reason."""
    return can_confirm_session(user, session)


def can_correct_session(user, session: CoachingSession) -> Verdict:
    """The side that logged a session corrects it (after a dispute, or before confirmation)."""
    if session.logged_by_side == SessionSide.FIRM:
        logger_side = represents(user, session.enrolment.organization_id)
    else:
        logger_side = session.logged_by_side == SessionSide.OFFICE and is_office_side_of(
            user, session.enrolment
        )
    if logger_side:
        return ALLOWED
    return refused(_("Only the side that logged the session corrects it."))


def can_change_allotment(user, enrolment: Enrolment) -> Verdict:
    if is_manager(user, enrolment.project.cluster_id):
        return ALLOWED
    return refused(_("Only the cluster's managers change a coaching allotment."))


# Workshops and the export-lab board ----------------------------------------------------------


def can_view_project_activities(user, project: Project) -> Verdict:
    """Workshops and the export-lab board of a project: its office staff, and the coaches of
    its firms (who see only their own firms there)."""
    if is_office_staff(user, project.cluster_id) or coaches_in_project(user, project):
        return ALLOWED
    return refused(
        _("This is shown to the cluster's staff and the coaches of the project's firms.")
    )


def can_manage_workshops(user, project: Project) -> Verdict:
    if is_manager(user, project.cluster_id):
        return ALLOWED
    return refused(_("Only the cluster's managers plan workshops and record attendance."))


def is_invited_to(user, workshop: Workshop) -> bool:
    """The user represents a firm invited to the workshop."""
    return (
        user.is_authenticated
        and WorkshopParticipation.objects.filter(
            workshop=workshop, enrolment__organization__representatives__user=user
        ).exists()
    )


def can_view_workshop(user, workshop: Workshop):
    """The project's staff and coaches; a firm reads the workshops it is invited to (and sees
    only its own invitation there: the invitations' ``visible_to``)."""
    if can_view_project_activities(user, workshop.project) or is_invited_to(user, workshop):
        return ALLOWED
    return refused(_("This workshop is shown to the cluster's staff and the firms invited."))


def can_manage_workshop(user, workshop: Workshop):
    return can_manage_workshops(user, workshop.project)


# Timbank and trips ---------------------------------------------------------------------------


def can_act_for_firm(user, enrolment: Enrolment) -> Verdict:
    """Request hours, apply for a trip, claim expenses: the firm's representatives, or the
    cluster's managers and administrators for the firm."""
    if is_manager(user, enrolment.project.cluster_id) or represents(
        user, enrolment.organization_id
    ):
        return ALLOWED
    return refused(_("Only the firm's representatives and the cluster's managers may do this."))


def can_decide_for_project(user, project: Project) -> Verdict:
    """Approve, reject, keep timesheets, set pools and caps: the cluster's managers."""
    if is_manager(user, project.cluster_id):
        return ALLOWED
    return refused(_("Only the cluster's administrators and managers may decide this."))


# Export lab ----------------------------------------------------------------------------------


def can_work_export_lab(user, enrolment: Enrolment) -> Verdict:
    """Start and advance a firm's track: the firm's coach and the cluster's managers."""
    if is_coach_of(user, enrolment) or is_manager(user, enrolment.project.cluster_id):
        return ALLOWED
    return refused(
        _("Only the firm's coach and the cluster's managers move it through the export lab.")
    )


# Outcomes ------------------------------------------------------------------------------------


def outcome_source_for(user, enrolment: Enrolment) -> str | None:
    """Who the user reports as: the firm itself, its coach, or a manager; None if neither."""
    if represents(user, enrolment.organization_id):
        return OutcomeSource.FIRM
    if is_coach_of(user, enrolment):
        return OutcomeSource.COACH
    if is_manager(user, enrolment.project.cluster_id):
        return OutcomeSource.MANAGER
    return None


def can_record_outcome(user, enrolment: Enrolment) -> Verdict:
    if outcome_source_for(user, enrolment):
        return ALLOWED
    return refused(_("Outcomes are reported by the firm, its coach and the cluster's managers."))


def can_verify_outcome(user, outcome) -> Verdict:
    """What a firm reports itself is verified (or rejected) by the cluster's managers."""
    if is_manager(user, outcome.enrolment.project.cluster_id):
        return ALLOWED
    return refused(_("Only the cluster's managers verify what a firm reports."))


# Completion ----------------------------------------------------------------------------------


def can_complete(user, enrolment: Enrolment) -> Verdict:
    if is_manager(user, enrolment.project.cluster_id):
        return ALLOWED
    return refused(_("Only the cluster's managers mark a firm's enrolment completed."))


def can_decide_timbank_request(user, timbank_request) -> Verdict:
    return can_decide_for_project(user, timbank_request.enrolment.project)


def can_act_on_timbank_request(user, timbank_request) -> Verdict:
    return can_act_for_firm(user, timbank_request.enrolment)


def can_decide_trip(user, trip) -> Verdict:
    return can_decide_for_project(user, trip.enrolment.project)


def can_act_on_trip(user, trip) -> Verdict:
    return can_act_for_firm(user, trip.enrolment)


def can_decide_claim(user, claim) -> Verdict:
    return can_decide_for_project(user, claim.trip.enrolment.project)


# State aid -----------------------------------------------------------------------------------


def can_view_aid_ledger(user, organization) -> Verdict:
    """The firm's state-aid ledger: its representatives and the cluster's office staff; a
    coach knows the firm but not the aid it received elsewhere."""
    if represents(user, organization.pk) or is_office_staff(user, organization.cluster_id):
        return ALLOWED
    return refused(_("Only the firm's representatives and the cluster's office see its state aid."))
