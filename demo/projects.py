"""Step 6, the TRIIP projects of fpx: the firms TRIIP brought into the cluster (participants,
most of them not members), the business coaches the partners supply, and each project with its
funding shares, partners, partner coaches, targets, completion rules and cohorts
(docs/domain.md §2).

The firms are written like every organization (``demo.members.organizations``); the rest goes
through the services of projects/ and ``cluster_role_assign``.
"""

from __future__ import annotations

from functools import partial

from accounts.models import User
from clusters.models import Cluster, ClusterRole, Programme
from clusters.services import cluster_role_assign
from demo.accounts import demo_user
from demo.data import triip
from demo.members.organizations import seed_organization
from demo.seeding import SeedTally, replace_set, saved_by, set_by, upsert
from demo.stories import PROJECTS
from members.models import Organization
from projects.models import (
    Cohort,
    CompletionRule,
    PartnerCoach,
    Project,
    ProjectPartner,
    ProjectTarget,
)
from projects.services import (
    partner_coach_add,
    project_partner_add,
    project_save,
    project_set_funding,
)
from projects.services.terms import (
    cohort_save,
    completion_rule_remove,
    completion_rule_save,
    project_target_save,
)


def _assign_role(cluster: Cluster, user: User, role: str) -> ClusterRole:
    return cluster_role_assign(cluster=cluster, email=user.email, role=role)


def _seed_coaches(tally: SeedTally, cluster: Cluster) -> dict[str, User]:
    coaches = {}
    for email, full_name, _partner, _regions in triip.COACHES:
        coaches[email] = demo_user(tally, email, full_name)
        lookup = {"cluster": cluster, "user": coaches[email]}
        upsert(tally, ClusterRole, lookup, {"role": "coach"}, **set_by(_assign_role))
    return coaches


def _seed_funding(tally: SeedTally, project: Project, funding) -> None:
    shares = {Programme.objects.get(code=code): share for code, share in funding}
    replace_set(
        tally,
        dict(project.fundings.values_list("programme_id", "share")),
        {programme.pk: share for programme, share in shares.items()},
        partial(project_set_funding, project=project, shares=shares),
    )


def _seed_partners(tally: SeedTally, project: Project, orgs, coaches: dict[str, User]) -> None:
    for registry_id, role in triip.PARTNERS:
        lookup = {"project": project, "organization": orgs[registry_id]}
        upsert(tally, ProjectPartner, lookup, {"role": role}, **set_by(project_partner_add))
    for email, _name, partner_registry_id, regions in triip.COACHES:
        partner = ProjectPartner.objects.get(
            project=project, organization=orgs[partner_registry_id]
        )
        lookup = {"partner": partner, "coach": coaches[email]}
        upsert(tally, PartnerCoach, lookup, {"regions": regions}, **set_by(partner_coach_add))


def _seed_completion_rules(tally: SeedTally, project: Project, rules) -> None:
    """The project's rules, and no other: a rule the story does not set is removed."""
    for activity, minimum, stage in rules:
        upsert(
            tally,
            CompletionRule,
            {"project": project, "activity": activity},
            {"minimum": minimum, "stage": stage},
            create=lambda data: completion_rule_save(project=project, data=data),
            update=lambda _rule, data: completion_rule_save(project=project, data=data),
        )
    wanted = [activity for activity, _minimum, _stage in rules]
    for rule in project.completion_rules.exclude(activity__in=wanted):
        tally.counts["updated"] += 1
        completion_rule_remove(rule=rule)


def _seed_project(tally: SeedTally, cluster: Cluster, story, orgs, coaches) -> Project:
    values = {key: value for key, value in story.PROJECT.items() if key != "slug"}
    project = upsert(
        tally,
        Project,
        {"slug": story.PROJECT["slug"]},
        {"cluster": cluster, **values},
        **saved_by(project_save, "project", cluster=cluster),
    )
    _seed_funding(tally, project, story.FUNDING)
    _seed_completion_rules(tally, project, story.COMPLETION_RULES)
    _seed_partners(tally, project, orgs, coaches)
    for name, number in triip.TARGETS:
        upsert(
            tally,
            ProjectTarget,
            {"project": project, "name": name},
            {"number": number},
            **saved_by(project_target_save, "target", project=project),
        )
    for name in triip.COHORTS:
        lookup = {"project": project, "name": name}
        upsert(tally, Cohort, lookup, {}, **saved_by(cohort_save, "cohort", project=project))
    return project


def seed_projects(tally: SeedTally, clusters: dict[str, Cluster]) -> None:
    cluster = clusters[triip.CLUSTER]
    for row in triip.PARTICIPANT_FIRMS:
        seed_organization(tally, cluster, row)
    for story in PROJECTS:
        for row in story.FIRMS:
            seed_organization(tally, cluster, row)
    coaches = _seed_coaches(tally, cluster)
    orgs = {o.registry_id: o for o in Organization.objects.filter(cluster=cluster)}
    for story in PROJECTS:
        _seed_project(tally, cluster, story, orgs, coaches)
