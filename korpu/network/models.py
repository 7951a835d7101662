"""The registry: organisations, people, their names across scripts, memberships and consent.

Consent lives here and only here: every app asks `selectors.has_consent` before it shows, names,
contacts or shares a person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korpu.core.models import BaseModel


class OrganisationKind(models.TextChoices):
    """What kind of organisation it is."""

    COMMUNITY = "community", _("Community association")
    CULTURAL_CENTRE = "cultural_centre", _("Cultural centre")
    YOUTH = "youth", _("Youth or student union")
    WOMEN = "women", _("Women's association")
    PROFESSIONAL = "professional", _("Professional network")
    BUSINESS = "business", _("Business association")
    MEDIA = "media", _("Media outlet")
    RELIGIOUS = "religious", _("Religious community")
    COORDINATION_COUNCIL = "coordination_council", _("Coordination council")
    FRIENDLY_DIASPORA = "friendly_diaspora", _("Friendly-diaspora organisation")
    COMMITTEE = "committee", _("Committee or foundation at home")
    OTHER = "other", _("Other")


class OrganisationStatus(models.TextChoices):
    """Where an organisation stands with the committee."""

    PROPOSED = "proposed", _("Proposed")
    VERIFIED = "verified", _("Verified")
    INACTIVE = "inactive", _("Inactive")


class Organisation(BaseModel):
    """A diaspora organisation (or a friendly diaspora's, or a body at home such as a foundation)."""

    name = models.CharField(_("name"), max_length=300, help_text=_("The registered name, as the organisation writes it."))
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)
    search_name = models.CharField(max_length=300, db_index=True, editable=False, default="")
    # Every name (registered, other languages) and its Latin and Cyrillic forms, case-folded: the directory's
    # any-script search (services.organisation_search_text keeps it).
    search_text = models.TextField(editable=False, default="")
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices, default=OrganisationKind.COMMUNITY)
    country = models.CharField(_("country"), max_length=2, db_index=True, help_text=_("ISO 3166-1 alpha-2 code"))
    city = models.CharField(_("city"), max_length=120, blank=True, db_index=True)
    founded_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    social_links = models.JSONField(_("social links"), default=list, blank=True)
    diaspora = models.CharField(_("diaspora"), max_length=8, default="az", help_text=_("Whose diaspora: az, tr, kz, uz, kg, hu..."))
    status = models.CharField(_("status"), max_length=16, choices=OrganisationStatus.choices, default=OrganisationStatus.PROPOSED, db_index=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", help_text=_("Who applied for the organisation to join."))

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["country", "city"]), models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        """The name in `language` when the organisation gave one, else the registered name."""
        return (self.names or {}).get(language) or self.name


class LinkKind(models.TextChoices):
    """How two organisations are linked."""

    MEMBER_OF = "member_of", _("Member of (umbrella)")
    PARTNER = "partner", _("Partner")


class OrganisationLink(BaseModel):
    """`source` is a member of, or a partner of, `target`."""

    source = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=16, choices=LinkKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="organisation_link_once"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="organisation_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target} ({self.kind})"


class Script(models.TextChoices):
    """The writing system of a name form."""

    LATIN = "Latn", _("Latin")
    CYRILLIC = "Cyrl", _("Cyrillic")
    ARABIC = "Arab", _("Arabic")
    PERSIAN = "Pers", _("Persian (Arabic script)")
    OTHER = "Other", _("Other")


class Person(BaseModel):
    """A person in the registry. The name is stored as they write it, in their script."""

    name = models.CharField(_("name"), max_length=300)
    script = models.CharField(_("script"), max_length=8, choices=Script.choices, default=Script.LATIN)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    is_pseudonym = models.BooleanField(_("pseudonym"), default=False, help_text=_("Takes part under a pseudonym; no contact data is kept."))
    country = models.CharField(_("country of residence"), max_length=2, blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    profession = models.CharField(_("profession"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from")
    erased_at = models.DateTimeField(null=True, blank=True)
    # Derived from the newest share_committee Consent (kept by services.do_record_consent) so that
    # staff's scoped lists need no per-row subquery; Consent stays the source of truth.
    shares_with_committee = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["shares_with_committee", "merged_into"])]

    def __str__(self) -> str:
        return self.name


class VariantKind(models.TextChoices):
    """Where another form of a person's name comes from."""

    LATIN = "latin", _("Latin spelling")
    CYRILLIC = "cyrillic", _("Cyrillic spelling")
    ARABIC = "arabic", _("Arabic script")
    PERSIAN = "persian", _("Persian script")
    PASSPORT = "passport", _("Passport spelling")
    MERGED = "merged", _("From a merged record")
    OTHER = "other", _("Other")


class NameVariant(BaseModel):
    """Another form of a person's name."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="variants")
    text = models.CharField(max_length=300)
    script = models.CharField(max_length=8, choices=Script.choices)
    kind = models.CharField(max_length=16, choices=VariantKind.choices, default=VariantKind.OTHER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "text"], name="name_variant_once")]

    def __str__(self) -> str:
        return self.text


class NameKey(models.Model):
    """A search key of one of a person's name forms (korpu.names.search_keys); the search index."""

    id = models.BigAutoField(primary_key=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["key", "person"])]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="name_key_once")]

    def __str__(self) -> str:
        return self.key


class MembershipRole(models.TextChoices):
    """A person's role in an organisation."""

    CHAIR = "chair", _("Chair")
    BOARD = "board", _("Board member")
    MEMBER = "member", _("Member")
    VOLUNTEER = "volunteer", _("Volunteer")


class Membership(BaseModel):
    """A person belongs to an organisation, in a role, from `since` until `until`."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "person"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(since__isnull=True) | models.Q(until__gte=models.F("since")),
                name="membership_until_after_since",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organisation}"

    @property
    def is_current(self) -> bool:
        return self.until is None or self.until >= timezone.localdate()


class ConsentPurpose(models.TextChoices):
    """What a person consents to."""

    CONTACT_BY_ORGANISATION = "contact", _("Be contacted by their organisation")
    SHARE_WITH_COMMITTEE = "share_committee", _("Be shared with the committee")
    NAMED_IN_PUBLIC = "named_public", _("Appear by name in public lists and on plaques")
    NEWSLETTER = "newsletter", _("Receive newsletters")


class ConsentSource(models.TextChoices):
    """How a consent decision reached us."""

    SELF_SERVICE = "self", _("Given by the person online")
    FORM = "form", _("Paper or event form")
    IMPORT = "import", _("Imported")
    OFFICER = "officer", _("Recorded by an officer")
    API = "api", _("Through the API")


class Consent(BaseModel):
    """One decision about one purpose. The newest decision per person and purpose is in force;
    older ones stay as history."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    granted = models.BooleanField()
    decided_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=16, choices=ConsentSource.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["person", "purpose", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.purpose}={self.granted}"


class ImportKind(models.TextChoices):
    """What an import file holds."""

    ORGANISATIONS = "organisations", _("Organisations")
    PEOPLE = "people", _("People")
    MEMBERSHIPS = "memberships", _("Memberships")


class ImportStatus(models.TextChoices):
    """Where an import stands."""

    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    INVALID = "invalid", _("Has errors, nothing written")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed, nothing written")


class ImportJob(BaseModel):
    """One uploaded import file: checked in a dry run first, then written all or nothing by a task."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="imports")
    kind = models.CharField(max_length=16, choices=ImportKind.choices)
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    status = models.CharField(max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)
    written = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename}"

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0


class DuplicateStatus(models.TextChoices):
    """What an officer decided about a likely duplicate."""

    OPEN = "open", _("Open")
    MERGED = "merged", _("Merged")
    DISMISSED = "dismissed", _("Not the same person")


class DuplicateCandidate(BaseModel):
    """Two person records that are likely the same person; `a` sorts before `b`."""

    a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN,
                              db_index=True)

    class Meta:
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["a", "b"], name="duplicate_pair_once")]

    def __str__(self) -> str:
        return f"{self.a_id} ~ {self.b_id} ({self.score:.2f})"


class PersonMerge(BaseModel):
    """A confirmed merge of `merged` into `survivor`, with what moved, so that it can be undone."""

    survivor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges_received")
    merged = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges_done")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    moved = models.JSONField(default=dict)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"
