"""Expert profiles, needs from institutions at home, engagements and their outcomes.

Embeddings of profiles and needs are stored as float32 bytes beside the text hash they were
computed from, so a background task can find what is missing or stale and resume after a stop.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

import numpy as np
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korpu.core.models import BaseModel
from korpu.expertise import taxonomy


class Offer(models.TextChoices):
    """What an expert offers, and what a need asks for."""

    LECTURE = "lecture", _("Lecture")
    COURSE = "course", _("Course")
    CONSULTATION = "consultation", _("Remote consultation")
    MENTORSHIP = "mentorship", _("Mentorship")
    JOINT_RESEARCH = "joint_research", _("Joint research")
    SUPERVISION = "supervision", _("Supervision of students")
    VISITING = "visiting", _("Visiting position")
    LAB_ACCESS = "lab_access", _("Equipment or lab access abroad")


REMOTE_OFFERS = {Offer.CONSULTATION, Offer.MENTORSHIP, Offer.SUPERVISION, Offer.LECTURE, Offer.JOINT_RESEARCH}


class Visibility(models.TextChoices):
    """Who may see an expert's profile."""

    PRIVATE = "private", _("Only me")
    COMMITTEE = "committee", _("Committee staff")
    INSTITUTIONS = "institutions", _("Committee staff and institutions at home")


class ProfileStatus(models.TextChoices):
    """Whether an expert takes part."""

    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def text_hash(text: str, model: str) -> str:
    """The hash that says whether a stored embedding still belongs to `text` under `model`."""
    return hashlib.sha256(f"{model}\n{text}".encode()).hexdigest()


def vector_from(blob: bytes | memoryview | None) -> np.ndarray | None:
    if not blob:
        return None
    return np.frombuffer(bytes(blob), dtype=np.float32)


class ExpertProfile(BaseModel):
    """A person in the registry who offers their expertise to colleagues at home."""

    person = models.OneToOneField("network.Person", on_delete=models.CASCADE, related_name="expert_profile")
    headline = models.CharField(_("headline"), max_length=200, help_text=_("One line: what you do."))
    summary = models.JSONField(_("about your work"), default=dict, blank=True, help_text=_("Language → text"))
    fields = models.JSONField(_("fields"), default=list, help_text=_("OECD fields of science and medical specialties"))
    degrees = models.JSONField(_("degrees"), default=list, blank=True)
    institution = models.CharField(_("institution"), max_length=300, blank=True)
    country = models.CharField(_("country"), max_length=2, db_index=True, help_text=_("ISO 3166-1 alpha-2 code"))
    languages = models.JSONField(_("languages"), default=list)
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True, db_index=True)
    publications = models.JSONField(_("publications"), default=list, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    offers = models.JSONField(_("what you offer"), default=list)
    hours_per_month = models.PositiveSmallIntegerField(_("hours per month"), default=4)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    visibility = models.CharField(_("who may see the profile"), max_length=16, choices=Visibility.choices,
                                  default=Visibility.COMMITTEE)
    contactable = models.BooleanField(_("institutions may contact me"), default=True)
    digest = models.BooleanField(_("send me needs I fit"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=ProfileStatus.choices,
                              default=ProfileStatus.ACTIVE, db_index=True)
    credentials_verified_at = models.DateTimeField(null=True, blank=True)
    credentials_verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                                on_delete=models.SET_NULL, related_name="+")
    embedding = models.BinaryField(null=True, blank=True, editable=False)
    embedding_model = models.CharField(max_length=120, blank=True, editable=False)
    embedding_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The hash the embedding should have: kept by save(), so "missing or stale" is one indexed query.
    wanted_hash = models.CharField(max_length=64, blank=True, editable=False)
    embedded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "visibility"]), models.Index(fields=["wanted_hash"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours_per_month__lte=744), name="expert_hours_in_month"),
        ]

    def __str__(self) -> str:
        return self.headline

    @property
    def is_verified(self) -> bool:
        return self.credentials_verified_at is not None

    @property
    def may_be_proposed(self) -> bool:
        """Profile-side conditions for matching (consent is checked separately in network)."""
        return self.status == ProfileStatus.ACTIVE and self.visibility != Visibility.PRIVATE

    def match_text(self) -> str:
        """The text whose meaning is compared with needs: headline, summary, fields, publication titles."""
        parts = [self.headline]
        parts += [t for _lang, t in sorted((self.summary or {}).items()) if t]
        parts.append(", ".join(str(taxonomy.ALL_FIELDS.get(c, c)) for c in self.fields or []))
        parts += [str(p.get("title", "")) for p in (self.publications or [])[:10] if isinstance(p, dict)]
        return "\n".join(p for p in parts if p).strip()

    def vector(self) -> np.ndarray | None:
        return vector_from(self.embedding)

    def refresh_wanted_hash(self) -> str:
        """Recompute the hash the stored embedding must carry to be current."""
        from korpu.embeddings import model_name

        self.wanted_hash = text_hash(self.match_text(), model_name())
        return self.wanted_hash

    @property
    def embedding_is_current(self) -> bool:
        return bool(self.embedding) and self.embedding_hash == self.wanted_hash

    def save(self, *args, **kwargs):
        self.refresh_wanted_hash()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = list({*update_fields, "wanted_hash"})
        super().save(*args, **kwargs)


class Availability(BaseModel):
    """A period in which an expert can give time."""

    profile = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="availability")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="availability_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} – {self.ends_on}"


class CredentialStatus(models.TextChoices):
    """Where the committee's check of a document stands."""

    PENDING = "pending", _("Waiting for a check")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class CredentialKind(models.TextChoices):
    """What a document proves."""

    DEGREE = "degree", _("Degree diploma")
    LICENCE = "licence", _("Medical licence")
    APPOINTMENT = "appointment", _("Appointment letter")
    OTHER = "other", _("Other")


def credential_path(instance: Credential, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"expertise/credentials/{instance.profile_id}/{uuid.uuid4().hex}.{suffix}"


class Credential(BaseModel):
    """A document an expert uploaded, checked by committee staff."""

    profile = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="credentials")
    kind = models.CharField(_("kind"), max_length=16, choices=CredentialKind.choices)
    title = models.CharField(_("what it is"), max_length=200)
    document = models.FileField(_("document"), upload_to=credential_path)
    status = models.CharField(max_length=16, choices=CredentialStatus.choices, default=CredentialStatus.PENDING)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Urgency(models.TextChoices):
    """How soon a need must be met."""

    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class NeedStatus(models.TextChoices):
    """Where a need stands."""

    OPEN = "open", _("Open")
    MATCHED = "matched", _("Matched")
    CLOSED = "closed", _("Closed")


class Need(BaseModel):
    """What an institution at home asks for."""

    organisation = models.ForeignKey("network.Organisation", on_delete=models.CASCADE, related_name="expertise_needs")
    title = models.CharField(_("title"), max_length=200)
    description = models.JSONField(_("description"), default=dict, help_text=_("Language → text"))
    fields = models.JSONField(_("fields"), default=list)
    mode = models.CharField(_("what is asked for"), max_length=20, choices=Offer.choices)
    work_languages = models.JSONField(_("languages of work"), default=list)
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    project = models.ForeignKey("revival.Project", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="expertise_needs", verbose_name=_("revival project"),
                                help_text=_("The Karabakh revival project the need belongs to"))
    status = models.CharField(_("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.OPEN,
                              db_index=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    embedding = models.BinaryField(null=True, blank=True, editable=False)
    embedding_model = models.CharField(max_length=120, blank=True, editable=False)
    embedding_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="need_period_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    def match_text(self) -> str:
        parts = [self.title] + [t for _lang, t in sorted((self.description or {}).items()) if t]
        parts.append(", ".join(str(taxonomy.ALL_FIELDS.get(c, c)) for c in self.fields or []))
        return "\n".join(p for p in parts if p).strip()

    def description_in(self, language: str | None) -> str:
        texts = self.description or {}
        return texts.get(language or "") or next(iter(texts.values()), "")

    def vector(self) -> np.ndarray | None:
        return vector_from(self.embedding)

    @property
    def open_days(self) -> int:
        end = self.closed_at or timezone.now()
        return max((end - self.created_at).days, 0)


class EngagementStatus(models.TextChoices):
    """The life of an engagement, from introduction to its end."""

    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


ENGAGEMENT_FLOW = {
    EngagementStatus.PROPOSED: {EngagementStatus.AGREED, EngagementStatus.CANCELLED},
    EngagementStatus.AGREED: {EngagementStatus.IN_PROGRESS, EngagementStatus.CANCELLED},
    EngagementStatus.IN_PROGRESS: {EngagementStatus.COMPLETED, EngagementStatus.CANCELLED},
    EngagementStatus.COMPLETED: set(),
    EngagementStatus.CANCELLED: set(),
}


class Engagement(BaseModel):
    """An introduction of an expert to a need, agreed by both sides, and the work that follows.

    The expert's country and fields are copied at introduction so that the dashboard keeps its
    totals after an expert is erased (the link to the profile is then cleared).
    """

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="engagements")
    expert = models.ForeignKey(ExpertProfile, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="engagements")
    expert_country = models.CharField(max_length=2, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=EngagementStatus.choices,
                              default=EngagementStatus.PROPOSED, db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    expert_agreed_at = models.DateTimeField(null=True, blank=True)
    institution_agreed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["need", "expert"], name="engagement_once_per_need_expert",
                                    condition=~models.Q(status="cancelled")),
        ]

    def __str__(self) -> str:
        return f"{self.need} · {self.expert_id}"

    def may_become(self, status: str) -> bool:
        return status in ENGAGEMENT_FLOW.get(EngagementStatus(self.status), set())


class EngagementSession(BaseModel):
    """One working session of an engagement."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        ordering = ["held_on"]
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0), name="session_hours_positive")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.hours} h"


class OutcomeKind(models.TextChoices):
    """What an engagement produced (counts only: never data that identifies a patient)."""

    PEOPLE_TRAINED = "trained", _("People trained")
    PATIENTS_SEEN = "patients", _("Patients seen")
    PAPER = "paper", _("Paper")
    GRANT = "grant", _("Grant")
    EQUIPMENT = "equipment", _("Equipment")
    OTHER = "other", _("Other")


class Outcome(BaseModel):
    """A result of an engagement."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=16, choices=OutcomeKind.choices)
    count = models.PositiveIntegerField(_("how many"), default=1)
    description = models.CharField(_("description"), max_length=500, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} × {self.count}"


class Side(models.TextChoices):
    """Which side of an engagement speaks."""

    EXPERT = "expert", _("Expert")
    INSTITUTION = "institution", _("Institution")


class Feedback(BaseModel):
    """One side's rating of an engagement."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="feedback")
    side = models.CharField(max_length=16, choices=Side.choices)
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["engagement", "side"], name="feedback_once_per_side"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.side} {self.rating}"


class DigestEntry(models.Model):
    """A need that was e-mailed to an expert in their digest, so it is never sent to them again."""

    profile = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="digest_entries")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "need"], name="digest_need_once_per_expert")]

    def __str__(self) -> str:
        return f"{self.profile_id} · {self.need_id}"


class IndexVersion(models.Model):
    """One row: changes whenever anything the match index holds changes.

    Each process keeps its matrix of profile vectors and compares `token` before use. A random
    token (not only a counter) so that a rolled-back transaction can never make two different
    states share a version.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    counter = models.PositiveBigIntegerField(default=0)
    token = models.CharField(max_length=32, default="")
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.counter}"


class EmbeddingRun(BaseModel):
    """One background pass over profiles without an embedding or with a stale one."""

    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    model = models.CharField(max_length=120, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))

    @property
    def is_running(self) -> bool:
        return self.finished_at is None and not self.error


def today() -> dt.date:
    return timezone.localdate()
