"""Innokam (docs/domain.md §5): the Tatarstan cluster anchored by KAMAZ and Tatneft, its HR
committee running dual education, and Kamatainer, the joint firm of a discontinued project."""

from datetime import date
from decimal import Decimal as D

from clusters.models import LegalForm
from members.choices import (
    BodyKind,
    DecisionOutcome,
    Helix,
    MembershipStatus,
    OrganizationType,
    SeatRole,
)

CLUSTER = {
    "slug": "innokam",
    "name": "Innokam",
    "country": "RU",
    "region": "Republic of Tatarstan",
    "city": "Naberezhnye Chelny",
    "sectors": "Automotive, Petrochemicals",
    "legal_form": LegalForm.NON_COMMERCIAL_PARTNERSHIP,
    "founded": 2011,
    "website": "",
    "description": (
        "Non-commercial partnership of about 300 companies with about 110,000 employees, "
        "anchored by KAMAZ and Tatneft; its HR committee runs dual education."
    ),
}


# e-mail, staff role
STAFF = []


# Each organization's fields, and its membership: member since member_since (None: it has only
# applied, on applied_on), then later_status (status, on, reason) when it left or was suspended.
ORGANIZATIONS = [
    {
        "registry_id": "1650032058",
        "legal_name": "KAMAZ PJSC",
        "short_name": "KAMAZ",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.ANCHOR_FIRM,
        "employees": 30000,
        "turnover": D("330000000000"),
        "currency": "RUB",
        "figures_year": 2024,
        "sectors": "C29.10",
        "region": "Republic of Tatarstan",
        "city": "Naberezhnye Chelny",
        "member_since": date(2011, 9, 1),
    },
    {
        "registry_id": "1644003838",
        "legal_name": "Tatneft PJSC",
        "short_name": "Tatneft",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.ANCHOR_FIRM,
        "employees": 60000,
        "turnover": D("1500000000000"),
        "currency": "RUB",
        "figures_year": 2024,
        "sectors": "B06.10, C20.16",
        "region": "Republic of Tatarstan",
        "city": "Almetyevsk",
        "member_since": date(2011, 9, 1),
    },
    {
        "registry_id": "1650100700",
        "legal_name": "KAMAZ Innovation Centre LLC",
        "short_name": "KAMAZ IC",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.SME,
        "employees": 140,
        "turnover": D("900000000"),
        "currency": "RUB",
        "figures_year": 2024,
        "sectors": "M72.19",
        "region": "Republic of Tatarstan",
        "city": "Naberezhnye Chelny",
        "member_since": date(2012, 1, 1),
    },
    {
        "registry_id": "1650214455",
        "legal_name": "Kamatainer Technologies LLC",
        "short_name": "Kamatainer",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.STARTUP,
        "employees": 9,
        "turnover": D("45000000"),
        "currency": "RUB",
        "figures_year": 2018,
        "sectors": "C29.20",
        "region": "Republic of Tatarstan",
        "city": "Naberezhnye Chelny",
        "member_since": date(2016, 1, 1),
        "later_status": (
            MembershipStatus.LEFT,
            date(2019, 12, 31),
            "The joint project was discontinued.",
        ),
    },
    {
        "registry_id": "1650004410",
        "legal_name": "Kazan Federal University, Naberezhnye Chelny Institute",
        "short_name": "KFU NChI",
        "helix": Helix.ACADEMIA,
        "org_type": OrganizationType.UNIVERSITY,
        "employees": 700,
        "turnover": None,
        "currency": "RUB",
        "figures_year": None,
        "sectors": "P85.42",
        "region": "Republic of Tatarstan",
        "city": "Naberezhnye Chelny",
        "member_since": date(2011, 9, 1),
    },
    {
        "registry_id": "1650002201",
        "legal_name": "Naberezhnye Chelny Polytechnic College",
        "short_name": "NChPC",
        "helix": Helix.ACADEMIA,
        "org_type": OrganizationType.EDUCATION_BODY,
        "employees": 150,
        "turnover": None,
        "currency": "RUB",
        "figures_year": None,
        "sectors": "P85.32",
        "region": "Republic of Tatarstan",
        "city": "Naberezhnye Chelny",
        "member_since": date(2013, 9, 1),
    },
    {
        "registry_id": "1650017711",
        "legal_name": "Executive Committee of Naberezhnye Chelny",
        "short_name": "City of Naberezhnye Chelny",
        "helix": Helix.GOVERNMENT,
        "org_type": OrganizationType.PUBLIC_AUTHORITY,
        "employees": 900,
        "turnover": None,
        "currency": "RUB",
        "figures_year": None,
        "sectors": "O84.11",
        "region": "Republic of Tatarstan",
        "city": "Naberezhnye Chelny",
        "member_since": date(2011, 9, 1),
    },
]


# e-mail, registry id of the organization represented
REPRESENTATIVES = []


# first name, last name, e-mail, affiliation (registry id, title, share of time %, from) or None
PEOPLE = [
    (
        "Rustam",
        "Galiev",
        "r.galiev@kamaz.example",
        ("1650032058", "HR director", 100, date(2010, 1, 1)),
    ),
    (
        "Alsu",
        "Khairullina",
        "a.khairullina@kfu.example",
        ("1650004410", "Vice-rector for industry cooperation", 100, date(2013, 1, 1)),
    ),
    (
        "Ilnur",
        "Sabirov",
        "i.sabirov@nchpc.example",
        ("1650002201", "Director", 100, date(2015, 1, 1)),
    ),
]


# e-mail, registry id, title, share of time %, from
EXTRA_AFFILIATIONS = []


# name, kind, seats (e-mail, role, registry id represented, term start)
BODIES = [
    (
        "HR Committee",
        BodyKind.COMMITTEE,
        [
            ("r.galiev@kamaz.example", SeatRole.CHAIR, "1650032058", date(2014, 1, 1)),
            ("a.khairullina@kfu.example", SeatRole.MEMBER, "1650004410", date(2014, 1, 1)),
            ("i.sabirov@nchpc.example", SeatRole.MEMBER, "1650002201", date(2015, 1, 1)),
        ],
    ),
]


# body, date, title, agenda, minutes, present (e-mails), decision or None: (text, votes for,
# against, abstentions, outcome, action item (text, owner's e-mail, due on))
MEETINGS = [
    (
        "HR Committee",
        date(2025, 10, 14),
        "Dual education 2026 intake",
        "1. Places for the 2026 dual-education intake\n2. Mentor training at KAMAZ",
        "The committee agreed the number of dual-education places for 2026.",
        ["r.galiev@kamaz.example", "a.khairullina@kfu.example", "i.sabirov@nchpc.example"],
        (
            "Offer 120 dual-education places for mechatronics and welding in 2026.",
            3,
            0,
            0,
            DecisionOutcome.ADOPTED,
            (
                "Sign the 2026 dual-education agreement with the college",
                "i.sabirov@nchpc.example",
                date(2026, 2, 1),
            ),
        ),
    ),
    (
        "HR Committee",
        date(2027, 2, 10),
        "Mentor programme review",
        "1. Mentor programme review",
        "",
        [],
        None,
    ),
]


# partner, country, city, sector, kind, goal, tie strength, start, participants (registry ids)
ALLIANCES = []


# year, size class ('' for every other member), amount, currency, due on
FEES = []
# year: the day every member paid that year's fee
FEES_PAID_ON = {}
