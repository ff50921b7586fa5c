"""Step 8a, the alliances: fpx's ties to Zhuhai, the Changfeng Alliance and the Hubei
Association for Science and Technology (docs/domain.md §5), with the member organizations taking
part in each. Written through ``alliance_save`` and ``alliance_set_participants``."""

from __future__ import annotations

from functools import partial

from clusters.models import Cluster
from demo.data import CLUSTERS
from demo.seeding import SeedTally, replace_set, saved_by, upsert
from members.models import Alliance, Organization
from members.services import alliance_save, alliance_set_participants


def seed_alliances(tally: SeedTally, clusters: dict[str, Cluster]) -> None:
    for story in CLUSTERS:
        cluster = clusters[story.CLUSTER["slug"]]
        orgs = {o.registry_id: o for o in Organization.objects.filter(cluster=cluster)}
        for name, country, city, sector, kind, goal, tie, start, participants in story.ALLIANCES:
            values = {
                "partner_country": country,
                "partner_city": city,
                "partner_sector": sector,
                "kind": kind,
                "goal": goal,
                "tie_strength": tie,
                "start": start,
            }
            alliance = upsert(
                tally,
                Alliance,
                {"cluster": cluster, "partner_name": name},
                values,
                **saved_by(alliance_save, "alliance", cluster=cluster),
            )
            members = [orgs[registry_id] for registry_id in participants]
            replace_set(
                tally,
                dict.fromkeys(alliance.participations.values_list("organization_id", flat=True)),
                dict.fromkeys(org.pk for org in members),
                partial(alliance_set_participants, alliance=alliance, organizations=members),
            )
