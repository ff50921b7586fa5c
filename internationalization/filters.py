"""One FilterSet per list, shared by the HTML lists and the API: trips and their claims, the
timbank's requests, timesheets and consultants, and the activities of enrolled firms."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from clusters.filters import ListFilterSet, TextSearchFilter
from internationalization.choices import (
    ClaimStatus,
    ConsultantService,
    ExportLabStage,
    OutcomeKind,
    TimbankRequestStatus,
    TripStatus,
)
from internationalization.models import (
    CoachingSession,
    Consultant,
    ExpenseClaim,
    ExportLabTrack,
    Outcome,
    TimbankRequest,
    TimesheetEntry,
    Trip,
    Workshop,
)

# The firm of an enrolment, as the lists search it.
FIRM_NAMES = ("enrolment__organization__legal_name", "enrolment__organization__short_name")


class EnrolmentChildFilter(ListFilterSet):
    enrolment = django_filters.NumberFilter(field_name="enrolment", label=_("Enrolment id"))
    project = django_filters.CharFilter(
        field_name="enrolment__project__slug", label=_("Project (slug)")
    )


class TripFilter(EnrolmentChildFilter):
    q = TextSearchFilter(fields=(*FIRM_NAMES, "city", "event"))
    status = django_filters.ChoiceFilter(
        choices=TripStatus.choices, empty_label=_("Any status"), label=_("Status")
    )

    class Meta:
        model = Trip
        fields = ["q", "project", "enrolment", "status", "country"]


class ClaimFilter(ListFilterSet):
    trip = django_filters.NumberFilter(field_name="trip", label=_("Trip id"))
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices, label=_("Status"))

    class Meta:
        model = ExpenseClaim
        fields = ["trip", "status"]


class TimbankRequestFilter(EnrolmentChildFilter):
    q = TextSearchFilter(fields=(*FIRM_NAMES, "enrolment__project__name"))
    status = django_filters.ChoiceFilter(choices=TimbankRequestStatus.choices, label=_("Status"))
    service = django_filters.ChoiceFilter(choices=ConsultantService.choices, label=_("Service"))

    class Meta:
        model = TimbankRequest
        fields = ["q", "project", "enrolment", "status", "service"]


class TimesheetEntryFilter(ListFilterSet):
    request = django_filters.NumberFilter(field_name="request", label=_("Timbank request id"))
    consultant = django_filters.NumberFilter(field_name="consultant", label=_("Consultant id"))

    class Meta:
        model = TimesheetEntry
        fields = ["request", "consultant"]


class ConsultantFilter(ListFilterSet):
    q = TextSearchFilter(fields=("name", "email"))

    class Meta:
        model = Consultant
        fields = ["q"]


class CoachingSessionFilter(EnrolmentChildFilter):
    date = django_filters.DateFromToRangeFilter(
        label=_("Date (date_after, date_before; both included)")
    )
    confirmed = django_filters.BooleanFilter(
        field_name="confirmed_at", lookup_expr="isnull", exclude=True, label=_("Confirmed")
    )

    class Meta:
        model = CoachingSession
        fields = ["enrolment", "project", "date", "confirmed"]


class WorkshopFilter(ListFilterSet):
    q = TextSearchFilter(fields=("title", "topic", "expert_name", "expert_organization"))
    project = django_filters.CharFilter(field_name="project__slug", label=_("Project (slug)"))
    cohort = django_filters.NumberFilter(field_name="cohort", label=_("Cohort id"))
    date = django_filters.DateFromToRangeFilter(
        label=_("Date (date_after, date_before; both included)")
    )

    class Meta:
        model = Workshop
        fields = ["q", "project", "cohort", "date"]


class ExportLabTrackFilter(EnrolmentChildFilter):
    stage = django_filters.ChoiceFilter(choices=ExportLabStage.choices, label=_("Stage"))

    class Meta:
        model = ExportLabTrack
        fields = ["enrolment", "project", "stage"]


class OutcomeFilter(EnrolmentChildFilter):
    kind = django_filters.ChoiceFilter(choices=OutcomeKind.choices, label=_("Kind"))
    date = django_filters.DateFromToRangeFilter(
        label=_("Date (date_after, date_before; both included)")
    )

    class Meta:
        model = Outcome
        fields = ["enrolment", "project", "kind", "date"]
