"""Donor plaques: a plaque's settings, and its proofs — each version kept with the names it holds.

Who is named comes from the ledger (korpu.plaques.donors) or from a names list; the rendering
engine (korpu.plaques.rendering) lays the plaque out and writes the PDF proof, SVG and DXF.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from korpu.core.models import BaseModel
from korpu.plaques.rendering import DEFAULT_MIN_CAP_HEIGHT_MM


class NameOrder(models.TextChoices):
    """How names are ordered within a tier."""

    ALPHABET = "alphabet", _("Alphabetical, in the plaque's language")
    AMOUNT = "amount", _("Largest gift first")
    FIRST_GIFT = "first_gift", _("Earliest donor first")


class Plaque(BaseModel):
    """The plaque engraved on a restored monument, naming the diaspora donors to its fund.

    `tiers` lists the foundation's tiers from the top: [{"label": "Qızıl", "min_minor": 500000}, ...];
    a donor goes into the highest tier whose minimum their net gifts reach. `threshold_minor` is the
    least a donor must have given (net of refunds) to be on the plaque at all.
    """

    project = models.ForeignKey("revival.Project", on_delete=models.PROTECT, related_name="plaques")
    title = models.JSONField(_("title"), default=dict, help_text=_("Language → title line (one to three languages)"))
    dedication = models.JSONField(_("dedication"), default=dict, blank=True)
    lang = models.CharField(_("plaque language"), max_length=2, default="az")
    tiers = models.JSONField(_("tiers"), default=list, blank=True)
    threshold_minor = models.BigIntegerField(_("threshold"), default=0)
    currency = models.CharField(max_length=3, default="AZN")
    order = models.CharField(_("order within a tier"), max_length=16, choices=NameOrder.choices,
                             default=NameOrder.ALPHABET)
    width_mm = models.DecimalField(_("width (mm)"), max_digits=7, decimal_places=1, default=600)
    height_mm = models.DecimalField(_("height (mm)"), max_digits=7, decimal_places=1, default=400)
    margin_mm = models.DecimalField(_("margin (mm)"), max_digits=5, decimal_places=1, default=20)
    min_cap_height_mm = models.DecimalField(_("minimum cap height (mm)"), max_digits=5, decimal_places=2,
                                            default=DEFAULT_MIN_CAP_HEIGHT_MM)
    allow_panels = models.BooleanField(_("split into panels when the names do not fit"), default=False)
    uppercase_title = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(threshold_minor__gte=0), name="plaque_threshold_not_negative"),
            models.CheckConstraint(condition=models.Q(width_mm__gt=0, height_mm__gt=0), name="plaque_size_positive"),
        ]

    def __str__(self) -> str:
        return next(iter(self.title.values()), "") or str(self.project)

    def tier_labels(self) -> list[str]:
        return [t["label"] for t in self.tiers]

    def tier_for(self, net_minor: int) -> str | None:
        """The highest tier whose minimum `net_minor` reaches (None without tiers)."""
        for tier in sorted(self.tiers, key=lambda t: -int(t.get("min_minor", 0))):
            if net_minor >= int(tier.get("min_minor", 0)):
                return tier["label"]
        return None


class ProofStatus(models.TextChoices):
    """Where a proof version stands."""

    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent to the engraver")
    SUPERSEDED = "superseded", _("Superseded")


class NamesSource(models.TextChoices):
    """Where a proof's names came from."""

    LEDGER = "ledger", _("The project's fund in the ledger")
    LIST = "list", _("A names list")


class RenderState(models.TextChoices):
    """Whether a proof version's files (PDF, SVG, DXF) have been made by the background task."""

    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be made")


class Proof(BaseModel):
    """One version of a plaque's proof, kept for good with the names it holds.

    `names` is a list of {"line": "name-00001", "text": ..., "tier": ..., "donor": ..., "person": ...,
    "organisation": ..., "net_minor": ...}: the line id matches the `id` of the name's group in the SVG. The names are
    chosen and laid out when the version is made; its files are rendered afterwards by
    `korpu.plaques.tasks.render_proof` (`render_state`), from the settings kept in `settings_snapshot`.
    """

    plaque = models.ForeignKey(Plaque, on_delete=models.PROTECT, related_name="proofs")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=ProofStatus.choices, default=ProofStatus.DRAFT, db_index=True)
    source = models.CharField(max_length=8, choices=NamesSource.choices)
    names = models.JSONField(default=list)
    anonymous_count = models.PositiveIntegerField(default=0)
    settings_snapshot = models.JSONField(default=dict)
    panels = models.PositiveSmallIntegerField(default=1)
    render_state = models.CharField(max_length=8, choices=RenderState.choices, default=RenderState.PENDING)
    render_error = models.TextField(blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    # The SVG and DXF of every panel and the PDF proof, zipped: the engraver's package once sent.
    engraver_zip = models.BinaryField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plaque", "-version"]
        constraints = [models.UniqueConstraint(fields=["plaque", "version"], name="proof_version_once")]

    def __str__(self) -> str:
        return f"{self.plaque} v{self.version}"

    @property
    def is_ready(self) -> bool:
        return self.render_state == RenderState.READY
