"""Steps taken on many enrolments of a project's pipeline at once: all or nothing
(``clusters.bulk``), each row through the single-enrolment service and its rules."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.notifications.services import notify_message
from clusters.bulk import each_or_none
from members.selectors import representatives_of
from projects.models import Enrolment
from projects.permissions import can_manage_project
from projects.services import enrolment_decide


def enrolments_decide(*, actor: User, enrolments: list[Enrolment], **decision) -> dict[int, str]:
    """Accept or reject many enrolments through ``enrolment_decide``, all or nothing
    (clusters.bulk); ``dry_run=True`` previews. Returns the new status of each, by pk."""
    dry_run = decision.pop("dry_run", False)

    def decide(enrolment: Enrolment) -> str:
        return enrolment_decide(enrolment=enrolment, actor=actor, **decision).get_status_display()

    return each_or_none(enrolments, decide, dry_run=dry_run)


def enrolments_message(
    *, actor: User, enrolments: list[Enrolment], subject: str, body: str, dry_run: bool = False
) -> dict[int, str]:
    """Send ``subject`` and ``body`` to the representatives of the firms as a notification
    (their inbox, and an e-mail as each of them chose, after the commit); a firm without a
    representative who has an account with an e-mail address is refused, and nobody is told
    anything (all or nothing, clusters.bulk). Returns the addresses of each enrolment, by pk."""
    if not subject.strip() or not body.strip():
        raise ValidationError({"subject": _("Write a subject and a message.")})

    def message(enrolment: Enrolment) -> str:
        can_manage_project(actor, enrolment.project).require()
        recipients = [user for user in representatives_of(enrolment.organization_id) if user.email]
        if not recipients:
            raise ValidationError(_("The firm has no representative with an e-mail address."))
        notify_message(
            sender=actor,
            recipients=recipients,
            subject=subject,
            body=body,
            url=reverse("internationalization:portal"),
        )
        return ", ".join(sorted(user.email for user in recipients))

    return each_or_none(enrolments, message, dry_run=dry_run)
