"""Pagination of the API's lists.

Most lists keep DRF's page numbers (``?page=``, with ``count``): they hold at most a few
thousand rows per cluster. Activity lists grow with every session and outcome a cluster
records (millions of rows nationally): counting the whole visible table and skipping to an
OFFSET on every page grows with the table, so they page with an opaque cursor instead
(``next`` and ``previous`` links, no ``count``), each page one index range scan.
"""

from __future__ import annotations

from rest_framework.pagination import CursorPagination, PageNumberPagination


class ActivityCursorPagination(CursorPagination):
    """Newest first, by day then id: an ordering that is total (so no row is skipped or
    repeated between pages) and backed by an index on ``(date, id)`` of each activity table.

    ``?ordering=`` (the view's OrderingFilter) still chooses another ordering; ``id`` is then
    the tie-breaker of DRF's cursor position."""

    page_size = 50
    ordering = ("-date", "-id")
    cursor_query_description = "The page cursor: follow `next` and `previous`."


class NarrowPageNumberPagination(PageNumberPagination):
    """Page numbers, the page chosen on ids alone, then its rows read in full.

    A list ordered across joins (an enrolment by project slug and firm name) sorts every
    visible row before the LIMIT; sorting them with every column of every joined table moves
    many times the data needed. The first query sorts ids only; the second reads the page's
    rows (with their select_related and prefetches), kept in the first query's order."""

    def paginate_queryset(self, queryset, request, view=None):
        ids = super().paginate_queryset(queryset.values_list("pk", flat=True), request, view)
        if ids is None:
            return None
        rows = queryset.order_by().in_bulk(ids)
        return [rows[pk] for pk in ids]
