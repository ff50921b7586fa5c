from django.db import models
from django.utils.translation import gettext_lazy as _

# The export lab's stages are defined with the project, whose completion rules name them.
from projects.choices import ExportLabStage  # noqa: F401


class ConsultantService(models.TextChoices):
    PATENT = "patent", _("Patent")
    LEGAL = "legal", _("Legal")
    NEGOTIATION = "negotiation", _("Negotiation")
    TRANSLATION = "translation", _("Translation")
    SOCIAL_MEDIA = "social_media", _("Social media")
    COMMUNICATION = "communication", _("Communication")
    MARKETING = "marketing", _("Marketing")


class SessionSide(models.TextChoices):
    """Who logged a coaching session: the other side confirms it (docs/domain.md §5)."""

    FIRM = "firm", _("The firm")
    OFFICE = "office", _("The coach or the office")
    IMPORT = "import", _("An import of history")


class SessionStatus(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPUTED = "disputed", _("Disputed")


class Verification(models.TextChoices):
    """What the firm reported itself (an outcome, a trip made) until the cluster checked it."""

    REPORTED = "reported", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class TimbankRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    INFO_REQUESTED = "info_requested", _("More information asked")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the firm")


class TripPurpose(models.TextChoices):
    CUSTOMERS = "customers", _("Meet customers")
    SUPPLIERS = "suppliers", _("Meet suppliers")
    INVESTORS = "investors", _("Meet investors")
    FAIR = "fair", _("Trade fair")


class TripStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DONE = "done", _("Done")
    WITHDRAWN = "withdrawn", _("Withdrawn by the firm")


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    REIMBURSED = "reimbursed", _("Reimbursed")


# The stages in order; a track moves one step forward, or back from evaluation to
# incubation (an iteration).
EXPORT_LAB_ORDER = list(ExportLabStage.values)


class OutcomeKind(models.TextChoices):
    INTERNATIONAL_CONTACT = "international_contact", _("International contact")
    INTERNATIONAL_PARTNER = "international_partner", _("International partner")
    NEW_CUSTOMER = "new_customer", _("New customer")
    NEW_RETAILER = "new_retailer", _("New retailer or distributor")
    UNITS_SOLD = "units_sold", _("Units sold")
    PROTOTYPE = "prototype", _("Prototype")
    PRODUCT_LAUNCHED = "product_launched", _("Product launched")
    MARKET_ENTERED = "market_entered", _("Market entered")
    FOLLOW_UP_PROGRAMME = "follow_up_programme", _("Follow-up programme joined")
    BECAME_MEMBER = "became_member", _("Became a member")
    # Innovations actually introduced and joint research: what the EU indicators count
    # (a prototype is not an innovation; docs/domain.md §6).
    PRODUCT_NEW_TO_MARKET = "product_new_to_market", _("Product new to the market introduced")
    PRODUCT_NEW_TO_FIRM = "product_new_to_firm", _("Product new to the firm introduced")
    PROCESS_INNOVATION = "process_innovation", _("Process innovation introduced")
    MARKETING_INNOVATION = "marketing_innovation", _("Marketing innovation introduced")
    ORGANISATIONAL_INNOVATION = (
        "organisational_innovation",
        _("Organisational innovation introduced"),
    )
    RESEARCH_COOPERATION = "research_cooperation", _("Joint activity with a research organisation")


class OutcomeSource(models.TextChoices):
    FIRM = "firm", _("Firm")
    COACH = "coach", _("Coach")
    MANAGER = "manager", _("Manager")


# Requests still waiting for the cluster's decision (or for the firm's answer to a question).
OPEN_TIMBANK_REQUEST = (TimbankRequestStatus.PENDING, TimbankRequestStatus.INFO_REQUESTED)
# Trips whose expenses the firm may claim.
CLAIMABLE_TRIP = (TripStatus.APPROVED, TripStatus.DONE)
