"""Demo members, people, governance and alliances of the three clusters of domain.md §5."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from accounts.models import User
from clusters.demo import SeedTally, upsert
from clusters.models import Cluster
from members.choices import (
    AllianceGoal,
    AllianceKind,
    BodyKind,
    DecisionOutcome,
    Helix,
    MembershipStatus,
    SeatRole,
)
from members.choices import OrganizationType as T
from members.models import (
    ActionItem,
    Affiliation,
    Alliance,
    AllianceParticipation,
    Attendance,
    Body,
    Decision,
    FeePayment,
    FeeSchedule,
    Meeting,
    Membership,
    MembershipTransition,
    Organization,
    Person,
    Representative,
    Seat,
)

IND, ACA, GOV, CIV = Helix.INDUSTRY, Helix.ACADEMIA, Helix.GOVERNMENT, Helix.CIVIL_SOCIETY

# registry id, legal name, short name, helix, type, employees, turnover, currency, year,
# NACE sectors, region, city, member since, status (left/suspended: (status, date, reason)).
ORGANIZATIONS = {
    "fpx": [
        (
            "556677-1234",
            "Gävle Sealing Technology AB",
            "Gävle Sealing",
            IND,
            T.MICRO_FIRM,
            8,
            D("14500000"),
            "SEK",
            2024,
            "C22.19",
            "Gävleborg",
            "Gävle",
            date(2015, 3, 1),
            None,
        ),
        (
            "556712-4410",
            "Norrlands Destilleri AB",
            "Norrlands Destilleri",
            IND,
            T.MICRO_FIRM,
            6,
            D("9800000"),
            "SEK",
            2024,
            "C11.01",
            "Gävleborg",
            "Söderhamn",
            date(2016, 9, 1),
            None,
        ),
        (
            "556901-2277",
            "GeoVista Analytics AB",
            "GeoVista",
            IND,
            T.MICRO_FIRM,
            4,
            D("3900000"),
            "SEK",
            2024,
            "J62.01, M71.12",
            "Gävleborg",
            "Gävle",
            date(2017, 2, 1),
            None,
        ),
        (
            "559011-8830",
            "Sensorhuset i Dalarna AB",
            "Sensorhuset",
            IND,
            T.STARTUP,
            3,
            D("1200000"),
            "SEK",
            2024,
            "C26.51",
            "Dalarna",
            "Falun",
            date(2019, 5, 1),
            None,
        ),
        (
            "556455-6601",
            "Värmlands Mätteknik AB",
            "Värmlands Mätteknik",
            IND,
            T.SME,
            27,
            D("41000000"),
            "SEK",
            2024,
            "C26.51, M71.12",
            "Värmland",
            "Karlstad",
            date(2012, 1, 1),
            None,
        ),
        (
            "556016-0680",
            "Sandvik Coromant AB",
            "Sandvik Coromant",
            IND,
            T.ANCHOR_FIRM,
            8000,
            D("25000000000"),
            "SEK",
            2024,
            "C25.73",
            "Gävleborg",
            "Sandviken",
            date(2010, 1, 1),
            None,
        ),
        (
            "556789-0011",
            "Arctic Drone Systems AB",
            "Arctic Drones",
            IND,
            T.MICRO_FIRM,
            5,
            D("2600000"),
            "SEK",
            2023,
            "C30.30",
            "Gävleborg",
            "Hudiksvall",
            date(2018, 4, 1),
            ("left", date(2023, 6, 30), "Moved its operations to Norway."),
        ),
        (
            "202100-3096",
            "Högskolan i Gävle",
            "University of Gävle",
            ACA,
            T.UNIVERSITY,
            850,
            None,
            "SEK",
            None,
            "P85.42",
            "Gävleborg",
            "Gävle",
            date(2006, 6, 1),
            None,
        ),
        (
            "202100-4888",
            "Lantmäteriet",
            "Lantmäteriet",
            GOV,
            T.PUBLIC_AUTHORITY,
            2100,
            None,
            "SEK",
            None,
            "O84.13",
            "Gävleborg",
            "Gävle",
            date(2006, 6, 1),
            None,
        ),
        (
            "212000-2262",
            "Gävle kommun",
            "City of Gävle",
            GOV,
            T.PUBLIC_AUTHORITY,
            6000,
            None,
            "SEK",
            None,
            "O84.11",
            "Gävleborg",
            "Gävle",
            date(2006, 6, 1),
            None,
        ),
        (
            "556560-4472",
            "Movexum AB",
            "Movexum",
            CIV,
            T.INCUBATOR,
            14,
            D("15000000"),
            "SEK",
            2024,
            "M70.22",
            "Gävleborg",
            "Gävle",
            date(2011, 1, 1),
            None,
        ),
        (
            "802474-8410",
            "Företagarna Gävleborg",
            "Företagarna",
            CIV,
            T.CHAMBER,
            3,
            None,
            "SEK",
            None,
            "S94.11",
            "Gävleborg",
            "Gävle",
            date(2014, 2, 1),
            ("suspended", date(2025, 3, 1), "Membership fee for 2025 unpaid."),
        ),
        (
            "559230-1199",
            "Hälsinge Smart Wood AB",
            "Smart Wood",
            IND,
            T.MICRO_FIRM,
            2,
            D("800000"),
            "SEK",
            2024,
            "C16.23",
            "Gävleborg",
            "Bollnäs",
            None,
            None,
        ),
    ],
    "kaluga-pharma": [
        (
            "4025419090",
            "Novo Nordisk LLC",
            "Novo Nordisk",
            IND,
            T.MNC_SUBSIDIARY,
            300,
            D("9000000000"),
            "RUB",
            2024,
            "C21.20",
            "Kaluga Oblast",
            "Kaluga",
            date(2012, 6, 1),
            None,
        ),
        (
            "7704034240",
            "AstraZeneca Industries LLC",
            "AstraZeneca",
            IND,
            T.MNC_SUBSIDIARY,
            250,
            D("12000000000"),
            "RUB",
            2024,
            "C21.20",
            "Kaluga Oblast",
            "Vorsino",
            date(2012, 6, 1),
            None,
        ),
        (
            "4027094020",
            "Berlin-Chemie Menarini Kaluga LLC",
            "Berlin-Chemie",
            IND,
            T.MNC_SUBSIDIARY,
            230,
            D("7000000000"),
            "RUB",
            2024,
            "C21.20",
            "Kaluga Oblast",
            "Kaluga",
            date(2012, 6, 1),
            None,
        ),
        (
            "4025413060",
            "Hemofarm LLC",
            "Hemofarm",
            IND,
            T.MNC_SUBSIDIARY,
            400,
            D("6000000000"),
            "RUB",
            2024,
            "C21.20",
            "Kaluga Oblast",
            "Obninsk",
            date(2012, 6, 1),
            None,
        ),
        (
            "4025442112",
            "Niarmedic Plus LLC",
            "Niarmedic",
            IND,
            T.SME,
            120,
            D("1800000000"),
            "RUB",
            2024,
            "C21.20, M72.11",
            "Kaluga Oblast",
            "Obninsk",
            date(2013, 3, 1),
            None,
        ),
        (
            "4025087766",
            "Medbiopharm LLC",
            "Medbiopharm",
            IND,
            T.SME,
            45,
            D("300000000"),
            "RUB",
            2024,
            "C21.10",
            "Kaluga Oblast",
            "Obninsk",
            date(2014, 2, 1),
            None,
        ),
        (
            "4025002134",
            "Obninsk Institute for Nuclear Power Engineering",
            "IATE MEPhI",
            ACA,
            T.UNIVERSITY,
            900,
            None,
            "RUB",
            None,
            "P85.42",
            "Kaluga Oblast",
            "Obninsk",
            date(2012, 6, 1),
            None,
        ),
        (
            "4025003210",
            "A. Tsyb Medical Radiological Research Centre",
            "MRRC",
            ACA,
            T.RESEARCH_INSTITUTE,
            2000,
            None,
            "RUB",
            None,
            "M72.19",
            "Kaluga Oblast",
            "Obninsk",
            date(2012, 6, 1),
            None,
        ),
        (
            "4027077102",
            "Agency for Innovation Development of the Kaluga Region",
            "AIRKO",
            GOV,
            T.PUBLIC_AUTHORITY,
            60,
            None,
            "RUB",
            None,
            "O84.13",
            "Kaluga Oblast",
            "Kaluga",
            date(2012, 6, 1),
            None,
        ),
    ],
    "innokam": [
        (
            "1650032058",
            "KAMAZ PJSC",
            "KAMAZ",
            IND,
            T.ANCHOR_FIRM,
            30000,
            D("330000000000"),
            "RUB",
            2024,
            "C29.10",
            "Republic of Tatarstan",
            "Naberezhnye Chelny",
            date(2011, 9, 1),
            None,
        ),
        (
            "1644003838",
            "Tatneft PJSC",
            "Tatneft",
            IND,
            T.ANCHOR_FIRM,
            60000,
            D("1500000000000"),
            "RUB",
            2024,
            "B06.10, C20.16",
            "Republic of Tatarstan",
            "Almetyevsk",
            date(2011, 9, 1),
            None,
        ),
        (
            "1650100700",
            "KAMAZ Innovation Centre LLC",
            "KAMAZ IC",
            IND,
            T.SME,
            140,
            D("900000000"),
            "RUB",
            2024,
            "M72.19",
            "Republic of Tatarstan",
            "Naberezhnye Chelny",
            date(2012, 1, 1),
            None,
        ),
        (
            "1650214455",
            "Kamatainer Technologies LLC",
            "Kamatainer",
            IND,
            T.STARTUP,
            9,
            D("45000000"),
            "RUB",
            2018,
            "C29.20",
            "Republic of Tatarstan",
            "Naberezhnye Chelny",
            date(2016, 1, 1),
            ("left", date(2019, 12, 31), "The joint project was discontinued."),
        ),
        (
            "1650004410",
            "Kazan Federal University, Naberezhnye Chelny Institute",
            "KFU NChI",
            ACA,
            T.UNIVERSITY,
            700,
            None,
            "RUB",
            None,
            "P85.42",
            "Republic of Tatarstan",
            "Naberezhnye Chelny",
            date(2011, 9, 1),
            None,
        ),
        (
            "1650002201",
            "Naberezhnye Chelny Polytechnic College",
            "NChPC",
            ACA,
            T.EDUCATION_BODY,
            150,
            None,
            "RUB",
            None,
            "P85.32",
            "Republic of Tatarstan",
            "Naberezhnye Chelny",
            date(2013, 9, 1),
            None,
        ),
        (
            "1650017711",
            "Executive Committee of Naberezhnye Chelny",
            "City of Naberezhnye Chelny",
            GOV,
            T.PUBLIC_AUTHORITY,
            900,
            None,
            "RUB",
            None,
            "O84.11",
            "Republic of Tatarstan",
            "Naberezhnye Chelny",
            date(2011, 9, 1),
            None,
        ),
    ],
}
FIRM_REPRESENTATIVE = ("firm@example.com", "fpx", "556677-1234")

# cluster, first, last, email, (registry id, title, share %, from)
PEOPLE = [
    ("fpx", "Maria", "Lindqvist", "manager@example.com", None),
    ("fpx", "Frida", "Sandberg", "firm@example.com", ("556677-1234", "CEO", 100, date(2015, 3, 1))),
    (
        "fpx",
        "Anders",
        "Holm",
        "anders.holm@hig.example",
        ("202100-3096", "Professor of GIS", 80, date(2010, 1, 1)),
    ),
    (
        "fpx",
        "Karin",
        "Ek",
        "karin.ek@gavle.example",
        ("212000-2262", "Business developer", 100, date(2012, 1, 1)),
    ),
    ("kaluga-pharma", "Irina", "Volkova", "manager.kaluga@example.com", None),
    (
        "kaluga-pharma",
        "Dmitry",
        "Orlov",
        "d.orlov@novonordisk.example",
        ("4025419090", "Plant director", 100, date(2015, 1, 1)),
    ),
    (
        "kaluga-pharma",
        "Elena",
        "Sokolova",
        "e.sokolova@iate.example",
        ("4025002134", "Lecturer in pharmaceutical chemistry", 50, date(2014, 9, 1)),
    ),
    (
        "kaluga-pharma",
        "Anatoly",
        "Artamonov",
        "governor@kaluga.example",
        ("4027077102", "Governor's representative", 20, date(2012, 1, 1)),
    ),
    (
        "kaluga-pharma",
        "Olga",
        "Petrova",
        "o.petrova@airko.example",
        ("4027077102", "Head of the cluster development centre", 100, date(2012, 6, 1)),
    ),
    (
        "innokam",
        "Rustam",
        "Galiev",
        "r.galiev@kamaz.example",
        ("1650032058", "HR director", 100, date(2010, 1, 1)),
    ),
    (
        "innokam",
        "Alsu",
        "Khairullina",
        "a.khairullina@kfu.example",
        ("1650004410", "Vice-rector for industry cooperation", 100, date(2013, 1, 1)),
    ),
    (
        "innokam",
        "Ilnur",
        "Sabirov",
        "i.sabirov@nchpc.example",
        ("1650002201", "Director", 100, date(2015, 1, 1)),
    ),
]
# Elena Sokolova also works part-time for a pharma member (domain.md §1).
EXTRA_AFFILIATIONS = [
    ("e.sokolova@iate.example", "4025442112", "Quality consultant", 50, date(2019, 1, 1))
]

# cluster, body name, kind, seats: (email, role, registry id represented, term start)
BODIES = [
    (
        "fpx",
        "Board of Future Position X",
        BodyKind.BOARD,
        [
            ("anders.holm@hig.example", SeatRole.CHAIR, "202100-3096", date(2022, 5, 1)),
            ("karin.ek@gavle.example", SeatRole.MEMBER, "212000-2262", date(2022, 5, 1)),
            ("firm@example.com", SeatRole.MEMBER, "556677-1234", date(2024, 5, 1)),
        ],
    ),
    (
        "kaluga-pharma",
        "Coordination Council under the Governor of the Kaluga Region",
        BodyKind.COORDINATION_COUNCIL,
        [
            ("governor@kaluga.example", SeatRole.CHAIR, "4027077102", date(2012, 1, 1)),
            ("d.orlov@novonordisk.example", SeatRole.MEMBER, "4025419090", date(2015, 1, 1)),
            ("o.petrova@airko.example", SeatRole.MEMBER, "4027077102", date(2012, 6, 1)),
        ],
    ),
    (
        "kaluga-pharma",
        "Regional Cluster Development Centre",
        BodyKind.WORKING_GROUP,
        [
            ("o.petrova@airko.example", SeatRole.CHAIR, "4027077102", date(2012, 6, 1)),
            ("e.sokolova@iate.example", SeatRole.MEMBER, "4025002134", date(2016, 1, 1)),
        ],
    ),
    (
        "kaluga-pharma",
        "General Assembly of the Kaluga Pharmaceutical Cluster Association",
        BodyKind.GENERAL_ASSEMBLY,
        [
            ("d.orlov@novonordisk.example", SeatRole.MEMBER, "4025419090", date(2012, 6, 1)),
            ("e.sokolova@iate.example", SeatRole.MEMBER, "4025002134", date(2012, 6, 1)),
            ("o.petrova@airko.example", SeatRole.OBSERVER, "4027077102", date(2012, 6, 1)),
        ],
    ),
    (
        "kaluga-pharma",
        "Board of the Kaluga Pharmaceutical Cluster Association",
        BodyKind.BOARD,
        [
            ("d.orlov@novonordisk.example", SeatRole.CHAIR, "4025419090", date(2016, 1, 1)),
            ("e.sokolova@iate.example", SeatRole.MEMBER, "4025002134", date(2016, 1, 1)),
            ("o.petrova@airko.example", SeatRole.VICE_CHAIR, "4027077102", date(2016, 1, 1)),
        ],
    ),
    (
        "innokam",
        "HR Committee",
        BodyKind.COMMITTEE,
        [
            ("r.galiev@kamaz.example", SeatRole.CHAIR, "1650032058", date(2014, 1, 1)),
            ("a.khairullina@kfu.example", SeatRole.MEMBER, "1650004410", date(2014, 1, 1)),
            ("i.sabirov@nchpc.example", SeatRole.MEMBER, "1650002201", date(2015, 1, 1)),
        ],
    ),
]

# body, date, title, agenda, minutes, present, decision (text, for, against, abstain, outcome,
# action (text, owner, due))
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

ALLIANCES = [
    (
        "fpx",
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
        "fpx",
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
        "fpx",
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

FEES = {
    "fpx": [
        (2025, "", D("5000.00"), "SEK", date(2025, 3, 31)),
        (2025, "micro", D("2000.00"), "SEK", date(2025, 3, 31)),
        (2026, "", D("5500.00"), "SEK", date(2026, 3, 31)),
        (2026, "micro", D("2200.00"), "SEK", date(2026, 3, 31)),
    ]
}


def seed_organizations(tally: SeedTally, clusters: dict[str, Cluster], users: dict[str, User]):
    for slug, rows in ORGANIZATIONS.items():
        for (
            registry_id,
            legal,
            short,
            helix,
            org_type,
            employees,
            turnover,
            currency,
            year,
            sectors,
            region,
            city,
            since,
            later,
        ) in rows:
            organization = upsert(
                tally,
                Organization,
                {"cluster": clusters[slug], "registry_id": registry_id},
                {
                    "legal_name": legal,
                    "short_name": short,
                    "helix": helix,
                    "org_type": org_type,
                    "employees": employees,
                    "turnover": turnover,
                    "currency": currency,
                    "figures_year": year,
                    "sectors": sectors,
                    "country": clusters[slug].country.code,
                    "region": region,
                    "city": city,
                },
            )
            _seed_membership(tally, organization, since, later)
    email, slug, registry_id = FIRM_REPRESENTATIVE
    organization = Organization.objects.get(cluster=clusters[slug], registry_id=registry_id)
    upsert(tally, Representative, {"organization": organization, "user": users[email]}, {})


def _seed_membership(tally: SeedTally, organization: Organization, since, later) -> None:
    steps = [("", MembershipStatus.APPLIED, since or date(2026, 11, 2), "")]
    if since:
        steps.append((MembershipStatus.APPLIED, MembershipStatus.ACTIVE, since, ""))
    if later:
        status, day, reason = later
        steps.append((MembershipStatus.ACTIVE, status, day, reason))
    last_from, last_status, last_day, _reason = steps[-1]
    membership = upsert(
        tally,
        Membership,
        {"organization": organization},
        {"status": last_status, "status_since": last_day, "member_since": since},
    )
    for from_status, to_status, day, reason in steps:
        upsert(
            tally,
            MembershipTransition,
            {"membership": membership, "to_status": to_status, "on": day},
            {"from_status": from_status, "reason": reason},
        )


def seed_people_and_governance(tally: SeedTally, clusters: dict[str, Cluster]) -> None:
    people = {}
    orgs = {(o.cluster_id, o.registry_id): o for o in Organization.objects.all()}
    users = {u.email: u for u in User.objects.all()}
    for slug, first, last, email, affiliation in PEOPLE:
        cluster = clusters[slug]
        person = upsert(
            tally,
            Person,
            {"cluster": cluster, "email": email},
            {
                "first_name": first,
                "last_name": last,
                "consent": True,
                "consent_on": date(2024, 1, 15),
                "user": users.get(email),
            },
        )
        people[email] = person
        if affiliation:
            registry_id, title, share, start = affiliation
            upsert(
                tally,
                Affiliation,
                {"person": person, "organization": orgs[(cluster.pk, registry_id)]},
                {"title": title, "share_of_time": D(share), "start": start},
            )
    for email, registry_id, title, share, start in EXTRA_AFFILIATIONS:
        person = people[email]
        upsert(
            tally,
            Affiliation,
            {"person": person, "organization": orgs[(person.cluster_id, registry_id)]},
            {"title": title, "share_of_time": D(share), "start": start},
        )
    bodies = {}
    for slug, name, kind, seats in BODIES:
        body = upsert(tally, Body, {"cluster": clusters[slug], "name": name}, {"kind": kind})
        bodies[name] = body
        for email, role, registry_id, start in seats:
            upsert(
                tally,
                Seat,
                {"body": body, "person": people[email], "term_start": start},
                {
                    "role": role,
                    "organization": orgs[(body.cluster_id, registry_id)],
                    "voting_right": role != SeatRole.OBSERVER,
                },
            )
    for body_name, day, title, agenda, minutes, present, decision in MEETINGS:
        meeting = upsert(
            tally,
            Meeting,
            {"body": bodies[body_name], "date": day},
            {"title": title, "agenda": agenda, "minutes": minutes},
        )
        for email in present:
            upsert(
                tally, Attendance, {"meeting": meeting, "person": people[email]}, {"present": True}
            )
        if decision:
            text, votes_for, against, abstain, outcome, action = decision
            saved = upsert(
                tally,
                Decision,
                {"meeting": meeting, "text": text},
                {
                    "votes_for": votes_for,
                    "votes_against": against,
                    "abstentions": abstain,
                    "outcome": outcome,
                },
            )
            action_text, owner, due = action
            upsert(
                tally,
                ActionItem,
                {"decision": saved, "text": action_text},
                {"owner": people[owner], "due_on": due},
            )


def seed_alliances_and_fees(tally: SeedTally, clusters: dict[str, Cluster]) -> None:
    orgs = {(o.cluster_id, o.registry_id): o for o in Organization.objects.all()}
    for slug, name, country, city, sector, kind, goal, tie, start, participants in ALLIANCES:
        cluster = clusters[slug]
        alliance = upsert(
            tally,
            Alliance,
            {"cluster": cluster, "partner_name": name},
            {
                "partner_country": country,
                "partner_city": city,
                "partner_sector": sector,
                "kind": kind,
                "goal": goal,
                "tie_strength": tie,
                "start": start,
            },
        )
        for registry_id in participants:
            upsert(
                tally,
                AllianceParticipation,
                {"alliance": alliance, "organization": orgs[(cluster.pk, registry_id)]},
                {},
            )
    for slug, schedules in FEES.items():
        cluster = clusters[slug]
        for year, size_class, amount, currency, due_on in schedules:
            upsert(
                tally,
                FeeSchedule,
                {"cluster": cluster, "year": year, "size_class": size_class},
                {"amount": amount, "currency": currency, "due_on": due_on},
            )
        active = Organization.objects.filter(
            cluster=cluster, membership__status=MembershipStatus.ACTIVE
        )
        for organization in active:
            for year, size_class, amount, currency, due_on in schedules:
                if size_class not in ("", organization.size_class):
                    continue
                if size_class == "" and any(
                    s[0] == year and s[1] == organization.size_class for s in schedules
                ):
                    continue
                paid_on = date(year, 3, 15) if year == 2025 else None
                upsert(
                    tally,
                    FeePayment,
                    {"organization": organization, "year": year},
                    {"amount": amount, "currency": currency, "due_on": due_on, "paid_on": paid_on},
                )
