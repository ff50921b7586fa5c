from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusters.models import (
    Cluster,
    ClusterRole,
    Funder,
    FunderUser,
    Programme,
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
    list_display = ["code", "name", "funder", "budget", "currency", "start", "end"]
    list_filter = ["funder", "currency"]
    search_fields = ["code", "name"]
    inlines = [ProgrammeParticipationInline]
