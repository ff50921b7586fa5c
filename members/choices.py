from django.db import models
from django.utils.translation import gettext_lazy as _


class Helix(models.TextChoices):
    INDUSTRY = "industry", _("Industry")
    ACADEMIA = "academia", _("Academia")
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class OrganizationType(models.TextChoices):
    MICRO_FIRM = "micro_firm", _("Micro-firm")
    SME = "sme", _("SME")
    LARGE_FIRM = "large_firm", _("Large firm")
    ANCHOR_FIRM = "anchor_firm", _("Anchor firm")
    MNC_SUBSIDIARY = "mnc_subsidiary", _("MNC subsidiary")
    STATE_OWNED = "state_owned", _("State-owned enterprise")
    STARTUP = "startup", _("Startup")
    INVESTOR = "investor", _("Investor")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    EDUCATION_BODY = "education_body", _("Education body")
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    INCUBATOR = "incubator", _("Incubator")
    SCIENCE_PARK = "science_park", _("Science park")
    CHAMBER = "chamber", _("Chamber or business association")
    OTHER_CLUSTER = "other_cluster", _("Other cluster")
    NGO = "ngo", _("NGO")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")
    UNKNOWN = "unknown", _("Unknown")


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left")


# The lifecycle: which status may follow which. A left member may apply again.
MEMBERSHIP_TRANSITIONS: dict[str, set[str]] = {
    MembershipStatus.APPLIED: {MembershipStatus.ACTIVE, MembershipStatus.LEFT},
    MembershipStatus.ACTIVE: {MembershipStatus.SUSPENDED, MembershipStatus.LEFT},
    MembershipStatus.SUSPENDED: {MembershipStatus.ACTIVE, MembershipStatus.LEFT},
    MembershipStatus.LEFT: {MembershipStatus.APPLIED},
}


class BodyKind(models.TextChoices):
    GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
    BOARD = "board", _("Board")
    COORDINATION_COUNCIL = "coordination_council", _("Coordination council")
    COMMITTEE = "committee", _("Committee")
    WORKING_GROUP = "working_group", _("Working group")


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


# Roles a body has at most one holder of at a time.
SINGLE_HOLDER_ROLES = {SeatRole.CHAIR, SeatRole.VICE_CHAIR}


class DecisionOutcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    POSTPONED = "postponed", _("Postponed")


class AllianceKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    PARTNERSHIP = "partnership", _("Partnership")
    SISTER_CITY = "sister_city", _("Sister city")
    PROJECT_CONSORTIUM = "project_consortium", _("Project consortium")


class AllianceGoal(models.TextChoices):
    KNOWLEDGE = "knowledge", _("Knowledge")
    MARKET_ACCESS = "market_access", _("Market access")
    REPUTATION = "reputation", _("Reputation")


class TieStrength(models.TextChoices):
    WEAK = "weak", _("Weak")
    STRONG = "strong", _("Strong")


class AllianceStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
