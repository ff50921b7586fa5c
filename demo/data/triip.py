"""What both TRIIP projects of fpx share: the firms TRIIP brought into the cluster, the partners
and their coaches, the cohorts, the timbank's consultants, and the texts every enrolment or
request repeats. Each project's own story is in ``triip_2016`` and ``triip_2026``."""

from datetime import date
from decimal import Decimal as D

from members.choices import Helix, OrganizationType

# The cluster that runs both TRIIP projects.
CLUSTER = "fpx"

# Firms that take part in TRIIP, written like fpx's organizations (Falu Rödfärg Studio is a young
# firm, founded less than three years before TRIIP 2026 took it in): a participant is not a member
# (docs/domain.md §2), so a firm has a membership only with member_since (a member since then)
# or applied_on (it applied for membership that day); with neither it has none.
PARTICIPANT_FIRMS = [
    {
        "registry_id": "559101-1001",
        "legal_name": "Dala Hästen Design AB",
        "short_name": "Dala Hästen Design",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MICRO_FIRM,
        "employees": 4,
        "turnover": D("3200000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "C32.40",
        "founded_on": date(2004, 8, 16),
        "region": "Dalarna",
        "city": "Mora",
        "member_since": date(2016, 5, 1),
    },
    {
        "registry_id": "559101-1002",
        "legal_name": "Falu Rödfärg Studio AB",
        "short_name": "Falu Rödfärg Studio",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MICRO_FIRM,
        "employees": 3,
        "turnover": D("2100000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "C20.30",
        "founded_on": date(2024, 3, 18),
        "region": "Dalarna",
        "city": "Falun",
        "member_since": None,
        "applied_on": date(2026, 2, 1),
    },
    {
        "registry_id": "559101-1003",
        "legal_name": "Mora Knivsmide AB",
        "short_name": "Mora Knivsmide",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MICRO_FIRM,
        "employees": 7,
        "turnover": D("9200000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "C25.71",
        "founded_on": date(1987, 5, 4),
        "region": "Dalarna",
        "city": "Mora",
        "member_since": date(2017, 1, 1),
    },
    {
        "registry_id": "559101-1004",
        "legal_name": "Hudik Fiskodling AB",
        "short_name": "Hudik Fiskodling",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MICRO_FIRM,
        "employees": 5,
        "turnover": D("6400000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "A03.22",
        "founded_on": date(2011, 4, 1),
        "region": "Gävleborg",
        "city": "Hudiksvall",
        "member_since": None,
    },
    {
        "registry_id": "559101-1005",
        "legal_name": "Sandviken Robotics AB",
        "short_name": "Sandviken Robotics",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MICRO_FIRM,
        "employees": 14,
        "turnover": D("15800000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "C28.99",
        "founded_on": date(2013, 10, 1),
        "region": "Gävleborg",
        "city": "Sandviken",
        "member_since": date(2015, 1, 1),
    },
    {
        "registry_id": "559101-1006",
        "legal_name": "Karlstad Aqua Tech AB",
        "short_name": "Karlstad Aqua Tech",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MICRO_FIRM,
        "employees": 6,
        "turnover": D("7100000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "C28.29",
        "founded_on": date(2016, 1, 11),
        "region": "Värmland",
        "city": "Karlstad",
        "member_since": None,
    },
    {
        "registry_id": "556781-3020",
        "legal_name": "Science Park Dalarna AB",
        "short_name": "Science Park Dalarna",
        "helix": Helix.CIVIL_SOCIETY,
        "org_type": OrganizationType.SCIENCE_PARK,
        "employees": 12,
        "turnover": D("11000000"),
        "currency": "SEK",
        "figures_year": 2024,
        "sectors": "M70.22",
        "region": "Dalarna",
        "city": "Borlänge",
        "member_since": date(2012, 1, 1),
    },
]

# The research organisation the TRIIP firms work with (an outcome of kind research_cooperation
# names it): the University of Gävle of demo.data.fpx. Being in the cluster does not make it a
# partner of the projects, and a partner would prove no joint research (docs/domain.md §6).
RESEARCH_PARTNER = "202100-3096"

# e-mail, full name, registry id of the partner supplying the coach, regions
COACHES = [
    ("coach@example.com", "Carl Berg", "556560-4472", ["Gävleborg"]),
    ("coach.dalarna@example.com", "Dalia Nord", "556781-3020", ["Dalarna", "Värmland"]),
]

# registry id of the partner organization, its role in every TRIIP project
PARTNERS = [
    ("556560-4472", "operational"),
    ("556781-3020", "operational"),
    ("212000-2262", "resource_provider"),
]
# name, number
TARGETS = [("Replicable model", 1)]
COHORTS = ["Industrial", "Food and drink", "Design and crafts"]

# Every applicant's self-assessment of its export readiness (docs/domain.md §2).
SELF_ASSESSMENT = {
    "score_market": 2,
    "comment_market": "We know the Nordic market, not the one we aim for.",
    "score_customers": 3,
    "score_situation": 2,
}
REJECTION_REASON = "More employees than the project allows."

# name, services
CONSULTANTS = [
    ("Advokatfirman Norrland", ["legal", "negotiation"]),
    ("Patentbyrån Gävle", ["patent"]),
    ("Lingua Translations", ["translation"]),
    ("Digital Reach", ["social_media", "marketing", "communication"]),
]
TIMBANK_PURPOSE = "Prepare the foreign market."
INFO_REQUEST_NOTE = "Please say which contract you need reviewed."
TRIP_CURRENCY = "EUR"

# The demo's "today": workshops after this day have not taken place, so nobody has attended yet.
ATTENDANCE_KNOWN_UNTIL = date(2026, 11, 26)
