"""A firm's state-aid ledger and the aid it declares from other sources
(internationalization/views/aid.py): the firm's records, read by the office and the firm;
the cluster's managers and the firm's representatives declare and delete aid."""

from tests.access.routes import FIRM_RECORDS, PAGE, Route, pk_of

FIRM_DECLARES = frozenset({"firm_rep"})
# The coach sees the firm it coaches, so the refusal of its aid explains itself (403)
# rather than hiding a firm the coach knows of.
COACH_TOLD_WHY = {"coach": 403}

EXPECTATIONS: dict[str, Route] = {
    "internationalization:organization-aid": Route(
        PAGE, kwargs=pk_of("organization"), scope=FIRM_RECORDS, expect=COACH_TOLD_WHY
    ),
    "internationalization:declared-aid-create": Route(
        PAGE,
        kwargs=pk_of("organization"),
        scope=FIRM_RECORDS,
        write=True,
        writers=FIRM_DECLARES,
        expect=COACH_TOLD_WHY,
    ),
    # Posted empty: the form page again with the errors at its fields (200, as every form
    # page), after access was granted.
    "internationalization:declared-aid-create POST": Route(
        PAGE,
        method="post",
        kwargs=pk_of("organization"),
        scope=FIRM_RECORDS,
        ok=200,
        writers=FIRM_DECLARES,
        expect=COACH_TOLD_WHY,
    ),
    # The confirmation page, then the withdrawal; the coach does not see declared aid (404).
    "internationalization:declared-aid-withdraw": Route(
        PAGE,
        kwargs=pk_of("declared_aid"),
        scope=FIRM_RECORDS,
        write=True,
        writers=FIRM_DECLARES,
    ),
    "internationalization:declared-aid-withdraw POST": Route(
        PAGE,
        method="post",
        kwargs=pk_of("declared_aid"),
        scope=FIRM_RECORDS,
        writers=FIRM_DECLARES,
    ),
}
