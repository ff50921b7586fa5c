"""Future Position X (docs/domain.md §5): the Gävle cluster of geographic information technology,
AI and IoT, its staff, member organizations, people, board, alliances and fees.

The firms that came to fpx through TRIIP are in ``demo.data.triip``."""

from datetime import date
from decimal import Decimal as D

from clusters.models import LegalForm
from members.choices import (
    AllianceGoal,
    AllianceKind,
    BodyKind,
    Helix,
    MembershipStatus,
    OrganizationType,
    SeatRole,
)

CLUSTER = {
    "slug": "fpx",
    "name": "Future Position X",
    "country": "SE",
    "region": "Gävleborg",
    "city": "Gävle",
    "sectors": "Geographic information technology, AI, IoT",
    "legal_form": LegalForm.NON_PROFIT,
    "founded": 2006,
    "website": "https://www.fpx.se",
    "description": (
        "Non-profit cluster organization owned by the national land survey, the county "
        "council, the University of Gävle and the City of Gävle; more than 200 participating "
        "companies, offices or partners in more than 15 countries; Cluster Management "
        "Excellence Gold label 2013–2015 and 2016–2020."
    ),
}


# e-mail, staff role
STAFF = [
    ("manager@example.com", "manager"),
    ("coach@example.com", "coach"),
]


# Each organization's fields, and its membership: member since member_since (None: it has only
# applied, on applied_on), then later_status (status, on, reason) when it left or was suspended.
# A firm's founded_on tells the EU indicators whether it is new: Sensorhuset, a start-up of 2015,
# was when TRIIP took it in (2017).
ORGANIZATIONS = [
    {
        "registry_id": "556677-1234",
        "legal_name": "Gävle Sealing Technology AB",
        "short_name": "Gävle Sealing",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MICRO_FIRM,
        "employees": 8,
        "turnover": D("14500000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "C22.19",
        "founded_on": date(1998, 4, 14),
        "region": "Gävleborg",
        "city": "Gävle",
        "member_since": date(2015, 3, 1),
    },
    {
        "registry_id": "556712-4410",
        "legal_name": "Norrlands Destilleri AB",
        "short_name": "Norrlands Destilleri",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MICRO_FIRM,
        "employees": 6,
        "turnover": D("9800000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "C11.01",
        "founded_on": date(2007, 3, 12),
        "region": "Gävleborg",
        "city": "Söderhamn",
        "member_since": date(2016, 9, 1),
    },
    {
        "registry_id": "556901-2277",
        "legal_name": "GeoVista Analytics AB",
        "short_name": "GeoVista",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MICRO_FIRM,
        "employees": 4,
        "turnover": D("3900000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "J62.01, M71.12",
        "founded_on": date(2012, 9, 3),
        "region": "Gävleborg",
        "city": "Gävle",
        "member_since": date(2017, 2, 1),
    },
    {
        "registry_id": "559011-8830",
        "legal_name": "Sensorhuset i Dalarna AB",
        "short_name": "Sensorhuset",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.STARTUP,
        "employees": 3,
        "turnover": D("1200000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "C26.51",
        "founded_on": date(2015, 6, 15),
        "region": "Dalarna",
        "city": "Falun",
        "member_since": date(2019, 5, 1),
    },
    {
        "registry_id": "556455-6601",
        "legal_name": "Värmlands Mätteknik AB",
        "short_name": "Värmlands Mätteknik",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.SME,
        "employees": 27,
        "turnover": D("41000000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "C26.51, M71.12",
        "founded_on": date(1993, 2, 1),
        "region": "Värmland",
        "city": "Karlstad",
        "member_since": date(2012, 1, 1),
    },
    {
        "registry_id": "556016-0680",
        "legal_name": "Sandvik Coromant AB",
        "short_name": "Sandvik Coromant",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.ANCHOR_FIRM,
        "employees": 8000,
        "turnover": D("25000000000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "C25.73",
        "founded_on": date(1942, 1, 1),
        "region": "Gävleborg",
        "city": "Sandviken",
        "member_since": date(2010, 1, 1),
    },
    {
        "registry_id": "556789-0011",
        "legal_name": "Arctic Drone Systems AB",
        "short_name": "Arctic Drones",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MICRO_FIRM,
        "employees": 5,
        "turnover": D("2600000"),
        "currency": "SEK",
        "figures_year": 2023,
        "sectors": "C30.30",
        "founded_on": date(2009, 5, 11),
        "region": "Gävleborg",
        "city": "Hudiksvall",
        "member_since": date(2018, 4, 1),
        "later_status": (
            MembershipStatus.LEFT,
            date(2023, 6, 30),
            "Moved its operations to Norway.",
        ),
    },
    {
        "registry_id": "202100-3096",
        "legal_name": "Högskolan i Gävle",
        "short_name": "University of Gävle",
        "helix": Helix.ACADEMIA,
        "org_type": OrganizationType.UNIVERSITY,
        "employees": 850,
        "turnover": None,
        "currency": "SEK",
        "figures_year": None,
        "sectors": "P85.42",
        "region": "Gävleborg",
        "city": "Gävle",
        "member_since": date(2006, 6, 1),
    },
    {
        "registry_id": "202100-4888",
        "legal_name": "Lantmäteriet",
        "short_name": "Lantmäteriet",
        "helix": Helix.GOVERNMENT,
        "org_type": OrganizationType.PUBLIC_AUTHORITY,
        "employees": 2100,
        "turnover": None,
        "currency": "SEK",
        "figures_year": None,
        "sectors": "O84.13",
        "region": "Gävleborg",
        "city": "Gävle",
        "member_since": date(2006, 6, 1),
    },
    {
        "registry_id": "212000-2262",
        "legal_name": "Gävle kommun",
        "short_name": "City of Gävle",
        "helix": Helix.GOVERNMENT,
        "org_type": OrganizationType.PUBLIC_AUTHORITY,
        "employees": 6000,
        "turnover": None,
        "currency": "SEK",
        "figures_year": None,
        "sectors": "O84.11",
        "region": "Gävleborg",
        "city": "Gävle",
        "member_since": date(2006, 6, 1),
    },
    {
        "registry_id": "556560-4472",
        "legal_name": "Movexum AB",
        "short_name": "Movexum",
        "helix": Helix.CIVIL_SOCIETY,
        "org_type": OrganizationType.INCUBATOR,
        "employees": 14,
        "turnover": D("15000000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "M70.22",
        "region": "Gävleborg",
        "city": "Gävle",
        "member_since": date(2011, 1, 1),
    },
    {
        "registry_id": "802474-8410",
        "legal_name": "Företagarna Gävleborg",
        "short_name": "Företagarna",
        "helix": Helix.CIVIL_SOCIETY,
        "org_type": OrganizationType.CHAMBER,
        "employees": 3,
        "turnover": None,
        "currency": "SEK",
        "figures_year": None,
        "sectors": "S94.11",
        "region": "Gävleborg",
        "city": "Gävle",
        "member_since": date(2014, 2, 1),
        "later_status": (
            MembershipStatus.SUSPENDED,
            date(2025, 3, 1),
            "Membership fee for 2025 unpaid.",
        ),
    },
    {
        "registry_id": "559230-1199",
        "legal_name": "Hälsinge Smart Wood AB",
        "short_name": "Smart Wood",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MICRO_FIRM,
        "employees": 2,
        "turnover": D("800000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "C16.23",
        "founded_on": date(2019, 11, 4),
        "region": "Gävleborg",
        "city": "Bollnäs",
        "member_since": None,
        "applied_on": date(2026, 11, 2),
    },
]


# e-mail, registry id of the organization represented
REPRESENTATIVES = [
    ("firm@example.com", "556677-1234"),
]


# first name, last name, e-mail, affiliation (registry id, title, share of time %, from) or None
PEOPLE = [
    ("Maria", "Lindqvist", "manager@example.com", None),
    ("Frida", "Sandberg", "firm@example.com", ("556677-1234", "CEO", 100, date(2015, 3, 1))),
    (
        "Anders",
        "Holm",
        "anders.holm@hig.example",
        ("202100-3096", "Professor of GIS", 80, date(2010, 1, 1)),
    ),
    (
        "Karin",
        "Ek",
        "karin.ek@gavle.example",
        ("212000-2262", "Business developer", 100, date(2012, 1, 1)),
    ),
]


# e-mail, registry id, title, share of time %, from
EXTRA_AFFILIATIONS = []


# name, kind, seats (e-mail, role, registry id represented, term start)
BODIES = [
    (
        "Board of Future Position X",
        BodyKind.BOARD,
        [
            ("anders.holm@hig.example", SeatRole.CHAIR, "202100-3096", date(2022, 5, 1)),
            ("karin.ek@gavle.example", SeatRole.MEMBER, "212000-2262", date(2022, 5, 1)),
            ("firm@example.com", SeatRole.MEMBER, "556677-1234", date(2024, 5, 1)),
        ],
    ),
]


# body, date, title, agenda, minutes, present (e-mails), decision or None: (text, votes for,
# against, abstentions, outcome, action item (text, owner's e-mail, due on))
MEETINGS = [
    (
        "Board of Future Position X",
        date(2027, 1, 20),
        "Spring board meeting",
        "1. TRIIP follow-up\n2. Membership fees 2027",
        "",
        [],
        None,
    ),
]


# partner, country, city, sector, kind, goal, tie strength, start, participants (registry ids)
ALLIANCES = [
    (
        "Zhuhai (Guangdong) sister city",
        "CN",
        "Zhuhai",
        "Smart cities",
        AllianceKind.SISTER_CITY,
        AllianceGoal.MARKET_ACCESS,
        "strong",
        date(2014, 4, 1),
        ["556677-1234", "556901-2277", "212000-2262"],
    ),
    (
        "Changfeng Alliance",
        "CN",
        "Beijing",
        "Geographic information, IoT",
        AllianceKind.PARTNERSHIP,
        AllianceGoal.KNOWLEDGE,
        "strong",
        date(2015, 9, 1),
        ["556901-2277", "202100-3096", "202100-4888"],
    ),
    (
        "Hubei Association for Science and Technology",
        "CN",
        "Wuhan",
        "Science and technology",
        AllianceKind.MOU,
        AllianceGoal.REPUTATION,
        "weak",
        date(2017, 5, 1),
        ["202100-3096"],
    ),
]


# year, size class ('' for every other member), amount, currency, due on
FEES = [
    (2025, "", D("5000.00"), "SEK", date(2025, 3, 31)),
    (2025, "micro", D("2000.00"), "SEK", date(2025, 3, 31)),
    (2026, "", D("5500.00"), "SEK", date(2026, 3, 31)),
    (2026, "micro", D("2200.00"), "SEK", date(2026, 3, 31)),
]
# year: the day every member paid that year's fee (the 2026 fees are open)
FEES_PAID_ON = {2025: date(2025, 3, 15)}
