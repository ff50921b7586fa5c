from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import Cluster
from members.models import Alliance, AllianceParticipation, Organization
from members.services.common import assign_and_validate


@transaction.atomic
def alliance_save(*, cluster: Cluster, data: dict, alliance: Alliance | None = None) -> Alliance:
    alliance = alliance or Alliance(cluster=cluster)
    assign_and_validate(alliance, data)
    alliance.save()
    return alliance


@transaction.atomic
def alliance_set_participants(*, alliance: Alliance, organizations: list[Organization]) -> None:
    """Replace the member organizations that take part in the alliance."""
    foreign = [org for org in organizations if org.cluster_id != alliance.cluster_id]
    if foreign:
        raise ValidationError(
            {"participants": _("Only members of the alliance's cluster can take part.")}
        )
    AllianceParticipation.objects.filter(alliance=alliance).exclude(
        organization__in=organizations
    ).delete()
    existing = set(
        AllianceParticipation.objects.filter(alliance=alliance).values_list(
            "organization_id", flat=True
        )
    )
    AllianceParticipation.objects.bulk_create(
        [
            AllianceParticipation(alliance=alliance, organization=org)
            for org in organizations
            if org.pk not in existing
        ]
    )
