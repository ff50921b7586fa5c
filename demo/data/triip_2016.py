"""TRIIP as docs/domain.md §2 tells it: the closed project of 2016–2018, its intake, dropouts, and
every activity the firms went through (coaching, workshops, the timbank, trips, the export lab)
with the outcomes they reported. Every table is of this project only."""

from datetime import date
from decimal import Decimal as D

from projects.choices import ProjectStatus, RequiredActivity

PROJECT = {
    "slug": "triip",
    "name": "TRIIP – internationalization of micro-enterprises",
    "description": (
        "Takes micro-enterprises from Gävleborg, Dalarna and Värmland into foreign markets "
        "through coaching, workshops, a timbank of consultant hours, trips and an export lab."
    ),
    "status": ProjectStatus.CLOSED,
    "start": date(2016, 8, 1),
    "end": date(2018, 12, 31),
    "enrolment_start": date(2016, 8, 1),
    "enrolment_end": date(2017, 12, 31),
    "regions": ["Gävleborg", "Dalarna", "Värmland"],
    "budget": D("2000000"),
    "currency": "EUR",
    "target_firms": 60,
    "target_completed": 20,
    "participation_fee": D("500"),
    "coaching_hours_default": D("20"),
    "max_employees": 9,
    "max_turnover_eur": D("2000000"),
    "allowed_size_classes": ["micro"],
}

# What "the whole process" required: activity, minimum (hours, workshops or trips), export-lab
# stage to reach.
COMPLETION_RULES = [
    (RequiredActivity.COACHING, D("10"), ""),
    (RequiredActivity.WORKSHOPS, D("2"), ""),
]


# programme code, share %
FUNDING = [
    ("ERDF-SE-NM-2014-20", D("50")),
    ("VINNOVA-VINNVAXT", D("50")),
]

# The days the firms of the closed project completed it or dropped out.
COMPLETED_ON = date(2018, 11, 30)
DROPPED_ON = date(2018, 3, 1)


# registry id, final status, applied on, coach's e-mail, commitment, dropout (phase, reason,
# note) or None, cohort
ENROLMENTS = [
    (
        "556677-1234",
        "completed",
        date(2016, 9, 5),
        "coach@example.com",
        "leader",
        None,
        "Industrial",
    ),
    (
        "556712-4410",
        "completed",
        date(2016, 9, 12),
        "coach@example.com",
        "leader",
        None,
        "Food and drink",
    ),
    (
        "556901-2277",
        "completed",
        date(2016, 10, 3),
        "coach@example.com",
        "follower",
        None,
        "Industrial",
    ),
    (
        "559101-1001",
        "completed",
        date(2016, 11, 14),
        "coach.dalarna@example.com",
        "follower",
        None,
        "Design and crafts",
    ),
    (
        "559101-1003",
        "dropped",
        date(2017, 2, 1),
        "coach.dalarna@example.com",
        "inactive",
        ("after_workshops", "lack_of_time", "Could not spare the days for the trip."),
        "Design and crafts",
    ),
    (
        "559101-1004",
        "dropped",
        date(2017, 3, 20),
        "coach@example.com",
        "inactive",
        ("trip", "bureaucracy", "Gave up waiting for the trip money to come back."),
        "Food and drink",
    ),
    ("559101-1005", "rejected", date(2017, 4, 2), "", "", None, ""),
    (
        "559011-8830",
        "dropped",
        date(2017, 5, 8),
        "coach.dalarna@example.com",
        "follower",
        ("after_workshops", "not_ready", "Not ready to go abroad yet."),
        "Industrial",
    ),
]


# registry id, sessions (date, hours, topic, confirmed by the firm)
SESSIONS = [
    (
        "556677-1234",
        [
            (date(2016, 10, 4), "3", "Market analysis: USA", True),
            (date(2016, 11, 8), "4", "Distribution channels", True),
            (date(2017, 1, 17), "4", "Pitch for the North Carolina fair", True),
            (date(2017, 3, 21), "3.5", "Follow-up of the fair", True),
        ],
    ),
    (
        "556712-4410",
        [
            (date(2016, 10, 11), "4", "Export vision: China", True),
            (date(2017, 2, 7), "6", "China plan", True),
        ],
    ),
    ("556901-2277", [(date(2016, 11, 2), "5", "Market choice", True)]),
    ("559101-1001", [(date(2016, 12, 6), "5", "Product strategy", True)]),
    ("559011-8830", [(date(2017, 6, 1), "2", "Readiness", True)]),
]


# title, date, place, expert, expert's organization, cohort ('' for everyone)
WORKSHOPS = [
    (
        "Export vision, market choice and distribution channel",
        date(2016, 11, 24),
        "Gävle",
        "Eva Lund",
        "Enterprise Europe Network",
        "",
    ),
    (
        "Product strategy and distribution",
        date(2017, 2, 16),
        "Falun",
        "Jonas Ek",
        "Chamber of Commerce",
        "",
    ),
    (
        "Planning the pitch for the international market",
        date(2017, 4, 20),
        "Gävle",
        "Sara Holm",
        "Region Gävleborg",
        "",
    ),
]


# registry id: how many of the workshops, in order, the firm attended
ATTENDED = {
    "556677-1234": 3,
    "556712-4410": 3,
    "556901-2277": 3,
    "559101-1001": 3,
    "559101-1003": 2,
    "559101-1004": 1,
    "559011-8830": 2,
}

TIMBANK_POOL = {"hours_total": D("400"), "hourly_value": D("1100"), "currency": "SEK"}

# registry id, service, hours requested, approved, used, requested on, decided on, status
TIMBANK = [
    ("556677-1234", "legal", "10", "10", "8", date(2016, 12, 1), date(2017, 2, 20), "closed"),
    (
        "556712-4410",
        "translation",
        "12",
        "12",
        "12",
        date(2017, 1, 10),
        date(2017, 3, 28),
        "closed",
    ),
    ("559101-1001", "patent", "8", "6", "6", date(2017, 2, 1), date(2017, 4, 25), "closed"),
]


# country, cap in EUR
CAPS = [
    ("US", "3000"),
    ("CN", "3500"),
]


# registry id, country, city, event, start, end, purpose, budget EUR, status, claims (what,
# amount EUR, status, reimbursed on), report (meetings, leads, contracts, units sold) or None
TRIPS = [
    (
        "556677-1234",
        "US",
        "Charlotte",
        "Southeast Manufacturing Fair",
        date(2017, 3, 6),
        date(2017, 3, 10),
        "fair",
        "3000",
        "done",
        [
            ("Flight Stockholm–Charlotte", "1450", "reimbursed", date(2017, 6, 30)),
            ("Hotel, 4 nights", "780", "reimbursed", date(2017, 6, 30)),
        ],
        (9, 6, 2, 3),
    ),
    (
        "556712-4410",
        "CN",
        "Shanghai",
        "SIAL China food fair",
        date(2017, 5, 16),
        date(2017, 5, 20),
        "fair",
        "3500",
        "done",
        [("Flight and hotel", "2900", "reimbursed", date(2017, 9, 15))],
        (14, 8, 1, 0),
    ),
    (
        "559101-1004",
        "NO",
        "Bergen",
        "AquaNor",
        date(2017, 8, 15),
        date(2017, 8, 18),
        "fair",
        "1500",
        "approved",
        [("Ferry and hotel", "1200", "submitted", None)],
        None,
    ),
]


# registry id, target market, steps (stage, entered on)
TRACKS = [
    (
        "556677-1234",
        "US",
        [
            ("market_choice", date(2016, 10, 4)),
            ("market_analysis", date(2016, 11, 8)),
            ("incubation", date(2017, 1, 17)),
            ("pilot_launch", date(2017, 3, 6)),
            ("evaluation", date(2017, 9, 1)),
            ("acceleration", date(2018, 3, 1)),
        ],
    ),
    (
        "556712-4410",
        "CN",
        [
            ("market_choice", date(2016, 10, 11)),
            ("market_analysis", date(2017, 2, 7)),
            ("incubation", date(2017, 5, 16)),
        ],
    ),
]


# registry id, kind, date, country, quantity, note, source
OUTCOMES = [
    ("556677-1234", "international_contact", date(2017, 3, 9), "US", 6, "", "firm"),
    (
        "556677-1234",
        "new_customer",
        date(2017, 5, 2),
        "US",
        1,
        "Sealing systems for a North Carolina machine builder.",
        "firm",
    ),
    ("556677-1234", "new_retailer", date(2017, 6, 12), "US", 1, "", "coach"),
    ("556677-1234", "units_sold", date(2017, 3, 10), "US", 3, "Sold at the fair.", "firm"),
    (
        "556677-1234",
        "units_sold",
        date(2017, 12, 1),
        "US",
        15,
        "Sold by the new retailer after the fair.",
        "coach",
    ),
    ("556677-1234", "market_entered", date(2018, 3, 1), "US", 1, "", "manager"),
    ("556712-4410", "international_contact", date(2017, 5, 19), "CN", 8, "", "firm"),
    (
        "556712-4410",
        "prototype",
        date(2017, 4, 2),
        "",
        1,
        "A gift box for the Chinese market.",
        "coach",
    ),
    ("556901-2277", "international_partner", date(2017, 9, 14), "DE", 1, "", "coach"),
    ("556901-2277", "prototype", date(2017, 11, 1), "", 1, "", "coach"),
    ("559101-1001", "international_contact", date(2017, 8, 22), "JP", 2, "", "firm"),
    (
        "559101-1001",
        "follow_up_programme",
        date(2019, 2, 1),
        "",
        1,
        "Joined the incubator's scale-up programme.",
        "manager",
    ),
]
