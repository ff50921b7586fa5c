from members.models.aid import DeclaredAid
from members.models.alliances import Alliance, AllianceParticipation
from members.models.governance import ActionItem, Attendance, Body, Decision, Meeting, Seat
from members.models.memberships import FeePayment, FeeSchedule, Membership, MembershipTransition
from members.models.organizations import Organization, Representative
from members.models.people import Affiliation, Person

__all__ = [
    "ActionItem",
    "Affiliation",
    "Alliance",
    "AllianceParticipation",
    "Attendance",
    "Body",
    "Decision",
    "DeclaredAid",
    "FeePayment",
    "FeeSchedule",
    "Meeting",
    "Membership",
    "MembershipTransition",
    "Organization",
    "Person",
    "Representative",
    "Seat",
]
