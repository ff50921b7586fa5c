"""One FilterSet per list, shared by the HTML directory, the API and the exports."""

import django_filters
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from members.choices import Helix, MembershipStatus, OrganizationType, SizeClass
from members.models import Organization

# Size classes sort from small to large, not alphabetically; unknown last.
SIZE_RANK = Case(
    *(When(size_class=name, then=Value(rank)) for rank, name in enumerate(SizeClass.values)),
    output_field=IntegerField(),
)


class OrganizationOrdering(django_filters.OrderingFilter):
    def filter(self, queryset, value):
        if value and any(term.lstrip("-") == "size_class" for term in value):
            queryset = queryset.annotate(size_rank=SIZE_RANK)
            value = [term.replace("size_class", "size_rank") for term in value]
        return super().filter(queryset, value)


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    helix = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=Helix.choices, label=_("Helix category")
    )
    org_type = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=OrganizationType.choices, label=_("Type")
    )
    size_class = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=SizeClass.choices, label=_("Size class")
    )
    region = django_filters.CharFilter(lookup_expr="iexact", label=_("Region"))
    sector = django_filters.CharFilter(method="by_sector", label=_("Sector (NACE)"))
    membership_status = django_filters.ChoiceFilter(
        empty_label=_("Any"),
        field_name="membership__status",
        choices=MembershipStatus.choices,
        label=_("Membership"),
    )
    ordering = OrganizationOrdering(
        fields=(
            ("legal_name", "name"),
            ("employees", "employees"),
            ("size_class", "size_class"),
            ("region", "region"),
            ("membership__member_since", "member_since"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Organization
        fields = ["q", "helix", "org_type", "size_class", "region", "sector", "membership_status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(legal_name__icontains=value)
            | Q(short_name__icontains=value)
            | Q(registry_id__icontains=value)
            | Q(city__icontains=value)
        )

    def by_sector(self, queryset, name, value):
        """A NACE code or its prefix: 'C22' finds 'C22.19'. Codes are stored ', '-separated
        (Organization.save normalises them)."""
        code = value.strip().upper()
        if not code:
            return queryset
        return queryset.filter(Q(sectors__istartswith=code) | Q(sectors__icontains=f", {code}"))
