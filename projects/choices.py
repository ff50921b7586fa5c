from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for enrolment")
    RUNNING = "running", _("Running")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", _("Closed")


class ExportLabStage(models.TextChoices):
    """The export lab's stages, in order (docs/domain.md §2)."""

    MARKET_CHOICE = "market_choice", _("Market choice")
    MARKET_ANALYSIS = "market_analysis", _("Market analysis")
    INCUBATION = "incubation", _("International incubation")
    PILOT_LAUNCH = "pilot_launch", _("Pilot launch")
    EVALUATION = "evaluation", _("Evaluation")
    ACCELERATION = "acceleration", _("International acceleration")


class RequiredActivity(models.TextChoices):
    """What "the whole process" can require of a firm."""

    COACHING = "coaching", _("Business coaching")
    WORKSHOPS = "workshops", _("Workshops")
    TIMBANK = "timbank", _("Timbank")
    TRIP = "trip", _("Trip to the target market")
    EXPORT_LAB = "export_lab", _("Export lab")


class PartnerRole(models.TextChoices):
    OWNER = "owner", _("Project owner")
    OPERATIONAL = "operational", _("Operational partner")
    RESOURCE_PROVIDER = "resource_provider", _("Resource provider")


class EnrolmentStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    INTERVIEWED = "interviewed", _("Interviewed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped out")


# The intake and participation lifecycle: which status may follow which.
ENROLMENT_TRANSITIONS: dict[str, set[str]] = {
    EnrolmentStatus.APPLIED: {
        EnrolmentStatus.INTERVIEWED,
        EnrolmentStatus.REJECTED,
        EnrolmentStatus.DROPPED,
    },
    EnrolmentStatus.INTERVIEWED: {
        EnrolmentStatus.ACCEPTED,
        EnrolmentStatus.REJECTED,
        EnrolmentStatus.DROPPED,
    },
    EnrolmentStatus.ACCEPTED: {EnrolmentStatus.ACTIVE, EnrolmentStatus.DROPPED},
    EnrolmentStatus.ACTIVE: {EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED},
    EnrolmentStatus.REJECTED: set(),
    EnrolmentStatus.COMPLETED: set(),
    EnrolmentStatus.DROPPED: set(),
}

# Statuses of an enrolment that was accepted at some point ("firms supported").
SUPPORTED_STATUSES = {
    EnrolmentStatus.ACCEPTED,
    EnrolmentStatus.ACTIVE,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.DROPPED,
}


class Commitment(models.TextChoices):
    LEADER = "leader", _("Leader")
    FOLLOWER = "follower", _("Follower")
    INACTIVE = "inactive", _("Unclear or inactive")


class DropoutPhase(models.TextChoices):
    INTAKE = "intake", _("During intake")
    COACHING = "coaching", _("During coaching")
    AFTER_WORKSHOPS = "after_workshops", _("After the workshops")
    TIMBANK = "timbank", _("During timbank work")
    TRIP = "trip", _("Around the trip")
    EXPORT_LAB = "export_lab", _("In the export lab")


class DropoutReason(models.TextChoices):
    LACK_OF_TIME = "lack_of_time", _("Lack of time")
    NOT_READY = "not_ready", _("Not ready to go abroad")
    MISALIGNED = "misaligned", _("Interests misaligned")
    BUREAUCRACY = "bureaucracy", _("Bureaucracy (e.g. trip money)")
    FUNDING_ONLY = "funding_only", _("Mainly wanted funding")
    OTHER = "other", _("Other")
