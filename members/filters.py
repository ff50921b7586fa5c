"""One FilterSet per list, shared by the HTML lists, the API and the directory's exports."""

from __future__ import annotations

import django_filters
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from clusters.filters import FoldedExactFilter, ListFilterSet, TextSearchFilter
from members.choices import (
    BodyKind,
    DecisionOutcome,
    Helix,
    MembershipStatus,
    OrganizationType,
    SeatRole,
    SizeClass,
)
from members.models import (
    ActionItem,
    Affiliation,
    Alliance,
    Body,
    Decision,
    FeePayment,
    FeeSchedule,
    Meeting,
    Membership,
    Organization,
    Person,
    Seat,
)

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


class OrganizationFilter(ListFilterSet):
    q = TextSearchFilter(fields=("legal_name", "short_name", "registry_id", "city"))
    helix = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=Helix.choices, label=_("Helix category")
    )
    org_type = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=OrganizationType.choices, label=_("Type")
    )
    size_class = django_filters.ChoiceFilter(
        empty_label=_("Any"), choices=SizeClass.choices, label=_("Size class")
    )
    region = FoldedExactFilter(label=_("Region"))
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
        # Every option's label is ours and lazy: django-filter would word the descending ones
        # in its own catalogue (no Swedish) and fix them in English when the class is built.
        field_labels={
            "legal_name": _("Name"),
            "-name": _("Name (descending)"),
            "employees": _("Employees"),
            "-employees": _("Employees (descending)"),
            "size_class": _("Size class"),
            "-size_class": _("Size class (descending)"),
            "region": _("Region"),
            "-region": _("Region (descending)"),
            "membership__member_since": _("Member since"),
            "-member_since": _("Member since (descending)"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Organization
        fields = ["q", "helix", "org_type", "size_class", "region", "sector", "membership_status"]

    def by_sector(self, queryset, name, value):
        """A NACE code or its prefix: 'C22' finds 'C22.19'. Codes are stored ', '-separated
        (Organization.save normalises them)."""
        code = value.strip().upper()
        if not code:
            return queryset
        return queryset.filter(Q(sectors__istartswith=code) | Q(sectors__icontains=f", {code}"))


class MembershipFilter(ListFilterSet):
    class Meta:
        model = Membership
        fields = ["status", "organization"]


def _whole_number(value) -> bool:
    try:
        int(value)
    except (TypeError, ValueError):
        return False
    return True


class FeePaymentFilter(ListFilterSet):
    """Fees by year, member and payment. The fees page shows one year: ``default_year`` stands
    in when the query string names none (or no number)."""

    state = django_filters.ChoiceFilter(
        choices=[("unpaid", _("unpaid")), ("paid", _("paid"))],
        method="by_state",
        empty_label=_("paid and unpaid"),
        label=_("Payment"),
    )

    class Meta:
        model = FeePayment
        fields = ["year", "organization", "state"]

    def __init__(self, data=None, queryset=None, *, default_year: int | None = None, **kwargs):
        if default_year is not None and not _whole_number((data or {}).get("year")):
            data = data.copy() if data is not None else QueryDict(mutable=True)
            data["year"] = str(default_year)
        super().__init__(data, queryset, **kwargs)

    def by_state(self, queryset, name, value):
        return queryset.filter(paid_on__isnull=value == "unpaid")


class FeeScheduleFilter(ListFilterSet):
    class Meta:
        model = FeeSchedule
        fields = ["year"]


class PersonFilter(ListFilterSet):
    q = TextSearchFilter(fields=("first_name", "last_name", "email"), every_word=True)
    cluster = django_filters.CharFilter(field_name="cluster__slug", label=_("Cluster (slug)"))

    class Meta:
        model = Person
        fields = ["q", "cluster", "consent"]


# Ids of parents are plain numbers rather than choices among all rows: an id of another
# cluster answers an empty list, exactly like an id that does not exist.


class AffiliationFilter(ListFilterSet):
    person = django_filters.NumberFilter(field_name="person", label=_("Person id"))
    organization = django_filters.NumberFilter(
        field_name="organization", label=_("Organization id")
    )

    class Meta:
        model = Affiliation
        fields = ["person", "organization"]


class AllianceFilter(ListFilterSet):
    q = TextSearchFilter(fields=("partner_name", "partner_city", "partner_sector"))

    class Meta:
        model = Alliance
        fields = ["q", "kind", "goal", "tie_strength", "status", "partner_country"]


class BodyFilter(ListFilterSet):
    q = TextSearchFilter(fields=("name",))
    cluster = django_filters.CharFilter(field_name="cluster__slug", label=_("Cluster (slug)"))
    kind = django_filters.ChoiceFilter(choices=BodyKind.choices, label=_("Kind"))

    class Meta:
        model = Body
        fields = ["q", "cluster", "kind"]


class SeatFilter(ListFilterSet):
    body = django_filters.NumberFilter(field_name="body", label=_("Body id"))
    person = django_filters.NumberFilter(field_name="person", label=_("Person id"))
    role = django_filters.ChoiceFilter(choices=SeatRole.choices, label=_("Role"))

    class Meta:
        model = Seat
        fields = ["body", "person", "role"]


class MeetingFilter(ListFilterSet):
    body = django_filters.NumberFilter(field_name="body", label=_("Body id"))
    date = django_filters.DateFromToRangeFilter(
        label=_("Date (date_after, date_before; both included)")
    )

    class Meta:
        model = Meeting
        fields = ["body", "date"]


class DecisionFilter(ListFilterSet):
    meeting = django_filters.NumberFilter(field_name="meeting", label=_("Meeting id"))
    body = django_filters.NumberFilter(field_name="meeting__body", label=_("Body id"))
    outcome = django_filters.ChoiceFilter(choices=DecisionOutcome.choices, label=_("Outcome"))

    class Meta:
        model = Decision
        fields = ["meeting", "body", "outcome"]


class ActionItemFilter(ListFilterSet):
    decision = django_filters.NumberFilter(field_name="decision", label=_("Decision id"))
    owner = django_filters.NumberFilter(field_name="owner", label=_("Owner (person id)"))
    done = django_filters.BooleanFilter(
        field_name="done_on", lookup_expr="isnull", exclude=True, label=_("Done")
    )

    class Meta:
        model = ActionItem
        fields = ["decision", "owner", "done"]
