from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from members.models import Organization, Representative


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["legal_name", "short_name", "registry_id", "cluster"]
    list_filter = ["cluster"]
    search_fields = ["legal_name", "short_name", "registry_id"]
    inlines = [RepresentativeInline]
