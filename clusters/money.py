"""Currencies, and the reference rates that place a firm in an EU size class."""

from decimal import Decimal

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

CURRENCY_CHOICES = [
    ("EUR", "EUR"),
    ("SEK", "SEK"),
    ("RUB", "RUB"),
    ("USD", "USD"),
    ("NOK", "NOK"),
    ("DKK", "DKK"),
    ("GBP", "GBP"),
    ("CNY", "CNY"),
]

# EUR per unit. The EU size-class thresholds are in EUR; these fixed reference rates convert a
# firm's own figures for that purpose only, so a size class does not move with daily markets.
EUR_REFERENCE_RATES: dict[str, Decimal] = {
    "EUR": Decimal("1"),
    "SEK": Decimal("0.087"),
    "RUB": Decimal("0.0105"),
    "USD": Decimal("0.92"),
    "NOK": Decimal("0.086"),
    "DKK": Decimal("0.134"),
    "GBP": Decimal("1.17"),
    "CNY": Decimal("0.128"),
}

# Where the rates above come from, said wherever a converted figure is shown.
EUR_REFERENCE_RATES_SOURCE = _("Clusterdesk's fixed reference rates, the same on every day")

currency_code = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO currency code."))


def to_eur(amount: Decimal | None, currency: str) -> Decimal | None:
    if amount is None:
        return None
    return amount * EUR_REFERENCE_RATES[currency]
