"""TRIIP Nordic Growth 2026: the running successor of TRIIP, mid-way, so that every page has live
work to show (pending timbank requests, a trip applied for, workshops yet to come). The tables
have the same names and columns as ``demo.data.triip_2016``."""

from datetime import date
from decimal import Decimal as D

from projects.choices import ProjectStatus

PROJECT = {
    "slug": "triip-2026",
    "name": "TRIIP Nordic Growth 2026",
    "description": "The successor of TRIIP: the same model for a new group of micro-firms.",
    "status": ProjectStatus.OPEN,
    "start": date(2026, 1, 1),
    "end": date(2027, 12, 31),
    "enrolment_start": date(2026, 1, 1),
    "enrolment_end": date(2027, 3, 31),
    "regions": ["Gävleborg", "Dalarna", "Värmland"],
    "budget": D("900000"),
    "currency": "EUR",
    "target_firms": 25,
    "target_completed": 10,
    "participation_fee": D("500"),
    "coaching_hours_default": D("20"),
    "max_employees": 9,
    "max_turnover_eur": D("2000000"),
    "allowed_size_classes": ["micro"],
}


# programme code, share %
FUNDING = [
    ("ERDF-SE-NM-2021-27", D("50")),
    ("VINNOVA-VINNVAXT", D("50")),
]

# activity, minimum (hours of coaching, workshops attended), export-lab stage reached
COMPLETION_RULES = [
    ("coaching", D("10"), ""),
    ("workshops", D("2"), ""),
    ("export_lab", D("0"), "market_analysis"),
]

# No firm beyond those of demo.data.fpx and demo.data.triip.
FIRMS = []


# registry id, final status, applied on, coach's e-mail, commitment, the day it completed or
# dropped out (None: nobody has yet), dropout (phase, reason, note) or None, cohort
ENROLMENTS = [
    (
        "556677-1234",
        "active",
        date(2026, 1, 20),
        "coach@example.com",
        "leader",
        None,
        None,
        "Industrial",
    ),
    (
        "559101-1002",
        "active",
        date(2026, 2, 3),
        "coach.dalarna@example.com",
        "follower",
        None,
        None,
        "Design and crafts",
    ),
    ("559230-1199", "active", date(2026, 2, 17), "coach@example.com", "", None, None, "Industrial"),
    ("559101-1006", "interviewed", date(2026, 9, 1), "", "", None, None, ""),
    ("556712-4410", "applied", date(2026, 11, 2), "", "", None, None, ""),
]

# registry id: the day and hour of the interview scheduled for a firm that has applied (the
# calendar shows it)
INTERVIEWS_SCHEDULED = {"556712-4410": (date(2026, 12, 3), 10)}


# registry id, sessions (date, hours, topic, confirmed by the other side, and optionally who
# logged it, "office" (the coach) or "firm", and the reason the other side disputes it)
SESSIONS = [
    (
        "556677-1234",
        [
            (date(2026, 3, 3), "3", "Next market: Germany", True),
            (date(2026, 9, 15), "2.5", "Distributor search", True),
            (date(2026, 11, 10), "2", "Pilot launch plan", False),
            # Logged by the firm, awaiting its coach.
            (date(2026, 11, 19), "1.5", "Call with the Bavarian distributor", False, "firm"),
        ],
    ),
    (
        "559101-1002",
        [
            (date(2026, 4, 14), "4", "Market analysis: Norway", True),
            (
                date(2026, 10, 20),
                "3",
                "Pricing",
                False,
                "office",
                "We met for two hours, not three: the last hour was cancelled.",
            ),
        ],
    ),
    (
        "559230-1199",
        [
            (date(2026, 5, 5), "2", "Export vision", True),
            (date(2026, 11, 16), "1", "Danish trade fair: what to bring", False, "firm"),
        ],
    ),
]


# title, date, place, expert, expert's organization, cohort ('' for everyone)
WORKSHOPS = [
    (
        "Export vision, market choice and distribution channel",
        date(2026, 4, 23),
        "Gävle",
        "Eva Lund",
        "Enterprise Europe Network",
        "Industrial",
    ),
    (
        "Product strategy and distribution",
        date(2027, 2, 11),
        "Falun",
        "Jonas Ek",
        "Chamber of Commerce",
        "",
    ),
]


# registry id: how many of the workshops it was invited to, in order, the firm attended
ATTENDED = {"556677-1234": 1, "559230-1199": 1}

TIMBANK_POOL = {"hours_total": D("200"), "hourly_value": D("1100"), "currency": "SEK"}

# registry id, service, hours requested, approved, used, requested on, decided on, status
TIMBANK = [
    ("556677-1234", "negotiation", "6", "6", "2", date(2026, 9, 1), date(2026, 9, 12), "approved"),
    ("559101-1002", "marketing", "10", "0", "0", date(2026, 10, 5), None, "pending"),
    ("559230-1199", "legal", "4", "0", "0", date(2026, 11, 3), None, "info_requested"),
]


# country, cap in EUR
CAPS = [
    ("DE", "2000"),
    ("NO", "1500"),
]


# registry id, country, city, event, start, end, purpose, budget EUR, status, claims (what,
# amount EUR, status, reimbursed on), report (meetings, leads, contracts, units sold) or None
TRIPS = [
    (
        "556677-1234",
        "DE",
        "Hannover",
        "Hannover Messe",
        date(2026, 4, 20),
        date(2026, 4, 24),
        "fair",
        "2000",
        "done",
        [("Train and hotel", "1350", "reimbursed", date(2026, 6, 10))],
        (11, 5, 1, 0),
    ),
    (
        "559101-1002",
        "NO",
        "Oslo",
        "",
        date(2027, 1, 12),
        date(2027, 1, 14),
        "customers",
        "1200",
        "applied",
        [],
        None,
    ),
    # Reported by the firm after the trip, awaiting the cluster's verification.
    (
        "559230-1199",
        "DK",
        "Herning",
        "Foodtech Herning",
        date(2026, 10, 6),
        date(2026, 10, 8),
        "fair",
        "640",
        "applied",
        [],
        None,
    ),
]

# Trips (registry id, city, start) the firm reported after making them, not yet verified.
TRIPS_REPORTED_BY_FIRM = {("559230-1199", "Herning", date(2026, 10, 6))}


# registry id, target market, steps (stage, entered on)
TRACKS = [
    (
        "556677-1234",
        "DE",
        [
            ("market_choice", date(2026, 3, 3)),
            ("market_analysis", date(2026, 3, 30)),
            ("incubation", date(2026, 5, 12)),
            ("pilot_launch", date(2026, 9, 15)),
            ("evaluation", date(2026, 10, 30)),
            ("incubation", date(2026, 11, 12)),
        ],
    ),
    (
        "559101-1002",
        "NO",
        [("market_choice", date(2026, 4, 14)), ("market_analysis", date(2026, 10, 20))],
    ),
    ("559230-1199", "DK", [("market_choice", date(2026, 5, 5))]),
]


# registry id, kind, date, country, quantity, note, source, and for a joint activity with
# research (research_cooperation) the registry id of the research organisation
OUTCOMES = [
    ("556677-1234", "international_contact", date(2026, 4, 23), "DE", 5, "", "firm"),
    (
        "556677-1234",
        "new_customer",
        date(2026, 11, 18),
        "DE",
        1,
        "A wind-farm operator in Bavaria ordered 40 sealing kits.",
        "firm",
    ),
    (
        "556677-1234",
        "international_partner",
        date(2026, 9, 30),
        "DE",
        1,
        "A distributor in Bavaria.",
        "coach",
    ),
    ("559101-1002", "prototype", date(2026, 10, 28), "", 1, "", "coach"),
    # What the ERDF's indicators of 2021–2027 count (RCR03, RCR04, RCO10).
    (
        "556677-1234",
        "product_new_to_market",
        date(2026, 9, 15),
        "DE",
        1,
        "A sealing kit for small wind turbines, new to the German market: the Bavarian pilot.",
        "coach",
    ),
    (
        "556677-1234",
        "research_cooperation",
        date(2026, 10, 6),
        "",
        1,
        "Ageing tests of the kit's sealing compounds in the University of Gävle's materials lab.",
        "firm",
        "202100-3096",
    ),
    (
        "559101-1002",
        "marketing_innovation",
        date(2026, 11, 16),
        "NO",
        1,
        "Its own web shop and packaging in Norwegian.",
        "firm",
    ),
]

# Outcomes (registry id, kind, date) the firm reported that the cluster has not verified yet;
# every other outcome here counts as verified.
OUTCOMES_AWAITING_VERIFICATION = {("556677-1234", "new_customer", date(2026, 11, 18))}
