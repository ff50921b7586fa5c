from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusters.models import (
    ChangeConsent,
    ChangeProposal,
    Cluster,
    ClusterRole,
    Funder,
    FunderUser,
    Indicator,
    IndicatorTarget,
    Programme,
    ProgrammeIndicator,
    ProgrammeParticipation,
)


class ClusterRoleInline(admin.TabularInline):
    model = ClusterRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "country", "region", "city", "founded"]
    list_filter = ["country", "legal_form"]
    search_fields = ["name", "slug", "city", "region"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ClusterRoleInline]


@admin.register(ClusterRole)
class ClusterRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "cluster", "role", "created_at"]
    list_filter = ["role", "cluster"]
    search_fields = ["user__email", "cluster__name"]
    autocomplete_fields = ["user", "cluster"]


class FunderUserInline(admin.TabularInline):
    model = FunderUser
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Funder)
class FunderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [FunderUserInline]


class ProgrammeParticipationInline(admin.TabularInline):
    model = ProgrammeParticipation
    extra = 0
    autocomplete_fields = ["cluster"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "funder", "period", "budget", "currency", "start", "end"]
    list_filter = ["funder", "currency", "period"]
    search_fields = ["code", "name"]
    inlines = [ProgrammeParticipationInline]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    """The catalogue: the common indicators of each period are the installation's (changed
    only here, by its administrators); a programme's own ones carry the programme."""

    list_display = ["code", "name", "period", "counting_rule", "outcome_kind", "programme"]
    list_filter = ["period", "counting_rule", ("programme", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name", "programme__code"]
    autocomplete_fields = ["programme"]


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


@admin.register(ProgrammeIndicator)
class ProgrammeIndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "indicator", "baseline"]
    list_filter = ["indicator__period"]
    search_fields = ["programme__code", "indicator__code"]
    autocomplete_fields = ["programme", "indicator"]
    inlines = [IndicatorTargetInline]


class ChangeConsentInline(admin.TabularInline):
    model = ChangeConsent
    extra = 0
    readonly_fields = ["cluster", "decision", "decided_by", "decided_at"]
    can_delete = False


@admin.register(ChangeProposal)
class ChangeProposalAdmin(SimpleHistoryAdmin):
    """Proposed changes of shared programmes, for installation administrators to follow; they
    are decided by the clusters on their pages, so here they are read only."""

    list_display = ["pk", "content_type", "object_id", "proposed_by", "proposed_for", "status"]
    list_filter = ["status"]
    readonly_fields = [
        "content_type",
        "object_id",
        "changes",
        "before",
        "proposed_by",
        "proposed_for",
        "status",
        "decided_at",
    ]
    inlines = [ChangeConsentInline]
