"""One FilterSet per list, shared by the HTML list and the API: clusters, programmes, funders.

Also the pieces every app's filters are built of: ``TextSearchFilter`` (a list's ``q`` box)
and ``ListFilterSet``.
"""

from __future__ import annotations

from collections.abc import Sequence

import django_filters
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Funder, Programme
from clusters.search import folded_equals, search


class TextSearchFilter(django_filters.CharFilter):
    """The rows where one of ``fields`` contains the text, ignoring case and accents.

    With ``every_word``, each word of the text must be found, in any of the fields.
    """

    def __init__(self, *, fields: Sequence[str], every_word: bool = False, **kwargs):
        kwargs.setdefault("label", _("Search"))
        super().__init__(**kwargs)
        self.search_fields = tuple(fields)
        self.every_word = every_word

    def filter(self, qs, value):
        text = (value or "").strip()
        if not text:
            return qs
        terms = text.split() if self.every_word else [text]
        return search(qs, fields=self.search_fields, terms=terms)


class FoldedExactFilter(django_filters.CharFilter):
    """The rows whose field is the text, ignoring case and accents (a region typed by hand)."""

    def filter(self, qs, value):
        text = (value or "").strip()
        return qs.filter(folded_equals(self.field_name, text)) if text else qs


def _given(value) -> bool:
    if isinstance(value, list | tuple):
        return any(_given(part) for part in value)
    return value is not None and str(value).strip() != ""


class ListFilterSet(django_filters.FilterSet):
    """The filters of one list, read from the query string by its page and its API endpoint."""

    @property
    def is_filtering(self) -> bool:
        """Whether any filter has a value (sorting is not filtering): an empty page then says
        that nothing matches, rather than that there is nothing yet."""
        return any(
            _given(self.form[name].value())
            for name, filter_ in self.filters.items()
            if not isinstance(filter_, django_filters.OrderingFilter)
        )


class ClusterFilter(ListFilterSet):
    q = TextSearchFilter(fields=("name", "city", "region", "sectors"))

    class Meta:
        model = Cluster
        fields = ["q", "country", "legal_form"]


class ProgrammeFilter(ListFilterSet):
    q = TextSearchFilter(fields=("code", "name", "funder__name"))

    class Meta:
        model = Programme
        fields = ["q", "currency"]


class FunderFilter(ListFilterSet):
    q = TextSearchFilter(fields=("name",))

    class Meta:
        model = Funder
        fields = ["q", "kind", "country"]
