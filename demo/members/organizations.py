"""Step 4, the member organizations of the three clusters: each organization with its
membership and the lifecycle that led to its status (applied, active, and for some left or
suspended), and the firm representative of the demo logins.

``seed_organization`` also writes the firms TRIIP brought into fpx (step 6): participants, not
members, unless their row gives a membership (docs/domain.md §2). An organization is created
through ``organization_create`` without a membership, and its membership written in its final
state: opening it through the service takes two saves and ``membership_transition`` adds one
more each, so the audit history would gain records the story does not have. A changed
organization is set back through ``organization_update``.
"""

from __future__ import annotations

from accounts.models import User
from clusters.models import Cluster
from demo.data import CLUSTERS
from demo.seeding import SeedTally, upsert
from members.choices import MembershipStatus
from members.models import Membership, MembershipTransition, Organization, Representative
from members.services import organization_create, organization_update

# Keys of an organization's row that describe its membership rather than the organization.
MEMBERSHIP_KEYS = ("registry_id", "member_since", "applied_on", "later_status")


def seed_organization(tally: SeedTally, cluster: Cluster, row: dict) -> Organization:
    """One organization of ``cluster`` from its row in the data, with its membership."""
    values = {key: value for key, value in row.items() if key not in MEMBERSHIP_KEYS}
    values["country"] = cluster.country.code
    organization = upsert(
        tally,
        Organization,
        {"cluster": cluster, "registry_id": row["registry_id"]},
        values,
        create=lambda data: organization_create(cluster=cluster, data=data, membership_status=None),
        update=lambda organization, data: organization_update(organization=organization, data=data),
    )
    _seed_membership(tally, organization, row)
    return organization


def _membership_steps(row: dict) -> list[tuple[str, str, object, str]]:
    """(from, to, on, reason) of every step: applied, then active from member_since, then the
    later status (left, suspended) if there is one."""
    since = row["member_since"]
    steps = [("", MembershipStatus.APPLIED, row.get("applied_on") or since, "")]
    if since:
        steps.append((MembershipStatus.APPLIED, MembershipStatus.ACTIVE, since, ""))
    if row.get("later_status"):
        status, day, reason = row["later_status"]
        steps.append((MembershipStatus.ACTIVE, status, day, reason))
    return steps


def _seed_membership(tally: SeedTally, organization: Organization, row: dict) -> None:
    """The membership of the row; none (and none left from an earlier story) for a firm that
    neither is a member nor applied to be one."""
    if not row["member_since"] and not row.get("applied_on"):
        stale = Membership.objects.filter(organization=organization)
        if stale.exists():
            tally.counts["updated"] += 1
            stale.delete()
        return
    steps = _membership_steps(row)
    _from, status, status_since, _reason = steps[-1]
    membership = upsert(
        tally,
        Membership,
        {"organization": organization},
        {"status": status, "status_since": status_since, "member_since": row["member_since"]},
    )
    for from_status, to_status, day, reason in steps:
        upsert(
            tally,
            MembershipTransition,
            {"membership": membership, "to_status": to_status, "on": day},
            {"from_status": from_status, "reason": reason},
        )


def seed_organizations(
    tally: SeedTally, clusters: dict[str, Cluster], users: dict[str, User]
) -> None:
    for story in CLUSTERS:
        cluster = clusters[story.CLUSTER["slug"]]
        for row in story.ORGANIZATIONS:
            seed_organization(tally, cluster, row)
    for story in CLUSTERS:
        cluster = clusters[story.CLUSTER["slug"]]
        for email, registry_id in story.REPRESENTATIVES:
            organization = Organization.objects.get(cluster=cluster, registry_id=registry_id)
            # No service names a representative: installation administrators do, in the admin.
            upsert(tally, Representative, {"organization": organization, "user": users[email]}, {})
