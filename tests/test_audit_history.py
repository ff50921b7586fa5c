"""Every model that carries money, hours, a status or a decision keeps an audit history.

The test walks the app registry, so a new model with such a field cannot skip its history: it
either declares ``history = HistoricalRecords()`` or joins the commented exemption list below.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

OUR_APPS = {"accounts", "clusters", "members", "projects", "internationalization", "reports"}

# A DecimalField is money, hours or a share (the project keeps no other decimals).
AUDITED_FIELD_TYPES = (models.DecimalField,)

# Field names that carry a status, a decision or an outcome, or say that something happened.
AUDITED_FIELD_NAMES = {
    "status",
    "to_status",
    "stage",
    "outcome",
    "verification",
    "attended",
    "present",
    "paid_on",
    "done_on",
    "decided_at",
    "approved",
    "votes_for",
    "role",
    "revoked_at",
}

# Models that carry such a field and keep no history of their own, and why.
EXEMPT = {
    # The immutable log of a membership's steps: it is itself the history of Membership,
    # never edited, never deleted.
    "members.MembershipTransition",
    # The immutable log of an enrolment's steps, the history of Enrolment's status.
    "projects.EnrolmentStatusChange",
    # The path of an export-lab track: one row per stage entered, never edited; the track
    # itself keeps a history.
    "internationalization.ExportLabStep",
    # A report run is immutable once finished (its save refuses a change) and carries the
    # checksum of its content; its status is the progress of a computation, not a decision.
    "reports.ReportRun",
    # A partner organization's role in a project (owner, operational partner, resource
    # provider) is descriptive, not a decision about money or hours.
    "projects.ProjectPartner",
    # A calendar feed token is revoked, never changed; it carries no money, hours or decision.
    "accounts.CalendarFeedToken",
}


def _audited_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, AUDITED_FIELD_TYPES) or field.name in AUDITED_FIELD_NAMES
    ]


def _our_models():
    # The historical models themselves (HistoricalTrip...) point back at their instance type.
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and not hasattr(model, "instance_type")
    ]


def _label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def test_every_model_with_money_hours_status_or_decision_keeps_a_history():
    missing = {
        _label(model): _audited_fields(model)
        for model in _our_models()
        if _audited_fields(model)
        and _label(model) not in EXEMPT
        and not hasattr(model, "history")
    }
    assert missing == {}, f"Add `history = HistoricalRecords()` (or an exemption): {missing}"


def test_every_exemption_names_a_model_that_still_needs_one():
    # A stale exemption would let a renamed model skip the rule unnoticed.
    needing = {
        _label(model)
        for model in _our_models()
        if _audited_fields(model) and not hasattr(model, "history")
    }
    assert EXEMPT - needing == set()
