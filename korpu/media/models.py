"""Media relations (outlets, contacts, interactions, press releases) and monitoring (sources,
articles, stories, mentions, topics, saved searches, alerts).

Journalists are stored as `MediaContact` rows with their own consent flag: most are not people of
the diaspora registry, and a professional contact's data (name, work e-mail, phone) is kept only
while `consent` is true. A contact who is also a registry person points to `network.Person`, whose
name and consents stay the source of truth (see docs/media.md).
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from korpu.core.models import BaseModel

if TYPE_CHECKING:
    from korpu.coordination.models import Task


class OutletKind(models.TextChoices):
    """What kind of outlet it is."""

    AGENCY = "agency", _("News agency")
    NEWSPAPER = "newspaper", _("Newspaper")
    TV = "tv", _("Television")
    RADIO = "radio", _("Radio")
    ONLINE = "online", _("Online")


class Outlet(BaseModel):
    """A media outlet the committee watches or works with."""

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, db_index=True, help_text=_("ISO 3166-1 alpha-2 code"))
    language = models.CharField(_("language"), max_length=8, help_text=_("ISO 639-1 code"))
    kind = models.CharField(_("kind"), max_length=16, choices=OutletKind.choices, default=OutletKind.ONLINE)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def host(self) -> str:
        return host_of(self.website)


class MediaContact(BaseModel):
    """A journalist or editor. Personal data is kept only with `consent`; a registry person is
    linked through `person` and named from the registry."""

    person = models.ForeignKey("network.Person", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="media_contacts")
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("work e-mail"), blank=True)
    phone = models.CharField(_("work phone"), max_length=50, blank=True)
    outlets = models.ManyToManyField(Outlet, blank=True, related_name="contacts", verbose_name=_("outlets"))
    beats = models.JSONField(_("beats"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    consent = models.BooleanField(_("consented to be contacted"), default=False)
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_note = models.CharField(_("how consent was given"), max_length=200, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        if self.person is not None:  # no query without a person_id
            return self.person.name
        return self.name or str(_("(erased contact)"))

    @property
    def may_contact(self) -> bool:
        return self.consent and self.erased_at is None and bool(self.email)

    def language_for(self, available: list[str]) -> str | None:
        """The first of the contact's languages among `available`, else the first available."""
        for code in self.languages or []:
            if code in available:
                return code
        return available[0] if available else None


class InteractionKind(models.TextChoices):
    """What happened between the committee and a journalist."""

    PITCH = "pitch", _("Pitch")
    INTERVIEW = "interview", _("Interview")
    OPED = "oped", _("Op-ed placed")
    CORRECTION = "correction", _("Correction asked")
    BRIEFING = "briefing", _("Briefing")
    OTHER = "other", _("Other")


class InteractionResult(models.TextChoices):
    """How an interaction ended."""

    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")
    NO_ANSWER = "no_answer", _("No answer")


class Interaction(BaseModel):
    """One entry in the log of media relations."""

    contact = models.ForeignKey(MediaContact, on_delete=models.CASCADE, related_name="interactions")
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="interactions")
    kind = models.CharField(_("kind"), max_length=16, choices=InteractionKind.choices)
    happened_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"), blank=True)
    result = models.CharField(_("result"), max_length=16, choices=InteractionResult.choices,
                              default=InteractionResult.PENDING)
    article = models.ForeignKey("Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-happened_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on}"


class PressRelease(BaseModel):
    """A press release written in several languages (language → text)."""

    title = models.JSONField(_("title"), default=dict)
    body = models.JSONField(_("text"), default=dict)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    coverage: models.ManyToManyField[Article, Any] = models.ManyToManyField(
        "Article", blank=True, related_name="press_releases")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title_in("en")

    @property
    def languages(self) -> list[str]:
        return sorted(k for k, v in (self.title or {}).items() if v)

    def title_in(self, language: str) -> str:
        title = self.title or {}
        return title.get(language) or next(iter(title.values()), "")


class Recipient(BaseModel):
    """A press release sent to one journalist in their language: opened? published?"""

    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, related_name="recipients")
    contact = models.ForeignKey(MediaContact, on_delete=models.CASCADE, related_name="releases")
    language = models.CharField(max_length=8)
    token = models.CharField(max_length=43, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    article = models.ForeignKey("Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["release", "contact"], name="media_recipient_once")]

    def __str__(self) -> str:
        return f"{self.release_id} → {self.contact_id}"


class SourceKind(models.TextChoices):
    """What a source is."""

    FEED = "feed", _("RSS or Atom feed")
    PAGE = "page", _("Web page")


class Source(BaseModel):
    """A feed or a page polled in the background."""

    kind = models.CharField(_("kind"), max_length=8, choices=SourceKind.choices, default=SourceKind.FEED)
    url = models.URLField(_("address"), max_length=1000, unique=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources",
                               verbose_name=_("outlet"))
    active = models.BooleanField(_("active"), default=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    healthy = models.BooleanField(default=True)
    last_error = models.CharField(max_length=500, blank=True)
    failures = models.PositiveIntegerField(default=0)
    items_stored = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.url

    @property
    def host(self) -> str:
        return host_of(self.url)


# Languages written right to left that Django has no locale data for (it knows ar, fa, he, ur, ...).
_RTL_EXTRA = {"ps", "sd", "yi", "dv", "ku"}


def text_direction(language: str) -> str:
    """"rtl" or "ltr" for an ISO 639-1 code, "auto" (the browser decides by the text) when unknown."""
    from django.conf.locale import LANG_INFO

    code = (language or "").lower()
    if code in _RTL_EXTRA:
        return "rtl"
    info = LANG_INFO.get(code)
    if not info:
        return "auto"
    return "rtl" if info.get("bidi") else "ltr"


class Article(BaseModel):
    """One news item, stored once however many addresses led to it."""

    item = models.CharField(max_length=1000, help_text="URL or the path of the file it came from")
    url = models.CharField(max_length=1000, blank=True)
    canonical_url = models.CharField(max_length=1000, blank=True, db_index=True)
    content_hash = models.CharField(max_length=64, unique=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    outlet_name = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=8, blank=True, db_index=True)
    language_low_confidence = models.BooleanField(default=False)
    place = models.CharField(max_length=120, blank=True)
    place_id = models.CharField(max_length=64, blank=True, db_index=True)
    published = models.DateField(null=True, blank=True, db_index=True)
    agency = models.CharField(max_length=120, blank=True)
    agency_id = models.CharField(max_length=64, blank=True, db_index=True)
    title = models.CharField(max_length=1000)
    body = models.TextField(blank=True)
    topics = models.JSONField(default=list, blank=True)
    embedding = models.BinaryField(null=True, blank=True)
    embedding_model = models.CharField(max_length=100, blank=True)
    # The story is the id of its first article (the grouper's rule); null until grouped.
    story = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    # Not columns: set on search results for display.
    score: float | None
    other_copies: list[Article]

    class Meta:
        ordering = ["-published", "-created_at"]
        indexes = [models.Index(fields=["story", "published"]), models.Index(fields=["published", "language"])]

    def __str__(self) -> str:
        return self.title[:120]

    @property
    def vector(self) -> np.ndarray | None:
        if not self.embedding:
            return None
        return np.frombuffer(bytes(self.embedding), dtype=np.float32)

    @property
    def country(self) -> str:
        return self.outlet.country if self.outlet_id and self.outlet else ""

    @property
    def direction(self) -> str:
        """Writing direction of the article's language: "rtl", "ltr", or "auto" when unknown."""
        return text_direction(self.language)


class EntityKind(models.TextChoices):
    """What a mentioned entity is."""

    ORGANISATION = "organisation", _("Organisation")
    PERSON = "person", _("Person")
    PROJECT = "project", _("Project")


class Mention(models.Model):
    """An entity of the registry named in an article."""

    id = models.BigAutoField(primary_key=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    kind = models.CharField(max_length=16, choices=EntityKind.choices)
    entity_id = models.CharField(max_length=64)
    surface = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["kind", "entity_id"])]

    def __str__(self) -> str:
        return self.surface


class TopicRule(BaseModel):
    """Patterns that put an article under a topic, per language ("*" for every language)."""

    topic = models.CharField(_("topic"), max_length=80)
    language = models.CharField(_("language"), max_length=8, default="*")
    patterns = models.TextField(_("patterns"), help_text=_("One pattern a line; a word matches words starting with it; "
                                                           "\"re:\" starts a regular expression."))

    class Meta:
        ordering = ["topic", "language"]
        constraints = [models.UniqueConstraint(fields=["topic", "language"], name="media_topic_rule_once")]

    def __str__(self) -> str:
        return f"{self.topic} [{self.language}]"

    @property
    def pattern_list(self) -> list[str]:
        return [p.strip() for p in self.patterns.splitlines() if p.strip()]


class SearchMode(models.TextChoices):
    """How a search matches."""

    TEXT = "text", _("Words")
    MEANING = "meaning", _("Meaning")


class AlertFrequency(models.TextChoices):
    """When a saved search's alerts are e-mailed."""

    NONE = "none", _("No e-mail")
    IMMEDIATE = "immediate", _("At once")
    DIGEST = "digest", _("Daily digest")


class SavedSearch(BaseModel):
    """A search a media officer keeps, with alerts for new matching articles."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="media_searches")
    name = models.CharField(_("name"), max_length=200)
    query = models.CharField(_("search"), max_length=500)
    mode = models.CharField(_("match by"), max_length=8, choices=SearchMode.choices, default=SearchMode.TEXT)
    frequency = models.CharField(_("alerts"), max_length=10, choices=AlertFrequency.choices,
                                 default=AlertFrequency.IMMEDIATE)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Alert(BaseModel):
    """A new article matched a saved search; it may become a task in coordination."""

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="alerts")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="alerts")
    emailed_at = models.DateTimeField(null=True, blank=True)
    task_id = models.UUIDField(null=True, blank=True)
    # Not a column: the coordination task, attached for display (views._with_tasks).
    task: Task | None

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["search", "article"], name="media_alert_once")]

    def __str__(self) -> str:
        return f"{self.search_id}: {self.article_id}"


# --- derived values (no I/O) ------------------------------------------------------------------

_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|yclid$|mc_|ref$|ref_src$|cmpid$)")


def host_of(url: str) -> str:
    host = (urlsplit(url or "").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def canonical_url(url: str | None) -> str:
    """The address without scheme noise, www., tracking parameters, fragment or trailing slash."""
    if not url or "://" not in url:
        return ""
    parts = urlsplit(url.strip())
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    path = re.sub(r"/+$", "", parts.path or "") or "/"
    if path.endswith(("/index.html", "/index.htm")):
        path = path.rsplit("/", 1)[0] or "/"
    return urlunsplit(("https", host_of(url), path, urlencode(query), ""))


def content_hash(title: str, body: str) -> str:
    """Hash of the folded title and text: the same article under two addresses has the same hash."""
    text = " ".join(f"{title}\n{body}".casefold().split())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
