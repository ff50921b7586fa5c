"""TRIIP as docs/domain.md §2 tells it: the closed project of 2016–2018, its intake, dropouts, and
every activity the firms went through (coaching, workshops, the timbank, trips, the export lab)
with the outcomes they reported. Every table is of this project only."""

from datetime import date
from decimal import Decimal as D

from projects.choices import ProjectStatus

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


# programme code, share %
FUNDING = [
    ("ERDF-SE-NM-2014-20", D("50")),
    ("VINNOVA-VINNVAXT", D("50")),
]

# "The whole process" of this project (docs/domain.md §2): activity, minimum (hours of coaching,
# workshops attended), export-lab stage reached. Every completed firm meets them by the day it
# completed.
COMPLETION_RULES = [
    ("coaching", D("10"), ""),
    ("workshops", D("2"), ""),
    ("export_lab", D("0"), "market_analysis"),
]

# The firms the project brought in besides those of demo.data.fpx and demo.data.triip: the
# generated ones of demo.crowd are added to this list (demo.stories).
FIRMS = []


# registry id, final status, applied on, coach's e-mail, commitment, the day it completed or
# dropped out (None if neither), dropout (phase, reason, note) or None, cohort. The interview,
# decision and start follow the application (demo.enrolments).
ENROLMENTS = [
    (
        "556677-1234",
        "completed",
        date(2016, 9, 5),
        "coach@example.com",
        "leader",
        date(2018, 5, 31),
        None,
        "Industrial",
    ),
    (
        "556712-4410",
        "completed",
        date(2016, 9, 12),
        "coach@example.com",
        "leader",
        date(2018, 6, 29),
        None,
        "Food and drink",
    ),
    (
        "556901-2277",
        "completed",
        date(2016, 10, 3),
        "coach@example.com",
        "follower",
        date(2018, 4, 27),
        None,
        "Industrial",
    ),
    (
        "559101-1001",
        "completed",
        date(2016, 11, 14),
        "coach.dalarna@example.com",
        "follower",
        date(2018, 9, 28),
        None,
        "Design and crafts",
    ),
    (
        "559101-1003",
        "dropped",
        date(2017, 2, 1),
        "coach.dalarna@example.com",
        "inactive",
        date(2017, 10, 16),
        ("after_workshops", "lack_of_time", "Could not spare the days for the trip."),
        "Design and crafts",
    ),
    (
        "559101-1004",
        "dropped",
        date(2017, 3, 20),
        "coach@example.com",
        "inactive",
        date(2018, 2, 12),
        ("trip", "bureaucracy", "Gave up waiting for the trip money to come back."),
        "Food and drink",
    ),
    ("559101-1005", "rejected", date(2017, 4, 2), "", "", None, None, ""),
    (
        "559011-8830",
        "dropped",
        date(2017, 4, 10),
        "coach.dalarna@example.com",
        "follower",
        date(2017, 11, 6),
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
    (
        "556901-2277",
        [
            (date(2016, 11, 2), "5", "Market choice", True),
            (date(2017, 1, 24), "3", "Market analysis: Germany", True),
            (date(2017, 4, 4), "3", "Partner search", True),
        ],
    ),
    (
        "559101-1001",
        [
            (date(2016, 12, 13), "5", "Product strategy", True),
            (date(2017, 1, 10), "3", "Pitch for the Ambiente fair", True),
            (date(2017, 3, 14), "3", "Follow-up with the new retailer", True),
        ],
    ),
    ("559101-1003", [(date(2017, 3, 14), "2", "Export vision", True)]),
    ("559101-1004", [(date(2017, 5, 2), "3", "Market analysis: Norway", True)]),
    ("559011-8830", [(date(2017, 6, 7), "2", "Readiness", True)]),
]


# title, date, place, expert, expert's organization, cohort ('' for everyone)
WORKSHOPS = [
    (
        "Export vision, market choice and distribution channel",
        date(2017, 2, 16),
        "Gävle",
        "Eva Lund",
        "Enterprise Europe Network",
        "",
    ),
    (
        "Product strategy and distribution",
        date(2017, 5, 18),
        "Falun",
        "Jonas Ek",
        "Chamber of Commerce",
        "",
    ),
    (
        "Planning the pitch for the international market",
        date(2017, 9, 21),
        "Gävle",
        "Sara Holm",
        "Region Gävleborg",
        "",
    ),
]


# registry id: how many of the workshops it was invited to (those held while it took part), in
# order, the firm attended
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
    ("DE", "2000"),
    ("NO", "1500"),
    ("GB", "2000"),
    ("DK", "1500"),
    ("FR", "2000"),
    ("JP", "3500"),
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
        (9, 6, 2, 0),
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
        "559101-1001",
        "DE",
        "Frankfurt",
        "Ambiente",
        date(2017, 2, 10),
        date(2017, 2, 14),
        "fair",
        "1800",
        "done",
        [("Flight and hotel", "1650", "reimbursed", date(2017, 5, 30))],
        (8, 5, 1, 3),
    ),
    (
        "559101-1004",
        "NO",
        "Trondheim",
        "AquaNor",
        date(2017, 8, 15),
        date(2017, 8, 18),
        "fair",
        "1500",
        "done",
        [("Ferry and hotel", "1200", "submitted", None)],
        (5, 2, 0, 0),
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
    (
        "556901-2277",
        "DE",
        [("market_choice", date(2016, 11, 2)), ("market_analysis", date(2017, 1, 24))],
    ),
    (
        "559101-1001",
        "DE",
        [
            ("market_choice", date(2016, 12, 13)),
            ("market_analysis", date(2017, 1, 10)),
            ("incubation", date(2017, 3, 14)),
        ],
    ),
]


# registry id, kind, date, country, quantity, note, source, and for a joint activity with
# research (research_cooperation) the registry id of the research organisation
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
    ("559101-1001", "international_contact", date(2017, 2, 13), "DE", 5, "", "firm"),
    ("559101-1001", "units_sold", date(2017, 2, 14), "DE", 3, "Sold at the fair.", "firm"),
    (
        "559101-1001",
        "new_retailer",
        date(2017, 3, 20),
        "DE",
        1,
        "A design shop chain in Hamburg.",
        "coach",
    ),
    (
        "559101-1001",
        "units_sold",
        date(2017, 11, 30),
        "DE",
        16,
        "Sold by the new retailer after the fair.",
        "coach",
    ),
    ("559101-1001", "international_contact", date(2017, 8, 22), "JP", 2, "", "firm"),
    ("559101-1004", "international_contact", date(2017, 8, 17), "NO", 2, "", "firm"),
    # What the EU indicators count (CO26, CO28, CO29): joint research, innovations introduced.
    (
        "556677-1234",
        "research_cooperation",
        date(2017, 9, 20),
        "",
        1,
        "Wear tests of the sealing compounds with the University of Gävle.",
        "firm",
        "202100-3096",
    ),
    (
        "556677-1234",
        "product_new_to_market",
        date(2017, 11, 15),
        "US",
        1,
        "A sealing system designed with the North Carolina customer.",
        "coach",
    ),
    (
        "556901-2277",
        "research_cooperation",
        date(2017, 2, 15),
        "",
        1,
        "Drone mapping studied with the University of Gävle's GIS researchers.",
        "firm",
        "202100-3096",
    ),
    (
        "556901-2277",
        "process_innovation",
        date(2018, 2, 1),
        "",
        1,
        "Maps produced automatically from drone images.",
        "coach",
    ),
    (
        "556712-4410",
        "product_new_to_firm",
        date(2017, 10, 2),
        "CN",
        1,
        "The gift box of the prototype, launched for the Chinese market.",
        "coach",
    ),
    (
        "559101-1001",
        "marketing_innovation",
        date(2017, 10, 2),
        "DE",
        1,
        "Sells online to German design shops, with new packaging.",
        "firm",
    ),
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


# The rest of the 55 firms the project supported, and a few it did not, are generated by
# demo.crowd from the tables below, deterministically: the same names, ids and dates on every run.

# region, towns (the city, and the name a firm of the town takes)
CROWD_TOWNS = [
    (
        "Gävleborg",
        [
            ("Gävle", "Gävle"),
            ("Sandviken", "Sandviken"),
            ("Hudiksvall", "Hudik"),
            ("Söderhamn", "Söderhamn"),
            ("Bollnäs", "Bollnäs"),
            ("Ljusdal", "Ljusdal"),
            ("Hofors", "Hofors"),
            ("Edsbyn", "Edsbyn"),
        ],
    ),
    (
        "Dalarna",
        [
            ("Falun", "Falu"),
            ("Borlänge", "Borlänge"),
            ("Rättvik", "Rättvik"),
            ("Leksand", "Leksand"),
            ("Ludvika", "Ludvika"),
            ("Avesta", "Avesta"),
            ("Orsa", "Orsa"),
            ("Malung", "Malung"),
        ],
    ),
]

# cohort: trades (the name's second word, NACE code), and the markets its firms aim for
# (country, city, trade fair)
CROWD_TRADES = {
    "Industrial": [
        ("Mekaniska", "C25.62"),
        ("Sensorteknik", "C26.51"),
        ("Plastteknik", "C22.29"),
        ("Automation", "C28.99"),
        ("Verktyg", "C25.73"),
    ],
    "Food and drink": [
        ("Bryggeri", "C11.05"),
        ("Chark", "C10.13"),
        ("Bageri", "C10.71"),
        ("Mejeri", "C10.51"),
        ("Bärförädling", "C10.39"),
    ],
    "Design and crafts": [
        ("Träslöjd", "C16.29"),
        ("Textil", "C13.92"),
        ("Keramik", "C23.41"),
        ("Glasbruk", "C23.13"),
        ("Formgivning", "C32.99"),
    ],
}
CROWD_MARKETS = {
    "Industrial": [
        ("DE", "Hannover", "Hannover Messe"),
        ("NO", "Stavanger", "ONS"),
        ("GB", "Birmingham", "MACH"),
        ("US", "Chicago", "IMTS"),
    ],
    "Food and drink": [
        ("DE", "Cologne", "Anuga"),
        ("DK", "Herning", "Foodexpo"),
        ("FR", "Paris", "SIAL Paris"),
        ("CN", "Shanghai", "SIAL China"),
    ],
    "Design and crafts": [
        ("DE", "Frankfurt", "Ambiente"),
        ("DK", "Copenhagen", "Formland"),
        ("JP", "Tokyo", "Interior Lifestyle Tokyo"),
        ("NO", "Oslo", "Interiørmessen"),
    ],
}

# How the generated firms' enrolments went, and how many went each way. With the hand-written
# firms above: 55 supported, 21 of them dropped out in 2017 (most after the workshops), 18
# completed in 2018, 13 dropped out in 2018 (most over the trip money), 3 still active at the
# closure; 4 rejected and 2 gone at the intake besides.
CROWD_COMPLETED = 14
CROWD_ACTIVE_AT_CLOSURE = 3
CROWD_REJECTED = 3
# phase, reason, note, firms
CROWD_DROPPED_IN_2017 = [
    ("after_workshops", "lack_of_time", "No time left beside the daily business.", 5),
    ("after_workshops", "not_ready", "Not ready to go abroad yet.", 4),
    ("after_workshops", "misaligned", "The workshops did not fit the firm's plans.", 3),
    ("coaching", "lack_of_time", "Could not keep the coaching appointments.", 2),
    ("coaching", "funding_only", "Mainly wanted the trip funding.", 2),
    ("trip", "bureaucracy", "Gave up on getting the trip money back.", 2),
    ("timbank", "bureaucracy", "The consultant hours were approved too late to be of use.", 1),
]
CROWD_DROPPED_IN_2018 = [
    ("trip", "bureaucracy", "Gave up waiting for the trip money to come back.", 7),
    ("export_lab", "lack_of_time", "No time for the pilot launch.", 3),
    ("export_lab", "misaligned", "The foreign partner wanted another product.", 2),
]
CROWD_DROPPED_AT_INTAKE = [
    ("intake", "funding_only", "Wanted the trip money, not the coaching."),
    ("intake", "not_ready", "Not ready to go abroad yet."),
]
# How many of the generated firms that completed or are still active joined fpx as members in
# 2018: an outcome of the project, not a condition of taking part.
CROWD_BECAME_MEMBERS = 5
# What the EU common indicators count besides the support itself (docs/domain.md §6), among the
# generated firms: how many were founded less than three years before they applied (the
# smallest by turnover), how many of those that completed had a joint activity with the
# University of Gävle (demo.data.triip.RESEARCH_PARTNER), and how many introduced an
# innovation of each kind. A prototype stays a prototype: a product launched from it is an
# outcome of its own, half a year later.
CROWD_YOUNG_FIRMS = 4
CROWD_RESEARCH_COOPERATIONS = 3
CROWD_INNOVATIONS = {
    "product_new_to_market": 2,
    "product_new_to_firm": 6,
    "process_innovation": 1,
    "marketing_innovation": 1,
    "organisational_innovation": 1,
}
