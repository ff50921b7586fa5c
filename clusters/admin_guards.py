"""Guards for the Django admin: it must not bypass the services that keep ledgers and reports
true.

The admin writes rows directly, without the service that locks a pool, checks an allotment or
records a status change. So the fields those services own are read-only there, and records
that reports count are never deleted there (they are archived through the product instead).
"""

from __future__ import annotations


class LedgerGuardedAdmin:
    """``ledger_fields`` (hours approved, budgets, statuses...) are read-only on every admin
    page; rows are never deleted here when ``keeps_rows`` is set (the
    default), since reports as of earlier dates count them."""

    ledger_fields: tuple[str, ...] = ()
    keeps_rows = True
    # Rows whose creation carries a rule (a request, a session, a pool) are made through the
    # product's pages and API only.
    adds_rows = True

    def has_add_permission(self, request, *args):
        return self.adds_rows and super().has_add_permission(request, *args)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [field for field in self.ledger_fields if field not in fields]

    def has_delete_permission(self, request, obj=None):
        return not self.keeps_rows and super().has_delete_permission(request, obj)


class LedgerGuardedInline:
    """The inline counterpart: ledger fields read-only, rows never deleted from the parent's
    page."""

    ledger_fields: tuple[str, ...] = ()
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [field for field in self.ledger_fields if field not in fields]
