"""The funders of the three clusters and their programmes (docs/domain.md §5 and §6)."""

from datetime import date
from decimal import Decimal as D

from clusters.models import CountingRule, FunderKind, ProgrammePeriod

# name, kind, country
FUNDERS = [
    ("ERDF Managing Authority Sweden (Tillväxtverket)", FunderKind.EU_FUND, "SE"),
    ("Vinnova", FunderKind.NATIONAL_AGENCY, "SE"),
    ("Region Gävleborg", FunderKind.REGION, "SE"),
    ("Government of the Kaluga Region", FunderKind.REGION, "RU"),
    ("Ministry of Economic Development of the Russian Federation", FunderKind.MINISTRY, "RU"),
    ("Government of the Republic of Tatarstan", FunderKind.REGION, "RU"),
]
# e-mail of the demo funder user, the funder it speaks for
FUNDER_USER = ("funder@example.com", "ERDF Managing Authority Sweden (Tillväxtverket)")

# A programme's row holds its fields, the funder's name and the slugs of the clusters taking part.
PROGRAMMES = [
    {
        "code": "ERDF-SE-NM-2014-20",
        "name": "ERDF Regional Development Fund, North Middle Sweden 2014–2020",
        "funder": "ERDF Managing Authority Sweden (Tillväxtverket)",
        "budget": D("18500000.00"),
        "currency": "EUR",
        "start": date(2014, 1, 1),
        "end": date(2022, 12, 31),
        "cofinancing_rate": D("50.00"),
        "hourly_value": D("95.00"),
        "min_support_hours": D("5.00"),
        "period": ProgrammePeriod.P2014_2020,
        "clusters": ["fpx"],
    },
    {
        # The same fund and managing authority in the next programming period: it reports on
        # the RCO/RCR catalogue of 2021–2027; its spending may run until the end of 2029.
        "code": "ERDF-SE-NM-2021-27",
        "name": "ERDF Regional Development Fund, North Middle Sweden 2021–2027",
        "funder": "ERDF Managing Authority Sweden (Tillväxtverket)",
        "budget": D("21000000.00"),
        "currency": "EUR",
        "start": date(2021, 1, 1),
        "end": date(2029, 12, 31),
        "cofinancing_rate": D("40.00"),
        "hourly_value": D("105.00"),
        "min_support_hours": D("5.00"),
        "period": ProgrammePeriod.P2021_2027,
        "clusters": ["fpx"],
    },
    {
        "code": "VINNOVA-VINNVAXT",
        "name": "VINNVÄXT – regional growth through dynamic innovation systems",
        "funder": "Vinnova",
        "budget": D("10000000.00"),
        "currency": "SEK",
        "start": date(2016, 1, 1),
        "end": date(2026, 12, 31),
        "cofinancing_rate": D("50.00"),
        "hourly_value": D("900.00"),
        "min_support_hours": D("0.00"),
        # A national programme: no EU common indicators, one of its own (below).
        "period": ProgrammePeriod.OTHER,
        "clusters": ["fpx"],
    },
    {
        "code": "MINEC-RU-PITC-2013",
        "name": "Support programme for pilot innovative territorial clusters",
        "funder": "Ministry of Economic Development of the Russian Federation",
        "budget": D("5000000000.00"),
        "currency": "RUB",
        "start": date(2013, 1, 1),
        "end": date(2017, 12, 31),
        "cofinancing_rate": D("50.00"),
        "hourly_value": D("2500.00"),
        "min_support_hours": D("0.00"),
        "period": ProgrammePeriod.OTHER,
        "clusters": ["kaluga-pharma", "innokam"],
    },
]

# Indicators a programme's managing authority added of its own: programme code → rows of
# code, name, unit, counting rule, outcome kind.
OWN_INDICATORS = {
    "VINNOVA-VINNVAXT": [
        (
            "VV01",
            "Firms that entered a new export market",
            "enterprises",
            CountingRule.FIRMS_WITH_OUTCOME,
            "market_entered",
        ),
    ],
}

# Baselines, milestones and targets: programme code → indicator code → (baseline,
# {year: (milestone, target)}). The TRIIP application promised ERDF 60 firms supported. In
# 2021–2027 output indicators (RCO) have a milestone for 2024 and a target for 2029, result
# indicators (RCR) a target only.
INDICATOR_TARGETS = {
    "ERDF-SE-NM-2014-20": {
        "CO01": (0, {2018: (30, None), 2022: (None, 60)}),
        "CO02": (0, {2018: (10, None), 2022: (None, 20)}),
        "CO04": (0, {2018: (30, None), 2022: (None, 60)}),
        "CO05": (0, {2022: (None, 5)}),
        "CO26": (0, {2022: (None, 10)}),
        "CO28": (0, {2022: (None, 8)}),
        "CO29": (0, {2022: (None, 15)}),
    },
    "ERDF-SE-NM-2021-27": {
        "RCO01": (0, {2024: (10, None), 2029: (None, 40)}),
        "RCO02": (0, {2024: (3, None), 2029: (None, 15)}),
        "RCO04": (0, {2024: (10, None), 2029: (None, 40)}),
        "RCO05": (0, {2029: (None, 4)}),
        "RCO10": (0, {2029: (None, 8)}),
        "RCR03": (0, {2029: (None, 10)}),
        "RCR04": (0, {2029: (None, 6)}),
    },
    "VINNOVA-VINNVAXT": {
        "VV01": (0, {2020: (5, None), 2026: (None, 12)}),
    },
}
