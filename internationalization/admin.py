from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusters.admin_guards import LedgerGuardedAdmin, LedgerGuardedInline
from internationalization.models import (
    CoachingSession,
    Consultant,
    ExpenseClaim,
    ExportLabStep,
    ExportLabTrack,
    Outcome,
    TimbankPool,
    TimbankRequest,
    TimesheetEntry,
    Trip,
    TripCountryCap,
    TripReport,
    Workshop,
    WorkshopParticipation,
)

ENROLMENT_SEARCH = ["enrolment__organization__legal_name", "enrolment__project__name"]


@admin.register(CoachingSession)
class CoachingSessionAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    # Confirmed hours count against the firm's allotment: only the session services change them.
    adds_rows = False
    ledger_fields = ("hours", "status", "logged_by_side", "enrolment")
    list_display = ["date", "enrolment", "hours", "topic", "coach", "confirmed_at"]
    list_filter = ["enrolment__project", "date"]
    search_fields = ["topic", *ENROLMENT_SEARCH]
    date_hierarchy = "date"
    autocomplete_fields = ["coach"]
    raw_id_fields = ["enrolment"]
    readonly_fields = ["confirmed_at", "confirmed_by", "created_at"]


class WorkshopParticipationInline(LedgerGuardedInline, admin.TabularInline):
    model = WorkshopParticipation
    extra = 0
    raw_id_fields = ["enrolment"]
    readonly_fields = ["invited_at"]


@admin.register(Workshop)
class WorkshopAdmin(LedgerGuardedAdmin, admin.ModelAdmin):
    list_display = ["title", "project", "date", "place", "expert_name", "cohort"]
    list_filter = ["project", "date"]
    search_fields = ["title", "topic", "expert_name", "expert_organization"]
    date_hierarchy = "date"
    inlines = [WorkshopParticipationInline]


@admin.register(WorkshopParticipation)
class WorkshopParticipationAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    adds_rows = False
    ledger_fields = ("attended",)
    list_display = ["workshop", "enrolment", "invited_at", "attended"]
    list_filter = ["attended", "workshop__project"]
    search_fields = ["workshop__title", *ENROLMENT_SEARCH]
    raw_id_fields = ["workshop", "enrolment"]


@admin.register(TimbankPool)
class TimbankPoolAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    list_display = ["project", "hours_total", "hours_reserved", "hourly_value", "currency"]
    list_filter = ["currency"]
    search_fields = ["project__name"]
    readonly_fields = ["hours_reserved"]
    # The pool's size is changed on the pool page, whose service refuses less than reserved.
    adds_rows = False
    ledger_fields = ("hours_total", "project")


@admin.register(Consultant)
class ConsultantAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "cluster", "email", "organization", "person"]
    list_filter = ["cluster"]
    search_fields = ["name", "email"]
    raw_id_fields = ["person", "organization"]


class TimesheetEntryInline(LedgerGuardedInline, admin.TabularInline):
    model = TimesheetEntry
    extra = 0
    ledger_fields = ("hours", "date", "consultant")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TimbankRequest)
class TimbankRequestAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    # Approved hours are reserved from the pool: only timbank_request_approve/close move them.
    adds_rows = False
    ledger_fields = (
        "enrolment",
        "hours_requested",
        "hours_approved",
        "status",
        "decided_at",
        "decided_by",
        "closed_at",
    )
    list_display = [
        "enrolment",
        "service",
        "hours_requested",
        "hours_approved",
        "status",
        "requested_at",
        "decided_at",
    ]
    list_filter = ["status", "service", "enrolment__project"]
    search_fields = ["purpose", *ENROLMENT_SEARCH]
    date_hierarchy = "requested_at"
    raw_id_fields = ["enrolment"]
    inlines = [TimesheetEntryInline]


@admin.register(TimesheetEntry)
class TimesheetEntryAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    adds_rows = False
    ledger_fields = ("hours", "request", "consultant", "date")
    list_display = ["date", "request", "consultant", "hours", "note"]
    list_filter = ["consultant", "request__enrolment__project"]
    search_fields = ["note", "consultant__name"]
    date_hierarchy = "date"
    raw_id_fields = ["request"]


@admin.register(TripCountryCap)
class TripCountryCapAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    adds_rows = False
    ledger_fields = ("cap", "currency", "project", "country")
    list_display = ["project", "country", "cap", "currency"]
    list_filter = ["project", "country"]


class ExpenseClaimInline(LedgerGuardedInline, admin.TabularInline):
    model = ExpenseClaim
    extra = 0
    ledger_fields = ("amount", "currency", "status", "reimbursed_on")

    def has_add_permission(self, request, obj=None):
        return False
    fields = ["description", "amount", "currency", "status", "submitted_at", "reimbursed_on"]
    readonly_fields = ["submitted_at"]


@admin.register(Trip)
class TripAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    # The approved budget bounds the claims: only trip_approve and its kin set it.
    adds_rows = False
    ledger_fields = (
        "enrolment",
        "budget_requested",
        "budget_approved",
        "currency",
        "status",
        "decided_at",
        "decided_by",
        "verification",
    )
    list_display = [
        "enrolment",
        "city",
        "country",
        "start",
        "end",
        "purpose",
        "status",
        "budget_approved",
    ]
    list_filter = ["status", "purpose", "country", "enrolment__project"]
    search_fields = ["city", "event", *ENROLMENT_SEARCH]
    date_hierarchy = "start"
    raw_id_fields = ["enrolment"]
    inlines = [ExpenseClaimInline]


@admin.register(ExpenseClaim)
class ExpenseClaimAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    adds_rows = False
    ledger_fields = ("trip", "amount", "currency", "status", "decided_at", "reimbursed_on")
    list_display = ["description", "trip", "amount", "currency", "status", "submitted_at"]
    list_filter = ["status", "currency"]
    search_fields = ["description", "trip__city", "trip__enrolment__organization__legal_name"]
    date_hierarchy = "submitted_at"
    raw_id_fields = ["trip"]


@admin.register(TripReport)
class TripReportAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    list_display = ["trip", "meetings_held", "leads", "contracts_signed", "units_sold"]
    search_fields = ["trip__city", "trip__enrolment__organization__legal_name"]
    raw_id_fields = ["trip"]


class ExportLabStepInline(LedgerGuardedInline, admin.TabularInline):
    model = ExportLabStep
    extra = 0


@admin.register(ExportLabTrack)
class ExportLabTrackAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    adds_rows = False
    ledger_fields = ("stage", "stage_entered_on", "iterations")
    list_display = ["enrolment", "target_market", "stage", "stage_entered_on", "iterations"]
    list_filter = ["stage", "target_market", "enrolment__project"]
    search_fields = ENROLMENT_SEARCH
    raw_id_fields = ["enrolment"]
    inlines = [ExportLabStepInline]


@admin.register(ExportLabStep)
class ExportLabStepAdmin(LedgerGuardedAdmin, admin.ModelAdmin):
    list_display = ["track", "stage", "entered_on"]
    list_filter = ["stage"]
    search_fields = ["notes", "track__enrolment__organization__legal_name"]
    date_hierarchy = "entered_on"
    raw_id_fields = ["track"]


@admin.register(Outcome)
class OutcomeAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    ledger_fields = ("verification",)
    list_display = ["date", "enrolment", "kind", "quantity", "country", "source"]
    list_filter = ["kind", "source", "country", "enrolment__project"]
    search_fields = ["note", *ENROLMENT_SEARCH]
    date_hierarchy = "date"
    raw_id_fields = ["enrolment"]
    readonly_fields = ["recorded_by"]
