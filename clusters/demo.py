"""Demo data of domain.md §5: the three clusters, their staff and funders, and the demo users."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models

from accounts.models import User
from clusters.models import (
    Cluster,
    ClusterRole,
    Funder,
    FunderKind,
    FunderUser,
    LegalForm,
    Programme,
    ProgrammeParticipation,
)

DEMO_PASSWORD = "clusterdesk"


@dataclass
class SeedTally:
    """How many rows a seed created, updated or found already right."""

    counts: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        return ", ".join(f"{self.counts[k]} {k}" for k in ("created", "updated", "unchanged"))


def upsert(tally: SeedTally, model: type[models.Model], lookup: dict, values: dict):
    """Create the row, or bring it to ``values``; save only when something differs.

    Saving unchanged rows would add audit-history records on every run and break idempotency.
    """
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        tally.counts["created"] += 1
        return model.objects.create(**lookup, **values)
    differing = {name: value for name, value in values.items() if getattr(instance, name) != value}
    if not differing:
        tally.counts["unchanged"] += 1
        return instance
    for name, value in differing.items():
        setattr(instance, name, value)
    instance.save(update_fields=list(differing))
    tally.counts["updated"] += 1
    return instance


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    what: str


DEMO_LOGINS = [
    DemoLogin("admin@example.com", "Ada Admin", "superuser: everything, and the admin site"),
    DemoLogin("manager@example.com", "Maria Lindqvist", "manager of Future Position X (fpx)"),
    DemoLogin("coach@example.com", "Carl Berg", "business coach in Future Position X"),
    DemoLogin("firm@example.com", "Frida Sandberg", "represents Gävle Sealing Technology (fpx)"),
    DemoLogin("funder@example.com", "Felix Strand", "funder user of the Swedish ERDF authority"),
    DemoLogin(
        "manager.kaluga@example.com",
        "Irina Volkova",
        "manager of the Kaluga Pharmaceutical Cluster",
    ),
]

CLUSTERS = [
    {
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
    },
    {
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
    },
    {
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
    },
]

STAFF_ROLES = [
    ("manager@example.com", "fpx", "manager"),
    ("coach@example.com", "fpx", "coach"),
    ("manager.kaluga@example.com", "kaluga-pharma", "manager"),
]

FUNDERS = [
    ("ERDF Managing Authority Sweden (Tillväxtverket)", FunderKind.EU_FUND, "SE"),
    ("Vinnova", FunderKind.NATIONAL_AGENCY, "SE"),
    ("Region Gävleborg", FunderKind.REGION, "SE"),
    ("Government of the Kaluga Region", FunderKind.REGION, "RU"),
    ("Ministry of Economic Development of the Russian Federation", FunderKind.MINISTRY, "RU"),
    ("Government of the Republic of Tatarstan", FunderKind.REGION, "RU"),
]
DEMO_FUNDER_USER = ("funder@example.com", "ERDF Managing Authority Sweden (Tillväxtverket)")


def seed_users(tally: SeedTally) -> dict[str, User]:
    users = {}
    for login in DEMO_LOGINS:
        is_admin = login.email == "admin@example.com"
        user = User.objects.filter(email=login.email).first()
        if user is None:
            user = User.objects.create_user(
                login.email,
                DEMO_PASSWORD,
                full_name=login.full_name,
                is_staff=is_admin,
                is_superuser=is_admin,
            )
            tally.counts["created"] += 1
        else:
            user = upsert(
                tally,
                User,
                {"email": login.email},
                {"full_name": login.full_name, "is_staff": is_admin, "is_superuser": is_admin},
            )
        users[login.email] = user
    return users


def seed_clusters(tally: SeedTally, users: dict[str, User]) -> dict[str, Cluster]:
    clusters = {}
    for data in CLUSTERS:
        values = {key: value for key, value in data.items() if key != "slug"}
        clusters[data["slug"]] = upsert(tally, Cluster, {"slug": data["slug"]}, values)
    for email, slug, role in STAFF_ROLES:
        upsert(
            tally, ClusterRole, {"cluster": clusters[slug], "user": users[email]}, {"role": role}
        )
    for name, kind, country in FUNDERS:
        upsert(tally, Funder, {"name": name}, {"kind": kind, "country": country})
    email, funder_name = DEMO_FUNDER_USER
    upsert(
        tally, FunderUser, {"user": users[email]}, {"funder": Funder.objects.get(name=funder_name)}
    )
    return clusters


PROGRAMMES = [
    {
        "code": "ERDF-SE-NM-2014-20",
        "name": "ERDF Regional Development Fund, North Middle Sweden 2014–2020",
        "funder": "ERDF Managing Authority Sweden (Tillväxtverket)",
        "budget": Decimal("18500000.00"),
        "currency": "EUR",
        "start": date(2014, 1, 1),
        "end": date(2022, 12, 31),
        "cofinancing_rate": Decimal("50.00"),
        "hourly_value": Decimal("95.00"),
        "min_support_hours": Decimal("5.00"),
        "clusters": ["fpx"],
    },
    {
        "code": "VINNOVA-VINNVAXT",
        "name": "VINNVÄXT – regional growth through dynamic innovation systems",
        "funder": "Vinnova",
        "budget": Decimal("10000000.00"),
        "currency": "SEK",
        "start": date(2016, 1, 1),
        "end": date(2026, 12, 31),
        "cofinancing_rate": Decimal("50.00"),
        "hourly_value": Decimal("900.00"),
        "min_support_hours": Decimal("0.00"),
        "clusters": ["fpx"],
    },
    {
        "code": "MINEC-RU-PITC-2013",
        "name": "Support programme for pilot innovative territorial clusters",
        "funder": "Ministry of Economic Development of the Russian Federation",
        "budget": Decimal("5000000000.00"),
        "currency": "RUB",
        "start": date(2013, 1, 1),
        "end": date(2017, 12, 31),
        "cofinancing_rate": Decimal("50.00"),
        "hourly_value": Decimal("2500.00"),
        "min_support_hours": Decimal("0.00"),
        "clusters": ["kaluga-pharma", "innokam"],
    },
]


def seed_programmes(tally: SeedTally, clusters: dict[str, Cluster]) -> None:
    for data in PROGRAMMES:
        values = {k: v for k, v in data.items() if k not in ("code", "funder", "clusters")}
        values["funder"] = Funder.objects.get(name=data["funder"])
        programme = upsert(tally, Programme, {"code": data["code"]}, values)
        for slug in data["clusters"]:
            upsert(
                tally,
                ProgrammeParticipation,
                {"cluster": clusters[slug], "programme": programme},
                {"joined_on": data["start"]},
            )


def reset_demo_passwords() -> None:
    for login in DEMO_LOGINS:
        user = User.objects.get(email=login.email)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
