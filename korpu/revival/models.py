"""Revival projects: restoration and development projects, their milestones with evidence,
payouts approved by two officers, and the diaspora's participation offers.

Money never lives here: a project points to its fund in the giving app's ledger (`fund_ref`), and
a payout records the ledger transfer that paid it (`transfer_ref`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from korpu.core.models import BaseModel

LANGUAGE_ORDER = ("az", "en", "ru", "tr", "ar")


def text_in(texts: dict | None, language: str | None = None) -> str:
    """The text of a language → text map in `language`, else the first language that has one."""
    texts = texts or {}
    language = (language or translation.get_language() or "az")[:2]
    if texts.get(language):
        return texts[language]
    for code in LANGUAGE_ORDER:
        if texts.get(code):
            return texts[code]
    return next((v for v in texts.values() if v), "")


class ProjectKind(models.TextChoices):
    """What a project rebuilds."""

    MONUMENT = "monument", _("Monument restoration")
    RELIGIOUS = "religious", _("Religious site")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital")
    HOUSING = "housing", _("Housing")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    ECONOMIC = "economic", _("Economic or investment")
    CULTURAL = "cultural", _("Cultural")


class ProjectStatus(models.TextChoices):
    """Where a project stands."""

    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    FUNDRAISING = "fundraising", _("Fundraising")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


# Which status may follow which: projects move forward, except that work may pause back into
# fundraising when the money runs short.
STATUS_FLOW: dict[str, set[str]] = {
    ProjectStatus.PROPOSED: {ProjectStatus.APPROVED},
    ProjectStatus.APPROVED: {ProjectStatus.FUNDRAISING, ProjectStatus.IN_PROGRESS},
    ProjectStatus.FUNDRAISING: {ProjectStatus.IN_PROGRESS},
    ProjectStatus.IN_PROGRESS: {ProjectStatus.FUNDRAISING, ProjectStatus.COMPLETED},
    ProjectStatus.COMPLETED: set(),
}
PUBLIC_STATUSES = (
    ProjectStatus.APPROVED,
    ProjectStatus.FUNDRAISING,
    ProjectStatus.IN_PROGRESS,
    ProjectStatus.COMPLETED,
)


class Project(BaseModel):
    """A restoration or development project in a liberated place."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ProjectKind.choices, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=ProjectStatus.choices,
                              default=ProjectStatus.PROPOSED, db_index=True)
    title = models.JSONField(_("title"), default=dict, help_text=_("Language → title"))
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    district = models.CharField(_("district"), max_length=32, db_index=True)
    settlement = models.CharField(_("settlement"), max_length=64, db_index=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    heritage_period = models.JSONField(_("period"), default=dict, blank=True)
    heritage_builder = models.JSONField(_("builder"), default=dict, blank=True)
    heritage_damage = models.JSONField(_("what was damaged"), default=dict, blank=True)
    budget_minor = models.BigIntegerField(_("budget"), default=0)
    currency = models.CharField(_("currency"), max_length=3, default="AZN")
    fund_ref = models.CharField(_("fund in the ledger"), max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "kind", "district"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(budget_minor__gte=0), name="project_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return text_in(self.title, "en") or self.slug

    def title_in(self, language: str | None = None) -> str:
        return text_in(self.title, language)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_monument(self) -> bool:
        return self.kind in (ProjectKind.MONUMENT, ProjectKind.RELIGIOUS)

    def may_become(self, status: str) -> bool:
        return status in STATUS_FLOW.get(self.status, set())


class PartnerRole(models.TextChoices):
    """What a partner does in a project."""

    FOUNDATION = "foundation", _("Foundation")
    MINISTRY = "ministry", _("Ministry")
    CONTRACTOR = "contractor", _("Contractor")
    OTHER = "other", _("Other partner")


class Partner(BaseModel):
    """An organisation taking part in a project (a registered organisation when there is one)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey("network.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="revival_partnerships")
    name = models.CharField(_("name"), max_length=300, blank=True,
                            help_text=_("For partners not in the registry."))
    role = models.CharField(_("role"), max_length=16, choices=PartnerRole.choices)
    contact_email = models.EmailField(_("contact e-mail"), blank=True,
                                      help_text=_("Where investment interest is passed on (the ministry's contact)."))

    class Meta:
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.organisation is not None:  # no query without an organisation_id
            return self.organisation.name_in(translation.get_language() or "az")
        return self.name


class PhotoKind(models.TextChoices):
    """When a project photo was taken."""

    BEFORE = "before", _("Before")
    AFTER = "after", _("After")
    DURING = "during", _("During the work")


def _ext(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"


def upload_photo(instance, filename: str) -> str:
    """Files are named by the row's id, never by the uploader's file name."""
    return f"revival/photos/{instance.id}.{_ext(filename)}"


def upload_evidence(instance, filename: str) -> str:
    return f"revival/evidence/{instance.id}.{_ext(filename)}"


class Photo(BaseModel):
    """A photo on a project's public page (metadata stripped on upload)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(max_length=8, choices=PhotoKind.choices)
    image = models.FileField(upload_to=upload_photo)
    content_type = models.CharField(max_length=50)
    caption = models.JSONField(default=dict, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["kind", "created_at"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.kind}"


class MilestoneStatus(models.TextChoices):
    """Where a milestone's work stands."""

    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Milestone(BaseModel):
    """A stage of the work; money leaves the fund only as a payout against a milestone."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.JSONField(default=dict)
    description = models.JSONField(default=dict, blank=True)
    amount_minor = models.BigIntegerField(_("planned cost"), default=0)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="milestone_position_once"),
            models.CheckConstraint(condition=models.Q(amount_minor__gte=0), name="milestone_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {text_in(self.title, 'en')}"

    def title_in(self, language: str | None = None) -> str:
        return text_in(self.title, language)


class EvidenceKind(models.TextChoices):
    """What a piece of evidence is."""

    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")
    INSPECTION = "inspection", _("Inspection note")


class Evidence(BaseModel):
    """Proof that a milestone's work was done: a photo, a document or an inspector's note."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=12, choices=EvidenceKind.choices)
    file = models.FileField(upload_to=upload_evidence, blank=True)
    content_type = models.CharField(max_length=50, blank=True)
    note = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["milestone", "created_at"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"{self.kind} for {self.milestone_id}"


class PayoutStatus(models.TextChoices):
    """Where a payout request stands."""

    REQUESTED = "requested", _("Awaiting approvals")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")


REQUIRED_APPROVALS = 2


class Payout(BaseModel):
    """A request to pay money out of a project's fund against a milestone; paid once two
    different officers approved it (four eyes)."""

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="payouts")
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    payee = models.CharField(max_length=300)
    purpose = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=12, choices=PayoutStatus.choices, default=PayoutStatus.REQUESTED,
                              db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    transfer_ref = models.CharField(max_length=64, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_minor__gt=0), name="payout_amount_positive")]

    def __str__(self) -> str:
        return f"{self.amount_minor} {self.currency} → {self.payee}"


class PayoutApproval(BaseModel):
    """One officer's approval of a payout; one per officer and payout."""

    payout = models.ForeignKey(Payout, on_delete=models.CASCADE, related_name="approvals")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["payout", "officer"], name="payout_approval_once")]

    def __str__(self) -> str:
        return f"{self.officer_id} approved {self.payout_id}"


class OfferKind(models.TextChoices):
    """How someone in the diaspora offers to take part."""

    MONEY = "money", _("Money")
    INVESTMENT = "investment", _("Investment interest")
    VOLUNTEERING = "volunteering", _("Volunteering")
    EXPERTISE = "expertise", _("Expertise")
    IN_KIND = "in_kind", _("Goods in kind")


# Direct participation puts money, goods or hands into the project itself; indirect
# participation helps it from outside (advice, investment that the ministry follows up).
DIRECT_KINDS = (OfferKind.MONEY, OfferKind.VOLUNTEERING, OfferKind.IN_KIND)
INDIRECT_KINDS = (OfferKind.INVESTMENT, OfferKind.EXPERTISE)


class OfferStatus(models.TextChoices):
    """Where an offer stands."""

    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    PASSED_ON = "passed_on", _("Passed to the ministry")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OFFER_FLOW: dict[str, set[str]] = {
    OfferStatus.SUBMITTED: {OfferStatus.ACCEPTED, OfferStatus.PASSED_ON, OfferStatus.DECLINED, OfferStatus.WITHDRAWN},
    OfferStatus.ACCEPTED: {OfferStatus.IN_PROGRESS, OfferStatus.FULFILLED, OfferStatus.WITHDRAWN},
    OfferStatus.PASSED_ON: {OfferStatus.IN_PROGRESS, OfferStatus.FULFILLED, OfferStatus.DECLINED},
    OfferStatus.IN_PROGRESS: {OfferStatus.FULFILLED, OfferStatus.WITHDRAWN},
    OfferStatus.FULFILLED: set(),
    OfferStatus.DECLINED: set(),
    OfferStatus.WITHDRAWN: set(),
}


class Offer(BaseModel):
    """A diaspora member's offer to take part in a project, tracked through its statuses.

    `details` holds the kind's own fields: investment → company, sector, amount_from, amount_to,
    currency; volunteering → skills, date_from, date_to; expertise → field, summary;
    in-kind → goods, quantity; money → amount_minor, currency (the gift itself goes through the
    giving app).
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(max_length=16, choices=OfferKind.choices, db_index=True)
    status = models.CharField(max_length=16, choices=OfferStatus.choices, default=OfferStatus.SUBMITTED,
                              db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="revival_offers")
    person = models.ForeignKey("network.Person", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="revival_offers")
    country = models.CharField(_("country"), max_length=2, db_index=True)
    details = models.JSONField(default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    consent_to_share = models.BooleanField(_("may be passed to the ministry"), default=False)
    passed_on_at = models.DateTimeField(null=True, blank=True)
    passed_to = models.EmailField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["country", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} offer for {self.project_id}"

    @property
    def is_direct(self) -> bool:
        return self.kind in DIRECT_KINDS

    def may_become(self, status: str) -> bool:
        return status in OFFER_FLOW.get(self.status, set())


class OfferEvent(BaseModel):
    """One change of an offer's status (its history)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=16, choices=OfferStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.offer_id} → {self.status}"
