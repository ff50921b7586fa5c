from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusters.admin_guards import LedgerGuardedAdmin, LedgerGuardedInline
from projects.models import (
    Cohort,
    Enrolment,
    EnrolmentStatusChange,
    PartnerCoach,
    Project,
    ProjectFunding,
    ProjectPartner,
    ProjectTarget,
)


class ProjectFundingInline(LedgerGuardedInline, admin.TabularInline):
    # Shares add up to 100 %: only project_set_funding changes them.
    model = ProjectFunding
    extra = 0
    ledger_fields = ("programme", "share")

    def has_add_permission(self, request, obj=None):
        return False


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["organization"]


class ProjectTargetInline(admin.TabularInline):
    model = ProjectTarget
    extra = 0


class CohortInline(LedgerGuardedInline, admin.TabularInline):
    model = Cohort
    extra = 0


@admin.register(Project)
class ProjectAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "slug", "cluster", "status", "start", "end"]
    list_filter = ["cluster", "status"]
    search_fields = ["name", "slug"]
    inlines = [ProjectFundingInline, ProjectPartnerInline, ProjectTargetInline, CohortInline]


@admin.register(PartnerCoach)
class PartnerCoachAdmin(admin.ModelAdmin):
    list_display = ["coach", "partner"]
    list_filter = ["partner__project"]
    autocomplete_fields = ["coach"]


class EnrolmentStatusChangeInline(admin.TabularInline):
    model = EnrolmentStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "at", "actor", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    """Read the enrolments; their steps go through the pages and the API (services)."""

    list_display = ["organization", "project", "status", "eligible", "applied_on", "coach"]
    list_filter = ["project", "status", "eligible"]
    search_fields = ["organization__legal_name", "organization__registry_id"]
    autocomplete_fields = ["organization", "coach", "override_by"]
    inlines = [EnrolmentStatusChangeInline]
    adds_rows = False
    # The status moves through the enrolment services, which record each step; the coaching
    # allotment bounds the sessions; the fee is part of the state-aid ledger.
    ledger_fields = (
        "project",
        "organization",
        "status",
        "coaching_hours_allotted",
        "fee_due",
        "fee_paid_on",
        "decided_on",
        "completed_on",
        "dropped_on",
    )
