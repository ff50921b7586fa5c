"""The API's ``?search=``: DRF's SearchFilter, ignoring case and accents on both databases the
way the lists' ``q`` box does (clusters.search says why and how)."""

from __future__ import annotations

from rest_framework.filters import SearchFilter

from clusters.search import search


class FoldedSearchFilter(SearchFilter):
    """Each word of ``?search=`` must be found in one of the view's ``search_fields``."""

    def filter_queryset(self, request, queryset, view):
        fields = self.get_search_fields(view, request)
        terms = self.get_search_terms(request)
        if not fields or not terms:
            return queryset
        # Our search fields are plain paths; DRF's prefixes (^ = @ $) ask for other lookups.
        paths = [field.lstrip("^=@$") for field in fields]
        found = search(queryset, fields=paths, terms=terms)
        if any(self.must_call_distinct(queryset, [path]) for path in paths):
            found = found.distinct()
        return found
