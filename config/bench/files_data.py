"""The data of the files section: the export clusters (kept) and the import workbook (built
in memory, deterministic).

The export is measured on clusters of its own, ``bench-export-10k`` and
``bench-export-100k``, so the bench world's figures never depend on them: created once with
bulk inserts (no history rows: nothing here reads them) and kept for the next run.

The import workbook is a fresh project of the bench cluster, ``bench-import``: its
participants are the cluster's first firms by registry id and its coaching sheet holds the
rest of the rows. Each run is a dry run, the very code the upload page runs for its preview
and then for the import, rolled back at the end, so the database stays as generated.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.db import transaction
from openpyxl import Workbook

from accounts.models import User
from clusters.models import Cluster, ClusterRole, StaffRole
from config.bench import world
from internationalization.imports.orchestrator import SHEETS
from members.choices import Helix, MembershipStatus, OrganizationType, SizeClass
from members.models import Membership, Organization

EXPORT_SIZES = {"10k": 10_000, "100k": 100_000}
EXPORT_MANAGER_EMAIL = "export-manager@bench.example"
INSERT_BATCH = 5_000

IMPORT_ROWS = 100_000
IMPORT_FIRMS = 1_000
IMPORT_PROJECT_SLUG = "bench-import"
IMPORT_START = date(2025, 1, 15)


def export_slug(size: str) -> str:
    return f"bench-export-{size}"


def ensure_export_clusters(say) -> User:
    """The export clusters with their firms, and their manager; created once."""
    manager, _ = User.objects.get_or_create(
        email=EXPORT_MANAGER_EMAIL, defaults={"full_name": "Export Manager"}
    )
    for size, count in EXPORT_SIZES.items():
        cluster, created = Cluster.objects.get_or_create(
            slug=export_slug(size), defaults={"name": f"Bench export {size}"}
        )
        ClusterRole.objects.get_or_create(
            cluster=cluster, user=manager, defaults={"role": StaffRole.MANAGER}
        )
        have = Organization.objects.filter(cluster=cluster).count()
        if have < count:
            say(f"files: creating {count - have:,} firms in {cluster.slug}")
            _create_firms(cluster, have, count)
    return manager


HELIXES = list(Helix.values)
TYPES = list(OrganizationType.values)
SIZES = [value for value in SizeClass.values if value != SizeClass.UNKNOWN]
STATUSES = list(MembershipStatus.values)


@transaction.atomic
def _create_firms(cluster: Cluster, start: int, end: int) -> None:
    for first in range(start, end, INSERT_BATCH):
        numbers = range(first, min(first + INSERT_BATCH, end))
        firms = Organization.objects.bulk_create(
            [
                Organization(
                    cluster=cluster,
                    legal_name=f"Export Firm {n:06d} AB",
                    short_name=f"EF{n:06d}",
                    registry_id=f"{cluster.pk:03d}{n:07d}",
                    helix=HELIXES[n % len(HELIXES)],
                    org_type=TYPES[n % len(TYPES)],
                    size_class=SIZES[n % len(SIZES)],
                    employees=n % 250,
                    region=("Dalarna", "Gävleborg", "Värmland")[n % 3],
                    city=("Falun", "Gävle", "Karlstad")[n % 3],
                    sectors="C25.1, J62.01" if n % 2 else "M70.22",
                )
                for n in numbers
            ],
            batch_size=INSERT_BATCH,
        )
        Membership.objects.bulk_create(
            [
                Membership(
                    organization=firm,
                    status=STATUSES[n % len(STATUSES)],
                    status_since=date(2020, 1, 1) + timedelta(days=n % 1500),
                    member_since=date(2019, 1, 1) + timedelta(days=n % 1500),
                )
                for n, firm in zip(numbers, firms, strict=True)
                if n % 10  # one firm in ten has no membership (a participant, say)
            ],
            batch_size=INSERT_BATCH,
        )


# The import workbook -------------------------------------------------------------------------


def import_subjects() -> tuple[Cluster, User, list[str], str]:
    """The bench cluster, its manager, the registry ids of the import's participants and the
    coach's e-mail (empty when the bench has no coach in the cluster)."""
    cluster = Cluster.objects.get(slug=world.CLUSTER_SLUG)
    manager = User.objects.get(email=world.MANAGER_EMAIL)
    registry_ids = list(
        Organization.objects.filter(cluster=cluster)
        .exclude(registry_id="")
        .order_by("registry_id")
        .values_list("registry_id", flat=True)[:IMPORT_FIRMS]
    )
    coach = ClusterRole.objects.filter(
        cluster=cluster, user__email=world.COACH_EMAIL, role=StaffRole.COACH
    ).exists()
    return cluster, manager, registry_ids, world.COACH_EMAIL if coach else ""


def import_sheets(cluster: Cluster, registry_ids: list[str], coach_email: str) -> dict:
    """The workbook's sheets as rows of cells by column; IMPORT_ROWS rows in all."""
    sessions = IMPORT_ROWS - 1 - len(registry_ids)
    per_firm = -(-sessions // len(registry_ids))
    project = {
        "cluster": cluster.slug,
        "slug": IMPORT_PROJECT_SLUG,
        "name": "Bench import",
        "start": IMPORT_START.isoformat(),
        "end": (IMPORT_START + timedelta(days=700)).isoformat(),
        "enrolment_start": IMPORT_START.isoformat(),
        "enrolment_end": (IMPORT_START + timedelta(days=60)).isoformat(),
        "coaching_hours_per_firm": str(per_firm),
        "timbank_pool_hours": "0",
    }
    participants = [
        {
            "registry_id": registry_id,
            "organization_name": f"Firm {registry_id}",
            "applied_on": (IMPORT_START + timedelta(days=n % 30)).isoformat(),
            "status": "active",
            "interviewed_on": (IMPORT_START + timedelta(days=n % 30 + 1)).isoformat(),
            "decided_on": (IMPORT_START + timedelta(days=n % 30 + 2)).isoformat(),
            "activated_on": (IMPORT_START + timedelta(days=n % 30 + 3)).isoformat(),
            "coach_email": coach_email,
        }
        for n, registry_id in enumerate(registry_ids)
    ]
    coaching = [
        {
            "registry_id": registry_ids[n % len(registry_ids)],
            "date": (
                IMPORT_START + timedelta(days=40 + (n // len(registry_ids)) % 600)
            ).isoformat(),
            "hours": ("0.25", "0.5", "0.75", "1")[n % 4],
            "topic": f"Session {n // len(registry_ids) + 1}",
        }
        for n in range(sessions)
    ]
    return {"project": [project], "participants": participants, "coaching": coaching}


def workbook_bytes(sheets: dict) -> bytes:
    """The sheets as an .xlsx workbook with every sheet's columns (as the template has)."""
    book = Workbook(write_only=True)
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(title=name)
        sheet.append(list(columns))
        for row in sheets.get(name, []):
            sheet.append([row.get(column, "") for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
