"""Demo member organizations and the demo firm representative."""

from __future__ import annotations

from accounts.models import User
from clusters.demo import SeedTally, upsert
from clusters.models import Cluster
from members.models import Organization, Representative

ORGANIZATIONS = {
    "fpx": [
        ("556677-1234", "Gävle Sealing Technology AB", "Gävle Sealing"),
        ("556712-4410", "Norrlands Destilleri AB", "Norrlands Destilleri"),
        ("202100-3096", "Högskolan i Gävle", "University of Gävle"),
        ("212000-2262", "Gävle kommun", "City of Gävle"),
        ("202100-4888", "Lantmäteriet", "Lantmäteriet"),
    ],
    "kaluga-pharma": [
        ("4025419090", "Novo Nordisk LLC", "Novo Nordisk"),
        ("7704034240", "AstraZeneca Industries LLC", "AstraZeneca"),
        ("4027094020", "Berlin-Chemie Menarini Kaluga LLC", "Berlin-Chemie"),
        ("4025413060", "Hemofarm LLC", "Hemofarm"),
    ],
    "innokam": [
        ("1650032058", "KAMAZ PJSC", "KAMAZ"),
        ("1644003838", "Tatneft PJSC", "Tatneft"),
    ],
}
FIRM_REPRESENTATIVE = ("firm@example.com", "fpx", "556677-1234")


def seed_organizations(tally: SeedTally, clusters: dict[str, Cluster], users: dict[str, User]):
    for slug, rows in ORGANIZATIONS.items():
        for registry_id, legal_name, short_name in rows:
            upsert(
                tally,
                Organization,
                {"cluster": clusters[slug], "registry_id": registry_id},
                {"legal_name": legal_name, "short_name": short_name},
            )
    email, slug, registry_id = FIRM_REPRESENTATIVE
    organization = Organization.objects.get(cluster=clusters[slug], registry_id=registry_id)
    upsert(tally, Representative, {"organization": organization, "user": users[email]}, {})
