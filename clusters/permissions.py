"""Named access rules of clusters/, and the ``Verdict`` every ``can_*`` rule returns.

The policy, followed by every app (docs/architecture.md, "Access"):

- who may *see* a row is decided by its queryset's ``visible_to(user)``, nowhere else;
- who may *do* something is a ``can_*`` rule in the app's ``permissions.py``, returning a
  ``Verdict`` that is falsy when refused and says why;
- a service that takes an ``actor`` checks its own rule with ``rule(...).require()``; views
  and serializers ask the same rule only to explain a refusal early or to hide an action.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from clusters.models import (
    ChangeConsent,
    ChangeProposal,
    Cluster,
    ConsentDecision,
    FunderUser,
    Programme,
    ProposalStatus,
)
from clusters.roles import (
    is_admin,
    is_installation_admin,
    is_manager,
    is_office_staff,
    is_staff_of,
    manages_any_cluster,
)


@dataclass(frozen=True)
class Verdict:
    """The answer of an access rule: allowed or not, and the reason of a refusal."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def require(self) -> None:
        """Raise PermissionDenied with the reason when refused (a 403 that explains itself)."""
        if not self.allowed:
            raise PermissionDenied(self.reason)


ALLOWED = Verdict(True)


def refused(reason: str) -> Verdict:
    return Verdict(False, reason)


def can_read_member_data(user, cluster: Cluster) -> Verdict:
    """Aggregates and internals of the members (overview, alliances): the office staff, not
    coaches, who see only the firms assigned to them."""
    if is_office_staff(user, cluster.pk):
        return ALLOWED
    return refused(_("This is shown to the cluster's administrators, managers and viewers."))


def can_manage_cluster(user, cluster: Cluster) -> Verdict:
    """Edit the cluster's data: its administrators and managers."""
    if is_manager(user, cluster.pk):
        return ALLOWED
    return refused(_("Only the cluster's administrators and managers may change this."))


def can_administer_cluster(user, cluster: Cluster) -> Verdict:
    """Grant and withdraw staff roles: the cluster's administrators."""
    if is_admin(user, cluster.pk):
        return ALLOWED
    return refused(_("Only the cluster's administrators may change staff roles."))


def _managed_clusters_taking_part(user, programme: Programme) -> list[int]:
    taking_part = sorted(
        participation.cluster_id for participation in programme.participations.all()
    )
    return [cluster_id for cluster_id in taking_part if is_manager(user, cluster_id)]


def can_change_programme(user, programme: Programme) -> Verdict:
    """Change a programme at once. Its rules (budget, hourly value, minimum support, ...) feed
    the indicator and state-aid figures of every cluster taking part, so one cluster's
    managers change it alone only while theirs is the only cluster taking part; otherwise
    installation administrators do, or every cluster consents to a proposal
    (``can_propose_programme_change``)."""
    if is_installation_admin(user):
        return ALLOWED
    taking_part = {participation.cluster_id for participation in programme.participations.all()}
    managed = _managed_clusters_taking_part(user, programme)
    if managed and len(taking_part) == 1:
        return ALLOWED
    if managed:
        return refused(
            _(
                "%(count)s clusters take part in this programme, and its rules change their "
                "figures too: propose the change, and it is applied when every one of them "
                "has consented, or ask an installation administrator to make it."
            )
            % {"count": len(taking_part)}
        )
    return refused(
        _("Only the administrators and managers of a cluster taking part may change a programme.")
    )


def can_propose_programme_change(user, programme: Programme) -> Verdict:
    """Edit a programme's form: change it at once (``can_change_programme``), or propose the
    change to the other clusters taking part, as a manager of one of them."""
    if is_installation_admin(user) or _managed_clusters_taking_part(user, programme):
        return ALLOWED
    return refused(
        _("Only the administrators and managers of a cluster taking part may change a programme.")
    )


def can_manage_programme_indicators(user, programme: Programme) -> Verdict:
    """Add a programme's own indicators and set baselines, milestones and targets: the users of
    the programme's funder (its managing authority), or whoever may change the programme at
    once (their targets are every taking-part cluster's)."""
    if (
        user.is_authenticated
        and FunderUser.objects.filter(user=user, funder_id=programme.funder_id).exists()
    ):
        return ALLOWED
    verdict = can_change_programme(user, programme)
    if verdict:
        return ALLOWED
    if _managed_clusters_taking_part(user, programme):
        return refused(
            _(
                "Several clusters report on this programme's indicators: its managing "
                "authority (the funder's users) or an installation administrator changes them."
            )
        )
    return refused(
        _(
            "Only the programme's managing authority and the managers of a cluster taking part "
            "may change its indicators."
        )
    )


FUNDERS_ARE_SHARED = _(
    "Funders are shared by every cluster of this installation, so only its administrators "
    "add and change them: ask an installation administrator."
)


def can_manage_funders(user) -> Verdict:
    """Add and change funders, which every cluster's programmes and reports show: installation
    administrators only, never one tenant's staff (design.md, "Tenancy and access")."""
    if is_installation_admin(user):
        return ALLOWED
    return refused(FUNDERS_ARE_SHARED)


def can_see_proposal(user, proposal: ChangeProposal) -> Verdict:
    """Staff of a cluster asked to consent, and installation administrators (the queryset
    ``ChangeProposal.objects.visible_to`` says the same for lists)."""
    if is_installation_admin(user) or any(
        is_staff_of(user, consent.cluster_id) for consent in proposal.consents.all()
    ):
        return ALLOWED
    return refused(_("This proposal is not addressed to your cluster."))


def can_decide_consent(user, consent: ChangeConsent) -> Verdict:
    """Consent to a proposed change, or refuse it, for one cluster: its managers."""
    if consent.proposal.status != ProposalStatus.PENDING:
        return refused(_("This proposal has already been decided."))
    if consent.decision != ConsentDecision.PENDING:
        return refused(_("Your cluster has already answered this proposal."))
    if is_manager(user, consent.cluster_id):
        return ALLOWED
    return refused(
        _("Only the administrators and managers of %(cluster)s may answer for it.")
        % {"cluster": consent.cluster}
    )


def can_withdraw_proposal(user, proposal: ChangeProposal) -> Verdict:
    """Withdraw a pending proposal: whoever proposed it, or a manager of their cluster."""
    if proposal.status != ProposalStatus.PENDING:
        return refused(_("This proposal has already been decided."))
    if proposal.proposed_by_id == user.pk or is_manager(user, proposal.proposed_for_id):
        return ALLOWED
    return refused(_("Only its author and the managers of their cluster may withdraw it."))


def can_import_into_some_cluster(user) -> Verdict:
    """Send a file to an import at all: the administrators and managers of some cluster.

    Asked before a byte of the file is read, so that nobody else can make the server parse a
    workbook; the file's own cluster is checked with ``can_manage_cluster`` once it is read.
    """
    if manages_any_cluster(user):
        return ALLOWED
    return refused(_("Only the administrators and managers of a cluster may import files."))
