from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


class ProjectFundingInline(admin.TabularInline):
    model = ProjectFunding
    extra = 0


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ["organization"]


class ProjectTargetInline(admin.TabularInline):
    model = ProjectTarget
    extra = 0


class CohortInline(admin.TabularInline):
    model = Cohort
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
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
class EnrolmentAdmin(SimpleHistoryAdmin):
    """Read the enrolments; their steps go through the pages and the API (services)."""

    list_display = ["organization", "project", "status", "eligible", "applied_on", "coach"]
    list_filter = ["project", "status", "eligible"]
    search_fields = ["organization__legal_name", "organization__registry_id"]
    autocomplete_fields = ["organization", "coach", "override_by"]
    inlines = [EnrolmentStatusChangeInline]
