"""The EU SME definition (Recommendation 2003/361/EC), as docs/domain.md §6 states it.

A firm is in the smallest class whose headcount ceiling it stays under and whose turnover OR
balance-sheet ceiling it stays within. Figures in other currencies are converted at the
reference rates of ``clusters.money``. Without a headcount the class is unknown; without either
financial figure the headcount alone decides.
"""

from __future__ import annotations

from decimal import Decimal

from clusters.money import to_eur
from members.choices import SizeClass

MILLION = Decimal(1_000_000)

# (class, employees below, turnover at most, balance sheet at most), smallest first.
CEILINGS = [
    (SizeClass.MICRO, 10, 2 * MILLION, 2 * MILLION),
    (SizeClass.SMALL, 50, 10 * MILLION, 10 * MILLION),
    (SizeClass.MEDIUM, 250, 50 * MILLION, 43 * MILLION),
]


def size_class(
    *,
    employees: int | None,
    turnover: Decimal | None,
    balance_sheet: Decimal | None,
    currency: str = "EUR",
) -> str:
    if employees is None:
        return SizeClass.UNKNOWN
    turnover_eur = to_eur(turnover, currency)
    balance_eur = to_eur(balance_sheet, currency)
    for name, staff_below, turnover_max, balance_max in CEILINGS:
        if employees >= staff_below:
            continue
        if turnover_eur is None and balance_eur is None:
            return name
        within_turnover = turnover_eur is not None and turnover_eur <= turnover_max
        within_balance = balance_eur is not None and balance_eur <= balance_max
        if within_turnover or within_balance:
            return name
    return SizeClass.LARGE
