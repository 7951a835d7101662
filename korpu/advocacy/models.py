"""Advocacy: officials and bodies of any country, interactions with them, campaigns, supporters'
letters and petitions, and the outcomes they led to.

Officials are public-role persons, not registry members: their names and contacts are
public-position data kept here (with `names` search keys), never in `network.Person`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korpu.core.models import BaseModel


def in_language(texts: dict | None, language: str, fallback: str = "") -> str:
    """The text for `language` from a language → text map, else any text, else `fallback`."""
    texts = texts or {}
    base = (language or "en").split("-")[0]
    return texts.get(base) or texts.get("en") or next(iter(texts.values()), "") or fallback


class BodyKind(models.TextChoices):
    """What kind of public body it is."""

    PARLIAMENT = "parliament", _("Parliament or chamber")
    COMMITTEE = "committee", _("Parliamentary committee")
    GOVERNMENT = "government", _("Government")
    MINISTRY = "ministry", _("Ministry or agency")
    REGIONAL = "regional", _("Regional council")
    CITY = "city", _("City council")
    PARTY = "party", _("Political party")
    FRIENDSHIP_GROUP = "friendship_group", _("Parliamentary friendship group")
    OTHER = "other", _("Other body")


class Body(BaseModel):
    """A public body of a host country (Popolo "organization")."""

    name = models.CharField(_("name"), max_length=300)
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices, default=BodyKind.OTHER)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("postal address"), blank=True)
    external_id = models.CharField(max_length=200, blank=True, help_text="Popolo id of the source dataset")

    class Meta:
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "external_id"], condition=~models.Q(external_id=""),
                                    name="advocacy_body_external_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Constituency(BaseModel):
    """An electoral district or other area (Popolo "area")."""

    name = models.CharField(_("name"), max_length=300)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    external_id = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "external_id"], condition=~models.Q(external_id=""),
                                    name="advocacy_area_external_once"),
        ]

    def __str__(self) -> str:
        return self.name


class PostcodeArea(models.Model):
    """One row of a constituency table an organisation imported: postcode → constituency."""

    id = models.BigAutoField(primary_key=True)
    country = models.CharField(max_length=2)
    postcode = models.CharField(max_length=20)
    constituency = models.ForeignKey(Constituency, on_delete=models.CASCADE, related_name="postcodes")

    class Meta:
        indexes = [models.Index(fields=["country", "postcode"])]
        constraints = [models.UniqueConstraint(fields=["country", "postcode", "constituency"],
                                               name="advocacy_postcode_once")]

    def __str__(self) -> str:
        return f"{self.country} {self.postcode}"


def normalize_postcode(value: str) -> str:
    """Postcodes compare without spaces and case ("sw1a 1aa" = "SW1A1AA")."""
    return "".join((value or "").split()).upper()


class Official(BaseModel):
    """A person holding a public role: public-position data only."""

    name = models.CharField(_("name"), max_length=300)
    script = models.CharField(_("script"), max_length=8, default="Latn")
    other_names = models.JSONField(_("other forms of the name"), default=list, blank=True)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    address = models.TextField(_("office postal address"), blank=True)
    phone = models.CharField(_("office phone"), max_length=60, blank=True)
    website = models.URLField(_("website"), blank=True)
    positions = models.JSONField(_("public positions"), default=dict, blank=True,
                                 help_text="language → text: stated public positions on our issues")
    external_id = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "external_id"], condition=~models.Q(external_id=""),
                                    name="advocacy_official_external_once"),
        ]

    def __str__(self) -> str:
        return self.name


class OfficialKey(models.Model):
    """A `names.search_keys` key of one of an official's name forms."""

    id = models.BigAutoField(primary_key=True)
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["key", "official"])]
        constraints = [models.UniqueConstraint(fields=["official", "key"], name="advocacy_official_key_once")]

    def __str__(self) -> str:
        return self.key


class Role(BaseModel):
    """An official's role in a body (Popolo "membership" with its "post")."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="roles")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="roles")
    label = models.CharField(_("role"), max_length=200, blank=True)
    constituency = models.ForeignKey(Constituency, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="roles")
    party = models.ForeignKey(Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="party_roles")
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    external_id = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="advocacy_role_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.official} — {self.label or self.body}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= timezone.localdate()


class ImportKind(models.TextChoices):
    """What an import file holds."""

    POPOLO = "popolo", _("Popolo JSON")
    OFFICIALS_CSV = "officials_csv", _("Officials (CSV)")
    POSTCODES_CSV = "postcodes_csv", _("Postcode → constituency table (CSV)")


class ImportBatch(BaseModel):
    """An uploaded file, checked and previewed; applied whole or not at all."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    country = models.CharField(max_length=2)
    filename = models.CharField(max_length=200, blank=True)
    plan = models.JSONField(default=dict)
    report = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.country} {self.filename}"

    @property
    def is_valid(self) -> bool:
        return not self.report.get("errors")


class IssueKind(models.TextChoices):
    """What a campaign is about."""

    RESOLUTION = "resolution", _("A resolution")
    COMMEMORATION = "commemoration", _("A commemoration date")
    VISA = "visa", _("Visa facilitation")
    TRADE = "trade", _("A trade or transport link")
    OTHER = "other", _("Other issue")


class CampaignStatus(models.TextChoices):
    """Where a campaign stands."""

    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Campaign(BaseModel):
    """An advocacy campaign run by one or more organisations."""

    title = models.JSONField(_("title"), default=dict)
    issue = models.CharField(_("issue"), max_length=20, choices=IssueKind.choices, default=IssueKind.OTHER)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    goals = models.JSONField(_("goals"), default=list, blank=True, help_text="list of language → text maps")
    asks = models.JSONField(_("asks"), default=list, blank=True, help_text="list of language → text maps")
    country = models.CharField(_("country"), max_length=2, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    is_public = models.BooleanField(_("public"), default=False)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    organisation = models.ForeignKey("network.Organisation", on_delete=models.PROTECT, related_name="+")
    organisations = models.ManyToManyField("network.Organisation", related_name="advocacy_campaigns")
    target_officials = models.ManyToManyField(Official, blank=True, related_name="campaigns")
    target_bodies = models.ManyToManyField(Body, blank=True, related_name="campaigns")

    class Meta:
        ordering = ["-starts_on", "-created_at"]

    def __str__(self) -> str:
        return in_language(self.title, "en", str(self.pk))

    def title_in(self, language: str) -> str:
        return in_language(self.title, language)


class InteractionKind(models.TextChoices):
    """How the organisation met the official."""

    MEETING = "meeting", _("Meeting")
    LETTER = "letter", _("Letter")
    CALL = "call", _("Call")
    HEARING = "hearing", _("Hearing")
    EVENT = "event", _("Event")


class Visibility(models.TextChoices):
    """Who may read an interaction record (admins always may)."""

    ORGANISATIONS = "organisations", _("Only the organisations involved")
    COMMITTEE = "committee", _("The organisations involved and committee staff")


class Interaction(BaseModel):
    """A meeting, letter, call, hearing or event between organisations and officials."""

    kind = models.CharField(_("kind"), max_length=10, choices=InteractionKind.choices)
    occurred_on = models.DateField(_("date"), db_index=True)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    topic = models.CharField(_("topic"), max_length=300)
    asked = models.TextField(_("what we asked"), blank=True)
    promised = models.TextField(_("what was promised"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    visibility = models.CharField(_("visibility"), max_length=16, choices=Visibility.choices,
                                  default=Visibility.COMMITTEE)
    organisation = models.ForeignKey("network.Organisation", on_delete=models.PROTECT, related_name="+",
                                     help_text="the organisation that recorded it")
    organisations = models.ManyToManyField("network.Organisation", related_name="advocacy_interactions")
    officials = models.ManyToManyField(Official, related_name="interactions")
    bodies = models.ManyToManyField(Body, blank=True, related_name="interactions")
    participants = models.ManyToManyField("network.Person", blank=True, related_name="advocacy_interactions")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="interactions")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        indexes = [models.Index(fields=["country", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.topic}"


class FollowUp(BaseModel):
    """Something to do after an interaction, by a date."""

    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("description"), max_length=500)
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()


class Attachment(BaseModel):
    """A file kept with an interaction (minutes, the letter sent, a photo)."""

    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="advocacy/attachments/%Y/%m/")
    filename = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.filename


class ActionKind(models.TextChoices):
    """What supporters are asked to do."""

    LETTER = "letter", _("Write to your representative")
    PETITION = "petition", _("Sign a petition")


class Action(BaseModel):
    """A letter-writing action or a petition, open to supporters (anonymous visitors)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=10, choices=ActionKind.choices)
    title = models.JSONField(_("title"), default=dict)
    text = models.JSONField(_("text"), default=dict, blank=True,
                            help_text="language → petition text, or letter template with {official} {name} {constituency}")
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             help_text="letters: whose members represent the supporter's constituency")
    targets = models.ManyToManyField(Official, blank=True, related_name="+",
                                     help_text="letters: the officials supporters may choose from")
    country = models.CharField(_("country"), max_length=2, blank=True)
    goal = models.PositiveIntegerField(_("signature goal"), default=0)
    is_open = models.BooleanField(_("open"), default=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return in_language(self.title, "en", str(self.pk))

    def title_in(self, language: str) -> str:
        return in_language(self.title, language)

    def text_in(self, language: str) -> str:
        return in_language(self.text, language)


class Signature(models.Model):
    """One supporter's signature: the minimum (name, e-mail to confirm, country); counted once confirmed."""

    id = models.BigAutoField(primary_key=True)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="signatures")
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    country = models.CharField(max_length=2, blank=True)
    nonce = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "email"], name="advocacy_signature_once")]
        indexes = [models.Index(fields=["action", "confirmed_at"])]

    def __str__(self) -> str:
        return f"{self.action_id}:{self.pk}"


class LetterStatus(models.TextChoices):
    """Where a supporter's letter stands."""

    PENDING = "pending", _("Waiting for e-mail confirmation")
    CONFIRMED = "confirmed", _("Confirmed, being sent")
    SENT = "sent", _("Sent by e-mail")
    PRINTED = "printed", _("Printed as PDF")


class Letter(BaseModel):
    """A supporter's letter to an official. Once sent, the supporter's data is dropped; the count stays."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="letters")
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="letters")
    status = models.CharField(max_length=10, choices=LetterStatus.choices, default=LetterStatus.PENDING)
    language = models.CharField(max_length=8, default="en")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    text = models.TextField(blank=True)
    nonce = models.CharField(max_length=32, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.action_id} → {self.official_id}"


class OutcomeKind(models.TextChoices):
    """What was achieved (or not)."""

    VOTE = "vote", _("Vote")
    STATEMENT = "statement", _("Public statement")
    RESOLUTION = "resolution", _("Resolution adopted")
    MEETING_GRANTED = "meeting_granted", _("Meeting granted")
    OTHER = "other", _("Other outcome")


class Stance(models.TextChoices):
    """Whether an outcome went our way."""

    SUPPORTIVE = "supportive", _("Supportive")
    NEUTRAL = "neutral", _("Neutral")
    OPPOSED = "opposed", _("Opposed")


class Outcome(BaseModel):
    """A vote, statement, adopted resolution or granted meeting, linked to what led to it."""

    kind = models.CharField(_("kind"), max_length=20, choices=OutcomeKind.choices)
    stance = models.CharField(_("stance"), max_length=12, choices=Stance.choices, default=Stance.SUPPORTIVE)
    occurred_on = models.DateField(_("date"), db_index=True)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    source_url = models.URLField(_("source"), blank=True)
    official = models.ForeignKey(Official, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes")
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes")
    is_public = models.BooleanField(_("public"), default=True)
    organisation = models.ForeignKey("network.Organisation", on_delete=models.PROTECT, related_name="+")
    interactions = models.ManyToManyField(Interaction, blank=True, related_name="outcomes")
    campaigns = models.ManyToManyField(Campaign, blank=True, related_name="outcomes")

    class Meta:
        ordering = ["-occurred_on", "-created_at"]

    def __str__(self) -> str:
        return self.title
