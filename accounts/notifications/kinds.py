"""The registry of notification kinds: for each, a translatable subject and body taking
named params, and the delivery a user gets until they choose another.

Params are stored as JSON and rendered when read, in the active language: ``dates`` and
``moments`` name the params holding ISO dates and instants (shown in the language's format),
``words`` those holding a code translated through ``WORDS`` (accepted, rejected, ...),
``countries`` those holding an ISO country code (shown by its name in the language). A
``note`` param (a reason, a question) is added below the body as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.choices import Delivery
from accounts.choices import NotificationKind as K


@dataclass(frozen=True)
class KindSpec:
    subject: str
    body: str
    default: str = Delivery.IMMEDIATELY
    dates: tuple[str, ...] = ("day",)
    moments: tuple[str, ...] = ()
    words: tuple[str, ...] = ("outcome",)
    countries: tuple[str, ...] = ("country",)


WORDS = {
    "accepted": _("accepted"),
    "rejected": _("rejected"),
    "approved": _("approved"),
    "done": _("ready"),
    "failed": _("the computation failed"),
    "timbank": _("The timbank request"),
    "trip": _("The trip request"),
}

KINDS: dict[str, KindSpec] = {
    K.APPLICATION_DECIDED: KindSpec(
        _("Your application to %(project)s was %(outcome)s"),
        _("The application of %(firm)s to the project %(project)s was %(outcome)s on %(day)s."),
    ),
    K.INTERVIEW_SCHEDULED: KindSpec(
        _("Interview about %(project)s on %(when)s"),
        _(
            "The cluster invites %(firm)s to an interview about its application to "
            "%(project)s on %(when)s."
        ),
        moments=("when",),
    ),
    K.SESSION_TO_CONFIRM: KindSpec(
        _("Confirm the coaching session of %(day)s"),
        _(
            "%(logged_by)s logged a coaching session of %(firm)s on %(day)s (%(hours)s h: "
            "%(topic)s). Please confirm that it took place."
        ),
    ),
    K.WORKSHOP_INVITATION: KindSpec(
        _("Invitation: %(workshop)s on %(day)s"),
        _("%(firm)s is invited to the workshop “%(workshop)s” of %(project)s on %(day)s."),
    ),
    K.TIMBANK_DECIDED: KindSpec(
        _("Your timbank request was %(outcome)s"),
        _(
            "The request of %(firm)s for %(hours)s h of consultant time in %(project)s was "
            "%(outcome)s."
        ),
    ),
    K.TIMBANK_QUESTIONED: KindSpec(
        _("A question on your timbank request"),
        _(
            "The cluster asks about the request of %(firm)s for %(hours)s h of consultant time "
            "in %(project)s; answer it on the request's page."
        ),
    ),
    K.TRIP_DECIDED: KindSpec(
        _("Your trip to %(country)s was %(outcome)s"),
        _("The trip of %(firm)s to %(country)s from %(day)s was %(outcome)s."),
    ),
    K.CLAIM_DECIDED: KindSpec(
        _("Your expense claim was %(outcome)s"),
        _(
            "The claim “%(claim)s” of %(amount)s %(currency)s for the trip to %(country)s "
            "was %(outcome)s."
        ),
    ),
    K.REPORT_RUN_DONE: KindSpec(
        _("Your report of %(scope)s: %(outcome)s"),
        _("The report of %(scope)s as of %(day)s: %(outcome)s."),
    ),
    K.ACTION_ITEM_ASSIGNED: KindSpec(
        _("New action item: %(action)s"),
        _("%(body)s decided that you do this by %(day)s: %(action)s"),
    ),
    K.ACTION_ITEM_OVERDUE: KindSpec(
        _("Overdue action item: %(action)s"),
        _("The action “%(action)s” of %(body)s was due on %(day)s and is not marked done."),
    ),
    K.MESSAGE: KindSpec(
        _("%(subject)s"), _("%(sender)s writes:"), dates=(), words=(), countries=()
    ),
    K.SESSION_UNCONFIRMED: KindSpec(
        _("Reminder: confirm the coaching session of %(day)s"),
        _(
            "The coaching session of %(firm)s on %(day)s (%(hours)s h) has waited %(days)s "
            "days for your confirmation."
        ),
        default=Delivery.DIGEST,
    ),
    K.REQUEST_UNDECIDED: KindSpec(
        _("Reminder: a request of %(firm)s waits for a decision"),
        _("%(outcome)s of %(firm)s, made on %(day)s, has waited %(days)s days for a decision."),
        default=Delivery.DIGEST,
    ),
    K.ACTION_ITEM_DUE: KindSpec(
        _("Action item due on %(day)s: %(action)s"),
        _("The action “%(action)s” of %(body)s is due on %(day)s."),
        default=Delivery.DIGEST,
    ),
}


class _Values(dict):
    """A missing param renders empty rather than failing the whole inbox."""

    def __missing__(self, key: str) -> str:
        return ""


def _values(spec: KindSpec, params: dict) -> _Values:
    values = _Values(params)
    for name in spec.dates:
        if params.get(name):
            values[name] = formats.date_format(date.fromisoformat(params[name]), "DATE_FORMAT")
    for name in spec.moments:
        if params.get(name):
            moment = timezone.localtime(datetime.fromisoformat(params[name]))
            values[name] = formats.date_format(moment, "DATETIME_FORMAT")
    for name in spec.countries:
        if params.get(name):
            values[name] = countries.name(params[name]) or params[name]
    for name in spec.words:
        if name in params:
            values[name] = str(WORDS.get(params[name], params[name]))
    return values


def render_subject(kind: str, params: dict) -> str:
    spec = KINDS[kind]
    return str(spec.subject) % _values(spec, params)


def render_body(kind: str, params: dict) -> str:
    spec = KINDS[kind]
    body = str(spec.body) % _values(spec, params)
    note = (params.get("note") or "").strip()
    return f"{body}\n\n{note}" if note else body


def default_delivery(kind: str) -> str:
    return KINDS[kind].default
