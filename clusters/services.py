"""Writes on clusters that carry a rule."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from clusters.models import (
    CLUSTER_EDITABLE_FIELDS,
    Cluster,
    ClusterRole,
    Funder,
    Programme,
    ProgrammeParticipation,
    StaffRole,
)


@transaction.atomic
def cluster_update(*, cluster: Cluster, data: dict) -> Cluster:
    for field in CLUSTER_EDITABLE_FIELDS:
        if field in data:
            setattr(cluster, field, data[field])
    cluster.full_clean()
    cluster.save()
    return cluster


@transaction.atomic
def cluster_role_assign(*, cluster: Cluster, email: str, role: str) -> ClusterRole:
    """Give the user with this e-mail a role in the cluster, replacing any role they had."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError({"email": _("No user has this e-mail address.")})
    if role not in StaffRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    existing = ClusterRole.objects.select_for_update().filter(cluster=cluster, user=user).first()
    if existing and existing.role == StaffRole.ADMIN and role != StaffRole.ADMIN:
        _refuse_if_last_admin(cluster, existing)
    if existing:
        existing.role = role
        existing.save(update_fields=["role"])
        return existing
    return ClusterRole.objects.create(cluster=cluster, user=user, role=role)


@transaction.atomic
def cluster_role_remove(*, role: ClusterRole) -> None:
    if role.role == StaffRole.ADMIN:
        _refuse_if_last_admin(role.cluster, role)
    role.delete()


def _refuse_if_last_admin(cluster: Cluster, role: ClusterRole) -> None:
    other_admins = (
        ClusterRole.objects.select_for_update()
        .filter(cluster=cluster, role=StaffRole.ADMIN)
        .exclude(pk=role.pk)
    )
    if not other_admins.exists():
        raise ValidationError(
            {"role": _("A cluster keeps at least one administrator: appoint another one first.")}
        )


@transaction.atomic
def programme_save(
    *, data: dict, programme: Programme | None = None, cluster: Cluster | None = None
) -> Programme:
    """Create or change a programme; a new one starts with ``cluster`` taking part in it."""
    programme = programme or Programme()
    code = data.get("code", programme.code)
    if Programme.objects.filter(code__iexact=code).exclude(pk=programme.pk).exists():
        raise ValidationError({"code": _("Another programme already has this code.")})
    for field, value in data.items():
        setattr(programme, field, value)
    programme.full_clean()
    creating = programme.pk is None
    programme.save()
    if creating and cluster is not None:
        ProgrammeParticipation.objects.create(cluster=cluster, programme=programme)
    return programme


@transaction.atomic
def programme_join(*, programme: Programme, cluster: Cluster, joined_on=None):
    participation, _created = ProgrammeParticipation.objects.get_or_create(
        cluster=cluster, programme=programme, defaults={"joined_on": joined_on}
    )
    return participation


@transaction.atomic
def funder_save(*, data: dict, funder: Funder | None = None) -> Funder:
    funder = funder or Funder()
    for field, value in data.items():
        setattr(funder, field, value)
    funder.full_clean()
    funder.save()
    return funder
