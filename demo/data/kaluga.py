"""The Kaluga Pharmaceutical Cluster (docs/domain.md §5): its MNC subsidiaries and local firms, and
its three governance levels (the coordination council under the governor, the regional cluster
development centre, the association with its general assembly and board)."""

from datetime import date
from decimal import Decimal as D

from clusters.models import LegalForm
from members.choices import BodyKind, DecisionOutcome, Helix, OrganizationType, SeatRole

CLUSTER = {
    "slug": "kaluga-pharma",
    "name": "Kaluga Pharmaceutical Cluster",
    "country": "RU",
    "region": "Kaluga Oblast",
    "city": "Kaluga",
    "sectors": "Pharmaceuticals, Biotechnology",
    "legal_form": LegalForm.ASSOCIATION,
    "founded": 2012,
    "website": "",
    "description": (
        "Initiated in 2011 by the regional authorities and incorporated in 2012 as an "
        "association: 63 companies with over 9,000 employees, among them subsidiaries of "
        "Novo Nordisk, AstraZeneca, Berlin-Chemie Menarini and Hemofarm."
    ),
}


# e-mail, staff role
STAFF = [
    ("manager.kaluga@example.com", "manager"),
]


# Each organization's fields, and its membership: member since member_since (None: it has only
# applied, on applied_on), then later_status (status, on, reason) when it left or was suspended.
ORGANIZATIONS = [
    {
        "registry_id": "4025419090",
        "legal_name": "Novo Nordisk LLC",
        "short_name": "Novo Nordisk",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MNC_SUBSIDIARY,
        "employees": 300,
        "turnover": D("9000000000"),
        "currency": "RUB",
        "figures_year": 2024,
        "sectors": "C21.20",
        "region": "Kaluga Oblast",
        "city": "Kaluga",
        "member_since": date(2012, 6, 1),
    },
    {
        "registry_id": "7704034240",
        "legal_name": "AstraZeneca Industries LLC",
        "short_name": "AstraZeneca",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MNC_SUBSIDIARY,
        "employees": 250,
        "turnover": D("12000000000"),
        "currency": "RUB",
        "figures_year": 2024,
        "sectors": "C21.20",
        "region": "Kaluga Oblast",
        "city": "Vorsino",
        "member_since": date(2012, 6, 1),
    },
    {
        "registry_id": "4027094020",
        "legal_name": "Berlin-Chemie Menarini Kaluga LLC",
        "short_name": "Berlin-Chemie",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MNC_SUBSIDIARY,
        "employees": 230,
        "turnover": D("7000000000"),
        "currency": "RUB",
        "figures_year": 2024,
        "sectors": "C21.20",
        "region": "Kaluga Oblast",
        "city": "Kaluga",
        "member_since": date(2012, 6, 1),
    },
    {
        "registry_id": "4025413060",
        "legal_name": "Hemofarm LLC",
        "short_name": "Hemofarm",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.MNC_SUBSIDIARY,
        "employees": 400,
        "turnover": D("6000000000"),
        "currency": "RUB",
        "figures_year": 2024,
        "sectors": "C21.20",
        "region": "Kaluga Oblast",
        "city": "Obninsk",
        "member_since": date(2012, 6, 1),
    },
    {
        "registry_id": "4025442112",
        "legal_name": "Niarmedic Plus LLC",
        "short_name": "Niarmedic",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.SME,
        "employees": 120,
        "turnover": D("1800000000"),
        "currency": "RUB",
        "figures_year": 2024,
        "sectors": "C21.20, M72.11",
        "region": "Kaluga Oblast",
        "city": "Obninsk",
        "member_since": date(2013, 3, 1),
    },
    {
        "registry_id": "4025087766",
        "legal_name": "Medbiopharm LLC",
        "short_name": "Medbiopharm",
        "helix": Helix.INDUSTRY,
        "org_type": OrganizationType.SME,
        "employees": 45,
        "turnover": D("300000000"),
        "currency": "RUB",
        "figures_year": 2024,
        "sectors": "C21.10",
        "region": "Kaluga Oblast",
        "city": "Obninsk",
        "member_since": date(2014, 2, 1),
    },
    {
        "registry_id": "4025002134",
        "legal_name": "Obninsk Institute for Nuclear Power Engineering",
        "short_name": "IATE MEPhI",
        "helix": Helix.ACADEMIA,
        "org_type": OrganizationType.UNIVERSITY,
        "employees": 900,
        "turnover": None,
        "currency": "RUB",
        "figures_year": None,
        "sectors": "P85.42",
        "region": "Kaluga Oblast",
        "city": "Obninsk",
        "member_since": date(2012, 6, 1),
    },
    {
        "registry_id": "4025003210",
        "legal_name": "A. Tsyb Medical Radiological Research Centre",
        "short_name": "MRRC",
        "helix": Helix.ACADEMIA,
        "org_type": OrganizationType.RESEARCH_INSTITUTE,
        "employees": 2000,
        "turnover": None,
        "currency": "RUB",
        "figures_year": None,
        "sectors": "M72.19",
        "region": "Kaluga Oblast",
        "city": "Obninsk",
        "member_since": date(2012, 6, 1),
    },
    {
        "registry_id": "4027077102",
        "legal_name": "Agency for Innovation Development of the Kaluga Region",
        "short_name": "AIRKO",
        "helix": Helix.GOVERNMENT,
        "org_type": OrganizationType.PUBLIC_AUTHORITY,
        "employees": 60,
        "turnover": None,
        "currency": "RUB",
        "figures_year": None,
        "sectors": "O84.13",
        "region": "Kaluga Oblast",
        "city": "Kaluga",
        "member_since": date(2012, 6, 1),
    },
]


# e-mail, registry id of the organization represented
REPRESENTATIVES = []


# first name, last name, e-mail, affiliation (registry id, title, share of time %, from) or None
PEOPLE = [
    ("Irina", "Volkova", "manager.kaluga@example.com", None),
    (
        "Dmitry",
        "Orlov",
        "d.orlov@novonordisk.example",
        ("4025419090", "Plant director", 100, date(2015, 1, 1)),
    ),
    (
        "Elena",
        "Sokolova",
        "e.sokolova@iate.example",
        ("4025002134", "Lecturer in pharmaceutical chemistry", 50, date(2014, 9, 1)),
    ),
    (
        "Anatoly",
        "Artamonov",
        "governor@kaluga.example",
        ("4027077102", "Governor's representative", 20, date(2012, 1, 1)),
    ),
    (
        "Olga",
        "Petrova",
        "o.petrova@airko.example",
        ("4027077102", "Head of the cluster development centre", 100, date(2012, 6, 1)),
    ),
]


# e-mail, registry id, title, share of time %, from
EXTRA_AFFILIATIONS = [
    ("e.sokolova@iate.example", "4025442112", "Quality consultant", 50, date(2019, 1, 1)),
]


# name, kind, seats (e-mail, role, registry id represented, term start)
BODIES = [
    (
        "Coordination Council under the Governor of the Kaluga Region",
        BodyKind.COORDINATION_COUNCIL,
        [
            ("governor@kaluga.example", SeatRole.CHAIR, "4027077102", date(2012, 1, 1)),
            ("d.orlov@novonordisk.example", SeatRole.MEMBER, "4025419090", date(2015, 1, 1)),
            ("o.petrova@airko.example", SeatRole.MEMBER, "4027077102", date(2012, 6, 1)),
        ],
    ),
    (
        "Regional Cluster Development Centre",
        BodyKind.WORKING_GROUP,
        [
            ("o.petrova@airko.example", SeatRole.CHAIR, "4027077102", date(2012, 6, 1)),
            ("e.sokolova@iate.example", SeatRole.MEMBER, "4025002134", date(2016, 1, 1)),
        ],
    ),
    (
        "General Assembly of the Kaluga Pharmaceutical Cluster Association",
        BodyKind.GENERAL_ASSEMBLY,
        [
            ("d.orlov@novonordisk.example", SeatRole.MEMBER, "4025419090", date(2012, 6, 1)),
            ("e.sokolova@iate.example", SeatRole.MEMBER, "4025002134", date(2012, 6, 1)),
            ("o.petrova@airko.example", SeatRole.OBSERVER, "4027077102", date(2012, 6, 1)),
        ],
    ),
    (
        "Board of the Kaluga Pharmaceutical Cluster Association",
        BodyKind.BOARD,
        [
            ("d.orlov@novonordisk.example", SeatRole.CHAIR, "4025419090", date(2016, 1, 1)),
            ("e.sokolova@iate.example", SeatRole.MEMBER, "4025002134", date(2016, 1, 1)),
            ("o.petrova@airko.example", SeatRole.VICE_CHAIR, "4027077102", date(2016, 1, 1)),
        ],
    ),
]


# body, date, title, agenda, minutes, present (e-mails), decision or None: (text, votes for,
# against, abstentions, outcome, action item (text, owner's e-mail, due on))
MEETINGS = [
    (
        "Board of the Kaluga Pharmaceutical Cluster Association",
        date(2025, 11, 20),
        "Annual plan 2026",
        "1. Annual plan 2026\n2. Joint GMP training centre",
        "The board adopted the annual plan.",
        ["d.orlov@novonordisk.example", "e.sokolova@iate.example", "o.petrova@airko.example"],
        (
            "Adopt the 2026 annual plan with the joint GMP training centre.",
            3,
            0,
            0,
            DecisionOutcome.ADOPTED,
            ("Draft the GMP training centre budget", "o.petrova@airko.example", date(2026, 3, 1)),
        ),
    ),
]


# partner, country, city, sector, kind, goal, tie strength, start, participants (registry ids)
ALLIANCES = []


# year, size class ('' for every other member), amount, currency, due on
FEES = []
# year: the day every member paid that year's fee
FEES_PAID_ON = {}
