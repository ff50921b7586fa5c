"""Choices of the accounts app: the kinds of notification and how each is delivered."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """Every hand-off between people that the product tells someone about."""

    APPLICATION_DECIDED = "application_decided", _("Application decided")
    INTERVIEW_SCHEDULED = "interview_scheduled", _("Interview scheduled")
    SESSION_TO_CONFIRM = "session_to_confirm", _("Coaching session to confirm")
    WORKSHOP_INVITATION = "workshop_invitation", _("Workshop invitation")
    TIMBANK_DECIDED = "timbank_decided", _("Timbank request decided")
    TIMBANK_QUESTIONED = "timbank_questioned", _("Question on a timbank request")
    TRIP_DECIDED = "trip_decided", _("Trip decided")
    CLAIM_DECIDED = "claim_decided", _("Expense claim decided")
    REPORT_RUN_DONE = "report_run_done", _("Report run done")
    ACTION_ITEM_ASSIGNED = "action_item_assigned", _("Action item assigned")
    ACTION_ITEM_OVERDUE = "action_item_overdue", _("Action item overdue")
    MESSAGE = "message", _("Message from the cluster")
    SESSION_UNCONFIRMED = "session_unconfirmed", _("Reminder: session still unconfirmed")
    REQUEST_UNDECIDED = "request_undecided", _("Reminder: request still undecided")
    ACTION_ITEM_DUE = "action_item_due", _("Reminder: action item due soon")


class Delivery(models.TextChoices):
    """How a user wants one kind of notification: an e-mail at once, in the daily digest, or
    not at all (then nothing is kept in the inbox either)."""

    IMMEDIATELY = "immediately", _("Immediately")
    DIGEST = "digest", _("Daily digest")
    OFF = "off", _("Off")


class TokenScope(models.TextChoices):
    """What an API token may do: read only (GET, HEAD, OPTIONS), or read and write."""

    READ_ONLY = "read", _("Read only")
    READ_WRITE = "write", _("Read and write")
