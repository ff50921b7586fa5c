"""The checksum of every report of a cluster, to prove that archiving, moving or erasing data
changes no figure."""

from __future__ import annotations

from datetime import date

from clusters.models import Cluster, Programme
from projects.models import Project
from reports.models import ReportKind
from reports.services import canonical_json, checksum_of, report_body


def report_checksums(cluster_slug: str, as_of: date) -> dict[str, str]:
    """{"kind project-or-programme": SHA-256} of every report of the cluster's projects and of
    the programmes it takes part in, as of ``as_of``; keys are natural (slugs, codes), so two
    installations compare."""
    cluster = Cluster.objects.get(slug=cluster_slug)
    sums = {}
    for project in Project.objects.filter(cluster=cluster).order_by("slug"):
        for kind in ReportKind.values:
            body = report_body(kind=kind, project=project, programme=None, as_of=as_of)
            sums[f"{kind} {project.slug}"] = checksum_of(canonical_json(body))
    for programme in Programme.objects.filter(clusters=cluster).order_by("code"):
        for kind in ReportKind.values:
            body = report_body(kind=kind, project=None, programme=programme, as_of=as_of)
            sums[f"{kind} {programme.code}"] = checksum_of(canonical_json(body))
    return sums
