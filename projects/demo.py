"""Demo projects of fpx: TRIIP as domain.md §2 tells it (2016–2018, closed) and its 2026
successor, running, so that every page has live work to show."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal as D

from django.utils import timezone

from accounts.models import User
from clusters.demo import DEMO_PASSWORD, SeedTally, upsert
from clusters.models import Cluster, ClusterRole, Programme
from members.choices import Helix, MembershipStatus, OrganizationType
from members.models import Membership, MembershipTransition, Organization
from projects.choices import ProjectStatus, RequiredActivity
from projects.eligibility import eligibility_reasons
from projects.models import (
    Cohort,
    Enrolment,
    EnrolmentStatusChange,
    PartnerCoach,
    Project,
    ProjectFunding,
    ProjectPartner,
    ProjectTarget,
)

ALL_ACTIVITIES = [a.value for a in RequiredActivity]

PROJECTS = [
    {
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
        "required_activities": ALL_ACTIVITIES,
        "max_employees": 9,
        "max_turnover_eur": D("2000000"),
        "allowed_size_classes": ["micro"],
    },
    {
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
        "required_activities": ["coaching", "workshops", "export_lab"],
        "max_employees": 9,
        "max_turnover_eur": D("2000000"),
        "allowed_size_classes": ["micro"],
    },
]

FUNDING = {
    "triip": [("ERDF-SE-NM-2014-20", D("50")), ("VINNOVA-VINNVAXT", D("50"))],
    "triip-2026": [("VINNOVA-VINNVAXT", D("100"))],
}

COACHES = [
    ("coach@example.com", "Carl Berg", "556560-4472", ["Gävleborg"]),
    ("coach.dalarna@example.com", "Dalia Nord", "556781-3020", ["Dalarna", "Värmland"]),
]

# Extra member firms taking part (registry id, name, region, city, employees, turnover SEK,
# NACE, member since or None).
PARTICIPANT_FIRMS = [
    (
        "559101-1001",
        "Dala Hästen Design AB",
        "Dalarna",
        "Mora",
        4,
        D("3200000"),
        "C32.40",
        date(2016, 5, 1),
    ),
    ("559101-1002", "Falu Rödfärg Studio AB", "Dalarna", "Falun", 3, D("2100000"), "C20.30", None),
    (
        "559101-1003",
        "Mora Knivsmide AB",
        "Dalarna",
        "Mora",
        7,
        D("9200000"),
        "C25.71",
        date(2017, 1, 1),
    ),
    (
        "559101-1004",
        "Hudik Fiskodling AB",
        "Gävleborg",
        "Hudiksvall",
        5,
        D("6400000"),
        "A03.22",
        None,
    ),
    (
        "559101-1005",
        "Sandviken Robotics AB",
        "Gävleborg",
        "Sandviken",
        14,
        D("15800000"),
        "C28.99",
        date(2015, 1, 1),
    ),
    (
        "559101-1006",
        "Karlstad Aqua Tech AB",
        "Värmland",
        "Karlstad",
        6,
        D("7100000"),
        "C28.29",
        None,
    ),
    (
        "556781-3020",
        "Science Park Dalarna AB",
        "Dalarna",
        "Borlänge",
        12,
        D("11000000"),
        "M70.22",
        date(2012, 1, 1),
    ),
]

# project, registry id, final status, applied on, coach e-mail, commitment, dropout
# (phase, reason, note), cohort.
ENROLMENTS = [
    (
        "triip",
        "556677-1234",
        "completed",
        date(2016, 9, 5),
        "coach@example.com",
        "leader",
        None,
        "Industrial",
    ),
    (
        "triip",
        "556712-4410",
        "completed",
        date(2016, 9, 12),
        "coach@example.com",
        "leader",
        None,
        "Food and drink",
    ),
    (
        "triip",
        "556901-2277",
        "completed",
        date(2016, 10, 3),
        "coach@example.com",
        "follower",
        None,
        "Industrial",
    ),
    (
        "triip",
        "559101-1001",
        "completed",
        date(2016, 11, 14),
        "coach.dalarna@example.com",
        "follower",
        None,
        "Design and crafts",
    ),
    (
        "triip",
        "559101-1003",
        "dropped",
        date(2017, 2, 1),
        "coach.dalarna@example.com",
        "inactive",
        ("after_workshops", "lack_of_time", "Could not spare the days for the trip."),
        "Design and crafts",
    ),
    (
        "triip",
        "559101-1004",
        "dropped",
        date(2017, 3, 20),
        "coach@example.com",
        "inactive",
        ("trip", "bureaucracy", "Gave up waiting for the trip money to come back."),
        "Food and drink",
    ),
    ("triip", "559101-1005", "rejected", date(2017, 4, 2), "", "", None, ""),
    (
        "triip",
        "559011-8830",
        "dropped",
        date(2017, 5, 8),
        "coach.dalarna@example.com",
        "follower",
        ("after_workshops", "not_ready", "Not ready to go abroad yet."),
        "Industrial",
    ),
    (
        "triip-2026",
        "556677-1234",
        "active",
        date(2026, 1, 20),
        "coach@example.com",
        "leader",
        None,
        "Industrial",
    ),
    (
        "triip-2026",
        "559101-1002",
        "active",
        date(2026, 2, 3),
        "coach.dalarna@example.com",
        "follower",
        None,
        "Design and crafts",
    ),
    (
        "triip-2026",
        "559230-1199",
        "active",
        date(2026, 2, 17),
        "coach@example.com",
        "",
        None,
        "Industrial",
    ),
    ("triip-2026", "559101-1006", "interviewed", date(2026, 9, 1), "", "", None, ""),
    ("triip-2026", "556712-4410", "applied", date(2026, 11, 2), "", "", None, ""),
]

PATHS = {
    "applied": ["applied"],
    "interviewed": ["applied", "interviewed"],
    "rejected": ["applied", "interviewed", "rejected"],
    "active": ["applied", "interviewed", "accepted", "active"],
    "completed": ["applied", "interviewed", "accepted", "active", "completed"],
    "dropped": ["applied", "interviewed", "accepted", "active", "dropped"],
}


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed_projects(tally: SeedTally, clusters: dict[str, Cluster]) -> dict[str, Project]:
    fpx = clusters["fpx"]
    for registry_id, name, region, city, employees, turnover, nace, since in PARTICIPANT_FIRMS:
        is_park = registry_id == "556781-3020"
        organization = upsert(
            tally,
            Organization,
            {"cluster": fpx, "registry_id": registry_id},
            {
                "legal_name": name,
                "short_name": name.removesuffix(" AB"),
                "helix": Helix.CIVIL_SOCIETY if is_park else Helix.INDUSTRY,
                "org_type": OrganizationType.SCIENCE_PARK
                if is_park
                else OrganizationType.MICRO_FIRM,
                "employees": employees,
                "turnover": turnover,
                "currency": "SEK",
                "figures_year": 2024,
                "sectors": nace,
                "country": "SE",
                "region": region,
                "city": city,
            },
        )
        status = MembershipStatus.ACTIVE if since else MembershipStatus.APPLIED
        day = since or date(2026, 2, 1)
        membership = upsert(
            tally,
            Membership,
            {"organization": organization},
            {"status": status, "status_since": day, "member_since": since},
        )
        upsert(
            tally,
            MembershipTransition,
            {"membership": membership, "to_status": "applied", "on": day},
            {"from_status": ""},
        )
        if since:
            upsert(
                tally,
                MembershipTransition,
                {"membership": membership, "to_status": "active", "on": day},
                {"from_status": "applied"},
            )
    coaches = {}
    for email, full_name, _partner, _regions in COACHES:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
            tally.counts["created"] += 1
        coaches[email] = user
        upsert(tally, ClusterRole, {"cluster": fpx, "user": user}, {"role": "coach"})
    orgs = {o.registry_id: o for o in Organization.objects.filter(cluster=fpx)}
    projects = {}
    for data in PROJECTS:
        values = {k: v for k, v in data.items() if k != "slug"}
        project = upsert(tally, Project, {"slug": data["slug"]}, {"cluster": fpx, **values})
        projects[project.slug] = project
        for code, share in FUNDING[project.slug]:
            upsert(
                tally,
                ProjectFunding,
                {"project": project, "programme": Programme.objects.get(code=code)},
                {"share": share},
            )
        upsert(
            tally,
            ProjectPartner,
            {"project": project, "organization": orgs["556560-4472"]},
            {"role": "operational"},
        )
        upsert(
            tally,
            ProjectPartner,
            {"project": project, "organization": orgs["556781-3020"]},
            {"role": "operational"},
        )
        upsert(
            tally,
            ProjectPartner,
            {"project": project, "organization": orgs["212000-2262"]},
            {"role": "resource_provider"},
        )
        for email, _name, partner_registry_id, regions in COACHES:
            partner = ProjectPartner.objects.get(
                project=project, organization=orgs[partner_registry_id]
            )
            upsert(
                tally,
                PartnerCoach,
                {"partner": partner, "coach": coaches[email]},
                {"regions": regions},
            )
        upsert(
            tally, ProjectTarget, {"project": project, "name": "Replicable model"}, {"number": 1}
        )
        for cohort in ("Industrial", "Food and drink", "Design and crafts"):
            upsert(tally, Cohort, {"project": project, "name": cohort}, {})
    manager = User.objects.get(email="manager@example.com")
    for (
        slug,
        registry_id,
        status,
        applied_on,
        coach_email,
        commitment,
        dropout,
        cohort_name,
    ) in ENROLMENTS:
        project = projects[slug]
        organization = orgs[registry_id]
        accepted = status in ("active", "completed", "dropped")
        values = {
            "status": status,
            "applied_on": applied_on,
            "score_market": 2,
            "comment_market": "We know the Nordic market, not the one we aim for.",
            "score_customers": 3,
            "score_situation": 2,
            "interviewed_on": None if status == "applied" else applied_on.replace(day=28),
            "decided_on": None
            if status in ("applied", "interviewed")
            else applied_on.replace(day=28),
            "decision_reason": "More employees than the project allows."
            if status == "rejected"
            else "",
            "fee_due": project.participation_fee if accepted else None,
            "fee_paid_on": applied_on.replace(day=28) if accepted else None,
            "coach": coaches.get(coach_email) if accepted else None,
            "cohort": Cohort.objects.get(project=project, name=cohort_name)
            if cohort_name and accepted
            else None,
            "commitment": commitment,
            "coaching_hours_allotted": project.coaching_hours_default,
            "completed_on": date(2018, 11, 30) if status == "completed" else None,
        }
        if dropout:
            phase, reason, note = dropout
            values.update(
                dropped_on=date(2018, 3, 1),
                dropout_phase=phase,
                dropout_reason=reason,
                dropout_note=note,
            )
        reasons = eligibility_reasons(project, organization)
        values.update(eligible=not reasons, eligibility_reasons=reasons)
        enrolment = upsert(
            tally, Enrolment, {"project": project, "organization": organization}, values
        )
        previous = ""
        for step, to_status in enumerate(PATHS[status]):
            upsert(
                tally,
                EnrolmentStatusChange,
                {"enrolment": enrolment, "to_status": to_status},
                {"from_status": previous, "at": _aware(applied_on, 9 + step), "actor": manager},
            )
            previous = to_status
    return projects
