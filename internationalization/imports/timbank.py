"""The ``timbank`` sheet: requests for consultant hours made through
``timbank_request_create``, decided (approved against the pool, or rejected) and their hours
used logged, through ``internationalization.services.timbank``. A request is found by firm,
service and day requested; it is needed by that day and its purpose names the service. Hours
used are logged on the day of the decision, by a consultant of the cluster offering the
service, else by the consultant ``IMPORT_CONSULTANT`` (created or extended with the service
through ``consultant_save``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.imports.columns import Column, coded
from clusters.imports.report import CREATE, UNCHANGED, UPDATE
from clusters.imports.rows import Row
from clusters.imports.run import RowRefused, refusal_reasons
from internationalization.choices import OPEN_TIMBANK_REQUEST, ConsultantService
from internationalization.imports.context import (
    IMPORT_NOTE,
    ActivitySheetImporter,
    differs,
    noon,
)
from internationalization.models import Consultant, TimbankRequest
from internationalization.rules import quarter_hours_problem
from internationalization.selectors import timbank_hours_used
from internationalization.services.timbank import (
    check_in_project_window,
    consultant_save,
    timbank_request_approve,
    timbank_request_create,
    timbank_request_reject,
    timesheet_log,
)
from projects.models import Enrolment

# The consultant credited with hours used when the cluster has none for the service.
# (A fixed name: the next import finds it again, whatever the language of the page.)
IMPORT_CONSULTANT = "Timbank consultants (imported)"
zero_or_more = partial(quarter_hours_problem, allow_zero=True)


@dataclass(frozen=True)
class Request:
    """A timbank request as the sheet says it; no ``decided_on``: still pending."""

    registry_id: str
    enrolment: Enrolment
    service: str
    requested: Decimal
    approved: Decimal
    used: Decimal
    requested_on: date
    decided_on: date | None


class TimbankImporter(ActivitySheetImporter[Request]):
    """Makes each request once and takes it further: decided, then hours used."""

    sheet = "timbank"
    columns = (
        Column("registry_id", shown=True),
        coded("service", ConsultantService, shown=True),
        Column("hours_requested", shown=True),
        Column("hours_approved"),
        Column("hours_used"),
        Column("requested_on", shown=True),
        Column("decided_on"),
    )
    fields = {
        "enrolment": "registry_id",
        "hours_requested": "hours_requested",
        "needed_by": "requested_on",
        "hours": "hours_approved",
        "decided_on": "decided_on",
    }

    def read(self, row: Row) -> Request | None:
        enrolment = self.enrolment_of(row)
        service = row.choice("service", required=True)
        requested = row.hours("hours_requested", quarter_hours_problem, required=True)
        approved = row.hours("hours_approved", zero_or_more) or Decimal(0)
        used = row.hours("hours_used", zero_or_more) or Decimal(0)
        requested_on = row.day("requested_on", required=True)
        decided_on = row.day("decided_on")
        if decided_on is None and (approved or used):
            row.problem("decided_on", _("Say when the request was decided: hours were approved."))
        if decided_on and requested_on and decided_on < requested_on:
            row.problem("decided_on", _("A request cannot be decided before it was made."))
        if enrolment is None:
            return None
        registry_id = row.cells["registry_id"]
        return Request(
            registry_id, enrolment, service, requested, approved, used, requested_on, decided_on
        )

    def write(self, data: Request) -> str:
        self.context.saw_activity(data.registry_id, data.decided_on or data.requested_on)
        requests = TimbankRequest.objects.filter(enrolment=data.enrolment, service=data.service)
        request = next(
            (r for r in requests if timezone.localdate(r.requested_at) == data.requested_on), None
        )
        action = UNCHANGED
        if data.decided_on:
            check_in_project_window(self.context.project, data.decided_on, "decided_on")
        if request is None:
            request = timbank_request_create(
                enrolment=data.enrolment,
                service=data.service,
                hours_requested=data.requested,
                needed_by=data.requested_on,
                purpose=_("%(service)s (imported from the project spreadsheet)")
                % {"service": ConsultantService(data.service).label},
                actor=self.context.actor,
                requested_at=noon(data.requested_on),
            )
            action = CREATE
        elif request.hours_requested != data.requested:
            raise differs(_("%(hours)s hours requested") % {"hours": request.hours_requested})
        decided = self.decide(request, data)
        if decided is not None:
            request = decided
            action = UPDATE if action == UNCHANGED else action
        if self.log_hours_used(request, data):
            action = UPDATE if action == UNCHANGED else action
        return action

    def decide(self, request: TimbankRequest, data: Request) -> TimbankRequest | None:
        """Decide an open request the file says was decided: the request as decided, or None
        when the file decides nothing new."""
        if data.decided_on and request.status in OPEN_TIMBANK_REQUEST:
            actor, decided_at = self.context.actor, noon(data.decided_on)
            if data.approved:
                return timbank_request_approve(
                    request=request, hours=data.approved, actor=actor, decided_at=decided_at
                )
            return timbank_request_reject(
                request=request, reason=_(IMPORT_NOTE), actor=actor, decided_at=decided_at
            )
        if data.decided_on is None and request.status not in OPEN_TIMBANK_REQUEST:
            raise differs(request.get_status_display().lower())
        if data.decided_on and request.hours_approved != data.approved:
            raise differs(_("%(hours)s hours approved") % {"hours": request.hours_approved})
        return None

    def log_hours_used(self, request: TimbankRequest, data: Request) -> bool:
        """Log the hours used beyond those already logged; whether there were any."""
        already_used = timbank_hours_used(request)
        if data.used < already_used:
            raise differs(_("%(hours)s hours used") % {"hours": already_used})
        if data.used == already_used:
            return False
        try:
            timesheet_log(
                request=request,
                consultant=self.consultant_for(data.service),
                date=data.decided_on,
                hours=data.used - already_used,
                note=_(IMPORT_NOTE),
            )
        except ValidationError as error:
            raise RowRefused(
                *refusal_reasons(error, {"hours": "hours_used", "date": "decided_on"})
            ) from None
        return True

    def consultant_for(self, service: str) -> Consultant:
        cluster = self.context.cluster
        consultants = Consultant.objects.filter(cluster=cluster).order_by("name", "pk")
        for consultant in consultants:
            if service in consultant.services:
                return consultant
        stand_in = consultants.filter(name=IMPORT_CONSULTANT).first()
        services = [*(stand_in.services if stand_in else []), service]
        return consultant_save(
            cluster=cluster,
            data={"name": IMPORT_CONSULTANT, "services": services},
            consultant=stand_in,
        )
