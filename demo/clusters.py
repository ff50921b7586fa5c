"""Step 2, the clusters: the three clusters of docs/domain.md §5 with their staff roles, the funders
and the demo funder user. Step 3, the programmes those funders run and the clusters taking part.

A cluster is created directly (installation administrators create them in the admin site; no
service does) and restored through ``cluster_update``; everything else here goes through the
services of clusters/.
"""

from __future__ import annotations

from accounts.models import User
from clusters.models import (
    Cluster,
    ClusterRole,
    Funder,
    FunderUser,
    Indicator,
    Programme,
    ProgrammeIndicator,
)
from clusters.models import ProgrammeParticipation as Participation
from clusters.services import (
    cluster_role_assign,
    cluster_update,
    funder_save,
    programme_indicator_define,
    programme_indicator_set_targets,
    programme_join,
    programme_save,
)
from demo.data import CLUSTERS
from demo.data.funding import (
    FUNDER_USER,
    FUNDERS,
    INDICATOR_TARGETS,
    OWN_INDICATORS,
    PROGRAMMES,
)
from demo.seeding import SeedTally, saved_by, upsert


def _assign_role(data: dict) -> ClusterRole:
    return cluster_role_assign(cluster=data["cluster"], email=data["user"].email, role=data["role"])


def seed_clusters(tally: SeedTally, users: dict[str, User]) -> dict[str, Cluster]:
    clusters = {}
    for story in CLUSTERS:
        slug = story.CLUSTER["slug"]
        values = {key: value for key, value in story.CLUSTER.items() if key != "slug"}
        clusters[slug] = upsert(
            tally,
            Cluster,
            {"slug": slug},
            values,
            update=lambda cluster, data: cluster_update(cluster=cluster, data=data),
        )
    for story in CLUSTERS:
        for email, role in story.STAFF:
            lookup = {"cluster": clusters[story.CLUSTER["slug"]], "user": users[email]}
            upsert(
                tally,
                ClusterRole,
                lookup,
                {"role": role},
                create=_assign_role,
                update=lambda _role, data: _assign_role(data),
            )
    for name, kind, country in FUNDERS:
        values = {"kind": kind, "country": country}
        upsert(tally, Funder, {"name": name}, values, **saved_by(funder_save, "funder"))
    email, funder_name = FUNDER_USER
    funder = Funder.objects.get(name=funder_name)
    # No service links a funder user: installation administrators do it in the admin site.
    upsert(tally, FunderUser, {"user": users[email]}, {"funder": funder})
    return clusters


def seed_programmes(tally: SeedTally, clusters: dict[str, Cluster]) -> None:
    for row in PROGRAMMES:
        values = {k: v for k, v in row.items() if k not in ("code", "funder", "clusters")}
        values["funder"] = Funder.objects.get(name=row["funder"])
        programme = upsert(
            tally, Programme, {"code": row["code"]}, values, **saved_by(programme_save, "programme")
        )
        for slug in row["clusters"]:
            # programme_join only adds a cluster; a changed day is set back directly.
            upsert(
                tally,
                Participation,
                {"cluster": clusters[slug], "programme": programme},
                {"joined_on": row["start"]},
                create=lambda data: programme_join(**data),
            )
        _seed_indicators(tally, programme)


def _seed_indicators(tally: SeedTally, programme: Programme) -> None:
    """The programme's own indicators, then the baseline and targets of each indicator, through
    the services of the programme page; rows already right are left alone."""
    for code, name, unit, rule, outcome_kind in OWN_INDICATORS.get(programme.code, []):
        values = {"name": name, "unit": unit, "counting_rule": rule, "outcome_kind": outcome_kind}
        upsert(
            tally,
            Indicator,
            {"programme": programme, "code": code},
            values,
            create=lambda data: programme_indicator_define(
                programme=data.pop("programme"), data=data
            ),
        )
    for code, (baseline, targets) in INDICATOR_TARGETS.get(programme.code, {}).items():
        use = ProgrammeIndicator.objects.get(programme=programme, indicator__code=code)
        current = {target.year: (target.milestone, target.target) for target in use.targets.all()}
        if use.baseline == baseline and current == targets:
            tally.counts["unchanged"] += 1
            continue
        tally.counts["updated" if current or use.baseline else "created"] += 1
        programme_indicator_set_targets(programme_indicator=use, baseline=baseline, targets=targets)
