from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from clusters.models import Cluster
from members.choices import MembershipStatus
from members.models import Organization
from members.models.organizations import ORGANIZATION_FIELDS
from members.services.common import assign_and_validate
from members.services.memberships import membership_start


def _check_registry_id_free(cluster: Cluster, registry_id: str, exclude_pk: int | None) -> None:
    taken = Organization.objects.filter(cluster=cluster, registry_id=registry_id)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {"registry_id": _("Another organization in this cluster has this registry id.")}
        )


@transaction.atomic
def organization_create(
    *,
    cluster: Cluster,
    data: dict,
    membership_status: str | None = MembershipStatus.APPLIED,
    status_on: date | None = None,
    actor: User | None = None,
) -> Organization:
    """Add an organization to the cluster and open its membership in ``membership_status``;
    ``None`` records it without a membership (a project participant is not a member)."""
    fields = {key: value for key, value in data.items() if key in ORGANIZATION_FIELDS}
    # A member is most often of the cluster's own country, not of the model's default.
    fields.setdefault("country", cluster.country)
    _check_registry_id_free(cluster, fields.get("registry_id", ""), None)
    organization = assign_and_validate(Organization(cluster=cluster), fields)
    organization.save()
    if membership_status is not None:
        membership_start(
            organization=organization, status=membership_status, on=status_on, actor=actor
        )
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, data: dict) -> Organization:
    fields = {key: value for key, value in data.items() if key in ORGANIZATION_FIELDS}
    if "registry_id" in fields:
        _check_registry_id_free(organization.cluster, fields["registry_id"], organization.pk)
    assign_and_validate(organization, fields)
    organization.save()
    return organization
