"""Pagination of the API's lists.

Most lists keep DRF's page numbers (``?page=``, with ``count``): they hold at most a few
thousand rows per cluster. Activity lists grow with every session and outcome a cluster
records (millions of rows nationally): counting the whole visible table and skipping to an
OFFSET on every page grows with the table, so they page with an opaque cursor instead
(``next`` and ``previous`` links, no ``count``), each page one index range scan.
"""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class ActivityCursorPagination(CursorPagination):
    """Newest first, by day then id: an ordering that is total (so no row is skipped or
    repeated between pages) and backed by an index on ``(date, id)`` of each activity table.

    ``?ordering=`` (the view's OrderingFilter) still chooses another ordering; ``id`` is then
    the tie-breaker of DRF's cursor position."""

    page_size = 50
    ordering = ("-date", "-id")
    cursor_query_description = "The page cursor: follow `next` and `previous`."
