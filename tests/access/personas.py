"""The personas of the access matrix (design.md, "Tenancy and access"; domain.md §3) and the
answer each must get from a route (``expected``).

Every persona is a user of the world (tests/access/world.py) but the anonymous visitor. What a
persona may see is a set of route scopes (tests/access/routes.py); what it may change is a
second set. Cluster A is "this cluster": its staff see its data, and only its managers write.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.access.routes import (
    ACTIVITIES,
    API,
    CLUSTER,
    COMMITTEE,
    CURRENT_CLUSTER,
    ENROLMENT,
    FIRM,
    FIRM_RECORDS,
    FUNDER,
    INSTALLATION,
    LISTED,
    LOGIN,
    OFFICE,
    OTHER_FIRM,
    PAGE,
    PERSONAL,
    PROGRAMME,
    PROJECT,
    PUBLIC,
    REPORT,
    SELF,
    STAFF_AREA,
    STAFF_NOTES,
    TIED_TO_CLUSTER,
    UNLISTED,
    Route,
)

EVERY_SCOPE = frozenset(
    {
        SELF,
        CURRENT_CLUSTER,
        STAFF_AREA,
        INSTALLATION,
        CLUSTER,
        TIED_TO_CLUSTER,
        OFFICE,
        FIRM,
        FIRM_RECORDS,
        STAFF_NOTES,
        OTHER_FIRM,
        ENROLMENT,
        PROJECT,
        ACTIVITIES,
        COMMITTEE,
        PROGRAMME,
        REPORT,
        FUNDER,
        PERSONAL,
    }
)
# What every logged-in user reaches: their own pages, and the refusal to change shared data.
EVERYONE = frozenset({SELF, INSTALLATION})
# Staff of any cluster have a current cluster and read the funders.
STAFF = EVERYONE | {CURRENT_CLUSTER, FUNDER}


@dataclass(frozen=True)
class Persona:
    """``user`` is the world's key of the persona's user (None: anonymous). ``sees``: the
    scopes whose routes it may reach; ``refused``: scopes it is known in but may not see, so
    they answer 403 rather than 404; ``writes``: the scopes where it may change data."""

    name: str
    description: str
    user: str | None
    sees: frozenset[str] = frozenset()
    refused: frozenset[str] = frozenset()
    writes: frozenset[str] = frozenset()


ANONYMOUS = Persona("anonymous", "a visitor who has not logged in", None)
# Installation data (funders) is changed by installation administrators, no cluster's staff.
MANAGER = Persona(
    "manager",
    "manager of cluster A",
    "manager_a",
    sees=EVERY_SCOPE,
    writes=EVERY_SCOPE - {INSTALLATION, FUNDER},
)
VIEWER = Persona(
    "viewer", "viewer of cluster A, trying to write", "viewer_a", sees=EVERY_SCOPE - {PERSONAL}
)
OTHER_MANAGER = Persona(
    "other_manager",
    "manager of cluster B",
    "manager_b",
    sees=STAFF | {STAFF_AREA},
    writes=frozenset({CURRENT_CLUSTER, STAFF_AREA}),
)
# A coach sees the firms assigned to them, their enrolments and projects, not member data.
COACH = Persona(
    "coach",
    "coach of cluster A assigned to the firm",
    "coach",
    sees=STAFF
    | {CLUSTER, TIED_TO_CLUSTER, FIRM, STAFF_NOTES, ENROLMENT, PROJECT, ACTIVITIES, PROGRAMME},
    refused=frozenset({STAFF_AREA}),
)
OTHER_COACH = Persona(
    "other_coach",
    "coach of cluster A not assigned to the firm",
    "other_coach",
    sees=STAFF | {CLUSTER, TIED_TO_CLUSTER, PROGRAMME},
    refused=frozenset({STAFF_AREA}),
)
# A firm sees only itself, and the projects it takes part in; their workshops and export lab
# pages are the staff's.
FIRM_REP = Persona(
    "firm_rep",
    "representative of the firm",
    "firm_rep",
    sees=EVERYONE | {TIED_TO_CLUSTER, FIRM, FIRM_RECORDS, ENROLMENT, PROJECT},
    refused=frozenset({ACTIVITIES}),
)
OTHER_FIRM_REP = Persona(
    "other_firm_rep",
    "representative of another firm of cluster A, enrolled in the same project",
    "other_firm_rep",
    sees=EVERYONE | {TIED_TO_CLUSTER, PROJECT, OTHER_FIRM},
    refused=frozenset({ACTIVITIES}),
)
OTHER_COMMITTEE = Persona(
    "other_committee",
    "member of another committee of cluster A",
    "committee_member",
    sees=EVERYONE | {TIED_TO_CLUSTER},
)
# A funder sees the programmes it funds, their projects' terms and their reports.
FUNDER_USER = Persona(
    "funder",
    "user of the funder of the programme that finances the project",
    "funder_user",
    sees=EVERYONE | {TIED_TO_CLUSTER, FUNDER, PROGRAMME, PROJECT, REPORT},
    refused=frozenset({ACTIVITIES}),
)
OTHER_FUNDER = Persona(
    "other_funder",
    "user of the funder of another programme of cluster A",
    "other_funder_user",
    sees=EVERYONE | {TIED_TO_CLUSTER},
)

# What no persona may read anywhere, in any answer, unless it may see it: another cluster's
# staff never learn of cluster A, one firm never learns of another's pipeline, a funder gets
# aggregates, not firms, and the staff's notes on a firm stay with the staff.
SECRETS = (
    ("cluster_a", TIED_TO_CLUSTER),
    ("organization", FIRM),
    ("other_organization", OTHER_FIRM),
    ("interview_notes", STAFF_NOTES),
)

PERSONAS = (
    ANONYMOUS,
    MANAGER,
    VIEWER,
    OTHER_MANAGER,
    COACH,
    OTHER_COACH,
    FIRM_REP,
    OTHER_FIRM_REP,
    OTHER_COMMITTEE,
    FUNDER_USER,
    OTHER_FUNDER,
)
PERSONA_NAMES = frozenset(persona.name for persona in PERSONAS)


def expected(route: Route, persona: Persona) -> int | str:
    """The answer ``persona`` must get from ``route``."""
    if persona.name in route.expect:
        return route.expect[persona.name]
    if persona.user is None:
        return {PAGE: LOGIN, API: 401}.get(route.access, route.allowed_answer)
    if route.access == PUBLIC:
        return route.allowed_answer
    if route.scope not in persona.sees:
        return 403 if route.scope in persona.refused else route.hidden
    if route.changes_data and not (route.scope in persona.writes or persona.name in route.writers):
        return 403
    if route.lists:
        _key, listed_scope = route.lists
        return LISTED if listed_scope in persona.sees else UNLISTED
    return route.allowed_answer
