"""Demo activity in every module for the fpx projects: coaching, workshops, the timbank,
trips with claims and reports, the export lab and outcomes (domain.md §2)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal as D

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import User
from clusters.demo import SeedTally, upsert
from internationalization.models import (
    CoachingSession,
    Consultant,
    ExpenseClaim,
    ExportLabStep,
    ExportLabTrack,
    Outcome,
    TimbankPool,
    TimbankRequest,
    TimesheetEntry,
    Trip,
    TripCountryCap,
    TripReport,
    Workshop,
    WorkshopParticipation,
)
from projects.models import Cohort, Enrolment, Project

# A 1×1 PNG: the demo receipts are placeholders, the app serves them like real ones.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
STAGES = [
    "market_choice",
    "market_analysis",
    "incubation",
    "pilot_launch",
    "evaluation",
    "acceleration",
]


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _enrolment(slug: str, registry_id: str) -> Enrolment:
    return Enrolment.objects.select_related("project", "coach").get(
        project__slug=slug, organization__registry_id=registry_id
    )


# (project, registry id, [(date, hours, topic, confirmed)])
SESSIONS = [
    (
        "triip",
        "556677-1234",
        [
            (date(2016, 10, 4), "3", "Market analysis: USA", True),
            (date(2016, 11, 8), "4", "Distribution channels", True),
            (date(2017, 1, 17), "4", "Pitch for the North Carolina fair", True),
            (date(2017, 3, 21), "3.5", "Follow-up of the fair", True),
        ],
    ),
    (
        "triip",
        "556712-4410",
        [
            (date(2016, 10, 11), "4", "Export vision: China", True),
            (date(2017, 2, 7), "6", "China plan", True),
        ],
    ),
    ("triip", "556901-2277", [(date(2016, 11, 2), "5", "Market choice", True)]),
    ("triip", "559101-1001", [(date(2016, 12, 6), "5", "Product strategy", True)]),
    ("triip", "559011-8830", [(date(2017, 6, 1), "2", "Readiness", True)]),
    (
        "triip-2026",
        "556677-1234",
        [
            (date(2026, 3, 3), "3", "Next market: Germany", True),
            (date(2026, 9, 15), "2.5", "Distributor search", True),
            (date(2026, 11, 10), "2", "Pilot launch plan", False),
        ],
    ),
    (
        "triip-2026",
        "559101-1002",
        [
            (date(2026, 4, 14), "4", "Market analysis: Norway", True),
            (date(2026, 10, 20), "3", "Pricing", False),
        ],
    ),
    ("triip-2026", "559230-1199", [(date(2026, 5, 5), "2", "Export vision", True)]),
]

WORKSHOPS = [
    (
        "triip",
        "Export vision, market choice and distribution channel",
        date(2016, 11, 24),
        "Gävle",
        "Eva Lund",
        "Enterprise Europe Network",
        "",
    ),
    (
        "triip",
        "Product strategy and distribution",
        date(2017, 2, 16),
        "Falun",
        "Jonas Ek",
        "Chamber of Commerce",
        "",
    ),
    (
        "triip",
        "Planning the pitch for the international market",
        date(2017, 4, 20),
        "Gävle",
        "Sara Holm",
        "Region Gävleborg",
        "",
    ),
    (
        "triip-2026",
        "Export vision, market choice and distribution channel",
        date(2026, 4, 23),
        "Gävle",
        "Eva Lund",
        "Enterprise Europe Network",
        "Industrial",
    ),
    (
        "triip-2026",
        "Product strategy and distribution",
        date(2027, 2, 11),
        "Falun",
        "Jonas Ek",
        "Chamber of Commerce",
        "",
    ),
]
# Who attended which workshop (by title prefix); everyone accepted in the project is invited.
ATTENDED = {
    "triip": {
        "556677-1234": 3,
        "556712-4410": 3,
        "556901-2277": 3,
        "559101-1001": 3,
        "559101-1003": 2,
        "559101-1004": 1,
        "559011-8830": 2,
    },
    "triip-2026": {"556677-1234": 1, "559230-1199": 1},
}

CONSULTANTS = [
    ("Advokatfirman Norrland", ["legal", "negotiation"]),
    ("Patentbyrån Gävle", ["patent"]),
    ("Lingua Translations", ["translation"]),
    ("Digital Reach", ["social_media", "marketing", "communication"]),
]
# project, registry id, service, requested, approved, used, requested on, decided on, status
TIMBANK = [
    (
        "triip",
        "556677-1234",
        "legal",
        "10",
        "10",
        "8",
        date(2016, 12, 1),
        date(2017, 2, 20),
        "closed",
    ),
    (
        "triip",
        "556712-4410",
        "translation",
        "12",
        "12",
        "12",
        date(2017, 1, 10),
        date(2017, 3, 28),
        "closed",
    ),
    (
        "triip",
        "559101-1001",
        "patent",
        "8",
        "6",
        "6",
        date(2017, 2, 1),
        date(2017, 4, 25),
        "closed",
    ),
    (
        "triip-2026",
        "556677-1234",
        "negotiation",
        "6",
        "6",
        "2",
        date(2026, 9, 1),
        date(2026, 9, 12),
        "approved",
    ),
    ("triip-2026", "559101-1002", "marketing", "10", "0", "0", date(2026, 10, 5), None, "pending"),
    (
        "triip-2026",
        "559230-1199",
        "legal",
        "4",
        "0",
        "0",
        date(2026, 11, 3),
        None,
        "info_requested",
    ),
]

# project, registry id, country, city, event, start, end, purpose, budget, status, claims
# [(what, amount, status, reimbursed on)], report (meetings, leads, contracts, units)
TRIPS = [
    (
        "triip",
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
        "triip",
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
        "triip",
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
    (
        "triip-2026",
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
        "triip-2026",
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
]
CAPS = [
    ("triip", "US", "3000"),
    ("triip", "CN", "3500"),
    ("triip-2026", "DE", "2000"),
    ("triip-2026", "NO", "1500"),
]

# project, registry id, market, [(stage, entered on)]
TRACKS = [
    (
        "triip",
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
        "triip",
        "556712-4410",
        "CN",
        [
            ("market_choice", date(2016, 10, 11)),
            ("market_analysis", date(2017, 2, 7)),
            ("incubation", date(2017, 5, 16)),
        ],
    ),
    (
        "triip-2026",
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
        "triip-2026",
        "559101-1002",
        "NO",
        [("market_choice", date(2026, 4, 14)), ("market_analysis", date(2026, 10, 20))],
    ),
    ("triip-2026", "559230-1199", "DK", [("market_choice", date(2026, 5, 5))]),
]

# project, registry id, kind, date, country, quantity, note, source
OUTCOMES = [
    ("triip", "556677-1234", "international_contact", date(2017, 3, 9), "US", 6, "", "firm"),
    (
        "triip",
        "556677-1234",
        "new_customer",
        date(2017, 5, 2),
        "US",
        1,
        "Sealing systems for a North Carolina machine builder.",
        "firm",
    ),
    ("triip", "556677-1234", "new_retailer", date(2017, 6, 12), "US", 1, "", "coach"),
    ("triip", "556677-1234", "units_sold", date(2017, 3, 10), "US", 3, "Sold at the fair.", "firm"),
    (
        "triip",
        "556677-1234",
        "units_sold",
        date(2017, 12, 1),
        "US",
        15,
        "Sold by the new retailer after the fair.",
        "coach",
    ),
    ("triip", "556677-1234", "market_entered", date(2018, 3, 1), "US", 1, "", "manager"),
    ("triip", "556712-4410", "international_contact", date(2017, 5, 19), "CN", 8, "", "firm"),
    (
        "triip",
        "556712-4410",
        "prototype",
        date(2017, 4, 2),
        "",
        1,
        "A gift box for the Chinese market.",
        "coach",
    ),
    ("triip", "556901-2277", "international_partner", date(2017, 9, 14), "DE", 1, "", "coach"),
    ("triip", "556901-2277", "prototype", date(2017, 11, 1), "", 1, "", "coach"),
    ("triip", "559101-1001", "international_contact", date(2017, 8, 22), "JP", 2, "", "firm"),
    (
        "triip",
        "559101-1001",
        "follow_up_programme",
        date(2019, 2, 1),
        "",
        1,
        "Joined the incubator's scale-up programme.",
        "manager",
    ),
    ("triip-2026", "556677-1234", "international_contact", date(2026, 4, 23), "DE", 5, "", "firm"),
    (
        "triip-2026",
        "556677-1234",
        "international_partner",
        date(2026, 9, 30),
        "DE",
        1,
        "A distributor in Bavaria.",
        "coach",
    ),
    ("triip-2026", "559101-1002", "prototype", date(2026, 10, 28), "", 1, "", "coach"),
]


def seed_activity(tally: SeedTally) -> None:
    manager = User.objects.get(email="manager@example.com")
    projects = {p.slug: p for p in Project.objects.filter(slug__in=["triip", "triip-2026"])}
    for slug, registry_id, sessions in SESSIONS:
        enrolment = _enrolment(slug, registry_id)
        for day, hours, topic, confirmed in sessions:
            upsert(
                tally,
                CoachingSession,
                {"enrolment": enrolment, "date": day, "topic": topic},
                {
                    "hours": D(hours),
                    "coach": enrolment.coach,
                    "confirmed_at": _aware(day, 17) if confirmed else None,
                    "confirmed_by": None,
                },
            )
    for slug, title, day, place, expert, expert_org, cohort in WORKSHOPS:
        project = projects[slug]
        workshop = upsert(
            tally,
            Workshop,
            {"project": project, "title": title},
            {
                "date": day,
                "place": place,
                "expert_name": expert,
                "expert_organization": expert_org,
                "cohort": Cohort.objects.get(project=project, name=cohort) if cohort else None,
            },
        )
        number = [w[1] for w in WORKSHOPS if w[0] == slug].index(title) + 1
        for enrolment in project.enrolments.exclude(coach=None).select_related("organization"):
            attended_up_to = ATTENDED[slug].get(enrolment.organization.registry_id, 0)
            attended = None if day > date(2026, 11, 26) else number <= attended_up_to
            upsert(
                tally,
                WorkshopParticipation,
                {"workshop": workshop, "enrolment": enrolment},
                {"attended": attended},
            )
    fpx = projects["triip"].cluster
    consultants = {}
    for name, services in CONSULTANTS:
        consultants[name] = upsert(
            tally, Consultant, {"cluster": fpx, "name": name}, {"services": services}
        )
    service_consultant = {s: c for c in consultants.values() for s in c.services}
    reserved = {slug: D(0) for slug in projects}
    for row in TIMBANK:
        slug, approved, status = row[0], row[4], row[8]
        if status == "approved":
            reserved[slug] += D(approved)
    for slug, total in (("triip", "400"), ("triip-2026", "200")):
        upsert(
            tally,
            TimbankPool,
            {"project": projects[slug]},
            {
                "hours_total": D(total),
                "hours_reserved": reserved[slug],
                "hourly_value": D("1100"),
                "currency": "SEK",
            },
        )
    for slug, registry_id, service, asked, approved, used, asked_on, decided_on, status in TIMBANK:
        enrolment = _enrolment(slug, registry_id)
        request = upsert(
            tally,
            TimbankRequest,
            {"enrolment": enrolment, "service": service},
            {
                "hours_requested": D(asked),
                "hours_approved": D(approved),
                "needed_by": asked_on.replace(day=28),
                "purpose": "Prepare the foreign market.",
                "status": status,
                "requested_at": _aware(asked_on),
                "decided_at": _aware(decided_on) if decided_on else None,
                "decided_by": manager if decided_on else None,
                "decision_note": "Please say which contract you need reviewed."
                if status == "info_requested"
                else "",
                "closed_at": _aware(decided_on.replace(year=decided_on.year + 1))
                if status == "closed"
                else None,
            },
        )
        if D(used):
            upsert(
                tally,
                TimesheetEntry,
                {"request": request, "consultant": service_consultant[service]},
                {"date": decided_on.replace(day=28), "hours": D(used)},
            )
    for slug, country, cap in CAPS:
        upsert(
            tally,
            TripCountryCap,
            {"project": projects[slug], "country": country},
            {"cap": D(cap), "currency": "EUR"},
        )
    for (
        slug,
        registry_id,
        country,
        city,
        event,
        start,
        end,
        purpose,
        budget,
        status,
        claims,
        report,
    ) in TRIPS:
        enrolment = _enrolment(slug, registry_id)
        approved = status in ("approved", "done")
        trip = upsert(
            tally,
            Trip,
            {"enrolment": enrolment, "city": city, "start": start},
            {
                "country": country,
                "event": event,
                "end": end,
                "purpose": purpose,
                "status": status,
                "budget_requested": D(budget),
                "budget_approved": D(budget) if approved else None,
                "currency": "EUR",
                "requested_at": _aware(start.replace(day=1)),
                "decided_at": _aware(start.replace(day=2)) if approved else None,
                "decided_by": manager if approved else None,
            },
        )
        for number, (what, amount, claim_status, reimbursed_on) in enumerate(claims, start=1):
            name = f"receipts/demo/{slug}-{registry_id}-{number}.png"
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(PNG))
            upsert(
                tally,
                ExpenseClaim,
                {"trip": trip, "description": what},
                {
                    "amount": D(amount),
                    "currency": "EUR",
                    "receipt": name,
                    "status": claim_status,
                    "submitted_at": _aware(end, 18),
                    "decided_at": _aware(reimbursed_on) if reimbursed_on else None,
                    "reimbursed_on": reimbursed_on,
                },
            )
        if report:
            meetings, leads, contracts, units = report
            upsert(
                tally,
                TripReport,
                {"trip": trip},
                {
                    "meetings_held": meetings,
                    "leads": leads,
                    "contracts_signed": contracts,
                    "units_sold": units,
                },
            )
    for slug, registry_id, market, steps in TRACKS:
        enrolment = _enrolment(slug, registry_id)
        iterations = sum(
            1
            for before, after in zip(steps, steps[1:], strict=False)
            if before[0] == "evaluation" and after[0] == "incubation"
        )
        stage, since = steps[-1]
        track = upsert(
            tally,
            ExportLabTrack,
            {"enrolment": enrolment},
            {
                "target_market": market,
                "stage": stage,
                "stage_entered_on": since,
                "iterations": iterations,
            },
        )
        for step_stage, entered_on in steps:
            upsert(
                tally,
                ExportLabStep,
                {"track": track, "stage": step_stage, "entered_on": entered_on},
                {},
            )
    for slug, registry_id, kind, day, country, quantity, note, source in OUTCOMES:
        enrolment = _enrolment(slug, registry_id)
        upsert(
            tally,
            Outcome,
            {"enrolment": enrolment, "kind": kind, "date": day},
            {"country": country, "quantity": quantity, "note": note, "source": source},
        )
