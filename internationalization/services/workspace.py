"""Bulk steps of a project's enrolments pipeline that need this app: inviting the chosen firms
to a workshop. All or nothing, each firm through the existing invitation service
(clusters.bulk)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import User
from clusters.bulk import each_or_none
from internationalization.models import Workshop, WorkshopParticipation
from internationalization.permissions import can_manage_workshop
from internationalization.services.workshops import workshop_invite
from projects.models import Enrolment


def workshop_invite_enrolments(
    *, actor: User, workshop: Workshop, enrolments: list[Enrolment], dry_run: bool = False
) -> dict[int, str]:
    """Invite each firm to ``workshop`` through ``workshop_invite``. A firm invited already is
    reported as such and not invited twice; a firm that may not be invited (not accepted or
    active, another project) is refused and nobody is invited. Returns what happened to each
    enrolment, by pk."""
    can_manage_workshop(actor, workshop).require()
    invited = set(
        WorkshopParticipation.objects.filter(workshop=workshop).values_list(
            "enrolment_id", flat=True
        )
    )

    def invite(enrolment: Enrolment) -> str:
        if enrolment.pk in invited:
            return _("already invited: left as it is")
        workshop_invite(workshop=workshop, enrolments=[enrolment])
        return _("invited")

    return each_or_none(enrolments, invite, dry_run=dry_run)
