from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from clusters.admin_guards import LedgerGuardedAdmin, LedgerGuardedInline
from members.models import (
    ActionItem,
    Affiliation,
    Alliance,
    AllianceParticipation,
    Attendance,
    Body,
    Decision,
    DeclaredAid,
    FeePayment,
    FeeSchedule,
    Meeting,
    Membership,
    MembershipTransition,
    Organization,
    Person,
    Representative,
    Seat,
)
from members.personal_data import find_subject, person_erase


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    autocomplete_fields = ["user"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organization", "person"]


@admin.register(Organization)
class OrganizationAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    list_display = [
        "legal_name",
        "registry_id",
        "cluster",
        "helix",
        "org_type",
        "size_class",
        "employees",
    ]
    list_filter = ["cluster", "helix", "org_type", "size_class"]
    search_fields = ["legal_name", "short_name", "registry_id"]
    readonly_fields = ["size_class"]
    autocomplete_fields = ["parent"]
    inlines = [RepresentativeInline, AffiliationInline]


class MembershipTransitionInline(admin.TabularInline):
    model = MembershipTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "on", "reason", "actor", "recorded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Transitions go through membership_transition, which checks the lifecycle.
        return False


@admin.register(Membership)
class MembershipAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    list_display = ["organization", "status", "status_since", "member_since"]
    list_filter = ["status", "organization__cluster"]
    search_fields = ["organization__legal_name"]
    readonly_fields = ["organization", "status", "status_since", "member_since"]
    inlines = [MembershipTransitionInline]


@admin.register(FeeSchedule)
class FeeScheduleAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    list_display = ["cluster", "year", "size_class", "amount", "currency", "due_on"]
    list_filter = ["cluster", "year"]


@admin.register(FeePayment)
class FeePaymentAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    # Issued from the fee schedule; the state-aid ledger counts what was paid.
    adds_rows = False
    ledger_fields = ("organization", "year", "amount", "currency", "due_on")
    list_display = ["organization", "year", "amount", "currency", "due_on", "paid_on"]
    list_filter = ["year", "organization__cluster"]
    search_fields = ["organization__legal_name"]


@admin.register(Person)
class PersonAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    # A person leaves through erase_person (anonymised, counts kept), never a delete.
    list_display = ["last_name", "first_name", "email", "cluster", "consent"]
    list_filter = ["cluster", "consent"]
    search_fields = ["first_name", "last_name", "email"]
    autocomplete_fields = ["user"]
    inlines = [AffiliationInline]
    actions = ["erase_personal_data"]

    @admin.action(description=gettext_lazy("Erase personal data on request (cannot be undone)"))
    def erase_personal_data(self, request, queryset):
        # Installation administrators only: the erasure reaches every cluster's records.
        if not request.user.is_superuser:
            self.message_user(
                request, _("Only installation administrators erase people."), messages.ERROR
            )
            return
        for person in queryset:
            person_erase(subject=find_subject(str(person.pk)))
        self.message_user(
            request,
            _("%(count)d people erased: names and addresses overwritten, history included.")
            % {"count": queryset.count()},
            messages.SUCCESS,
        )


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    autocomplete_fields = ["person", "organization"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "cluster"]
    list_filter = ["cluster", "kind"]
    search_fields = ["name"]
    inlines = [SeatInline]


@admin.register(Seat)
class SeatAdmin(SimpleHistoryAdmin):
    list_display = ["person", "body", "role", "voting_right", "term_start", "term_end"]
    list_filter = ["role", "body__cluster"]
    autocomplete_fields = ["person", "organization", "body"]


class AttendanceInline(LedgerGuardedInline, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person"]


class DecisionInline(LedgerGuardedInline, admin.StackedInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(LedgerGuardedAdmin, admin.ModelAdmin):
    list_display = ["body", "date", "title", "recording_consent"]
    list_filter = ["body__cluster", "body"]
    date_hierarchy = "date"
    inlines = [AttendanceInline, DecisionInline]


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    autocomplete_fields = ["owner"]


@admin.register(Decision)
class DecisionAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "outcome", "votes_for", "votes_against", "abstentions"]
    list_filter = ["outcome", "meeting__body__cluster"]
    inlines = [ActionItemInline]


class AllianceParticipationInline(admin.TabularInline):
    model = AllianceParticipation
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Alliance)
class AllianceAdmin(SimpleHistoryAdmin):
    list_display = ["partner_name", "cluster", "partner_country", "kind", "goal", "tie_strength"]
    list_filter = ["cluster", "kind", "goal", "tie_strength", "status"]
    search_fields = ["partner_name"]
    inlines = [AllianceParticipationInline]


@admin.register(DeclaredAid)
class DeclaredAidAdmin(LedgerGuardedAdmin, SimpleHistoryAdmin):
    ledger_fields = ("amount", "currency", "granted_on", "archived_on")
    list_display = ["organization", "granted_by", "granted_on", "amount", "currency"]
    list_filter = ["organization__cluster", "currency"]
    search_fields = ["organization__legal_name", "granted_by", "description"]
    date_hierarchy = "granted_on"
    autocomplete_fields = ["organization"]
    readonly_fields = ["recorded_by", "recorded_at"]
