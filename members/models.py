from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.models import Cluster
from members.querysets import OrganizationQuerySet, RepresentativeQuerySet


class Organization(models.Model):
    """A firm, university or public body in a cluster; its registry id counts it once."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("cluster")
    )
    legal_name = models.CharField(_("legal name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    registry_id = models.CharField(
        _("registry id"),
        max_length=40,
        help_text=_("National company number; unique within the cluster."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "registry_id"], name="unique_registry_id_per_cluster"
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.legal_name


class Representative(models.Model):
    """A user who acts for an organization (often a micro-firm's CEO) and sees only it."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="representatives",
        verbose_name=_("organization"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("user"),
    )

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], name="one_representation_per_user_and_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.organization}"
