"""Every write of the media app: do_<verb>_<noun>(*, actor, ...) in one transaction with its audit row."""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from korpu.core import audit, links, permissions
from korpu.core.errors import PermissionDenied
from korpu.core.models import AuditAction
from korpu.media import permissions_setup as perms
from korpu.media.errors import FetchError, MediaError
from korpu.media.models import (
    Alert,
    AlertFrequency,
    Article,
    Interaction,
    InteractionKind,
    InteractionResult,
    MediaContact,
    Mention,
    Outlet,
    OutletKind,
    PressRelease,
    Recipient,
    SavedSearch,
    SearchMode,
    Source,
    SourceKind,
    TopicRule,
)

log = logging.getLogger("korpu.media")
_CODE = re.compile(r"^[a-z]{2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _system(actor: Any) -> bool:
    return isinstance(actor, str)


def _require(actor: Any, perm: str) -> None:
    if not _system(actor) and not permissions.has_perm(actor, perm):
        raise PermissionDenied()


# --- outlets ------------------------------------------------------------------------------------

def _check_outlet(name: str, country: str, language: str, kind: str) -> None:
    if not (name or "").strip():
        raise MediaError(_("An outlet needs a name."))
    if not _COUNTRY.match(country or ""):
        raise MediaError(_("The country must be a two-letter ISO code, such as DE."))
    if not _CODE.match(language or ""):
        raise MediaError(_("The language must be a two-letter ISO 639-1 code, such as de."))
    if kind not in OutletKind.values:
        raise MediaError(_("Unknown kind of outlet."))


def do_create_outlet(*, actor: Any, name: str, country: str, language: str, kind: str = OutletKind.ONLINE,
                     website: str = "") -> Outlet:
    _require(actor, perms.CHANGE_OUTLET)
    country, language = (country or "").upper(), (language or "").lower()
    _check_outlet(name, country, language, kind)
    with transaction.atomic():
        outlet = Outlet.objects.create(name=name.strip(), country=country, language=language, kind=kind,
                                       website=website or "")
        audit.record(actor=actor, action=AuditAction.CREATE, obj=outlet,
                     changes={"name": [None, outlet.name], "country": [None, country]})
    return outlet


def do_update_outlet(*, actor: Any, outlet: Outlet, name: str, country: str, language: str, kind: str,
                     website: str = "") -> Outlet:
    _require(actor, perms.CHANGE_OUTLET)
    country, language = (country or "").upper(), (language or "").lower()
    _check_outlet(name, country, language, kind)
    fields = ["name", "country", "language", "kind", "website"]
    with transaction.atomic():
        before = audit.snapshot(outlet, fields)
        outlet.name, outlet.country, outlet.language, outlet.kind, outlet.website = (
            name.strip(), country, language, kind, website or "")
        outlet.save(update_fields=[*fields, "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=outlet,
                     changes=audit.diff(before, audit.snapshot(outlet, fields)))
    return outlet


# --- contacts -----------------------------------------------------------------------------------

def do_create_contact(*, actor: Any, name: str = "", person=None, email: str = "", phone: str = "",
                      outlets: Iterable[Outlet] = (), beats: Sequence[str] = (), languages: Sequence[str] = (),
                      consent: bool = False, consent_note: str = "") -> MediaContact:
    """Add a journalist. Without consent only the name and outlets are kept (to log interactions)."""
    _require(actor, perms.CHANGE_CONTACT)
    if person is None and not (name or "").strip():
        raise MediaError(_("A contact needs a name or a registry person."))
    if (email or phone) and not consent:
        raise MediaError(_("Contact details are kept only with the journalist's consent."))
    with transaction.atomic():
        contact = MediaContact.objects.create(
            person=person, name="" if person else name.strip(), email=email or "", phone=phone or "",
            beats=[b.strip() for b in beats if b.strip()], languages=[c for c in languages if _CODE.match(c)],
            consent=consent, consent_at=timezone.now() if consent else None, consent_note=consent_note[:200])
        contact.outlets.set(list(outlets))
        audit.record(actor=actor, action=AuditAction.CREATE, obj=contact, object_repr=str(contact)[:300],
                     changes={"consent": [None, consent]})
    return contact


def do_update_contact(*, actor: Any, contact: MediaContact, name: str, email: str, phone: str,
                      outlets: Iterable[Outlet], beats: Sequence[str], languages: Sequence[str]) -> MediaContact:
    _require(actor, perms.CHANGE_CONTACT)
    if (email or phone) and not contact.consent:
        raise MediaError(_("Contact details are kept only with the journalist's consent."))
    fields = ["name", "email", "phone", "beats", "languages"]
    with transaction.atomic():
        before = audit.snapshot(contact, fields)
        if not contact.person_id:
            contact.name = (name or "").strip() or contact.name
        contact.email, contact.phone = email or "", phone or ""
        contact.beats = [b.strip() for b in beats if b.strip()]
        contact.languages = [c for c in languages if _CODE.match(c)]
        contact.save(update_fields=[*fields, "updated_at"])
        contact.outlets.set(list(outlets))
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=contact,
                     changes=audit.diff(before, audit.snapshot(contact, fields)))
    return contact


def do_set_contact_consent(*, actor: Any, contact: MediaContact, consent: bool, note: str = "") -> MediaContact:
    """Record consent, or its withdrawal: withdrawing deletes the contact details at once."""
    _require(actor, perms.CHANGE_CONTACT)
    with transaction.atomic():
        contact.consent = consent
        contact.consent_at = timezone.now()
        contact.consent_note = note[:200]
        if not consent:
            contact.email = contact.phone = ""
        contact.save(update_fields=["consent", "consent_at", "consent_note", "email", "phone", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=contact, changes={"consent": [None, consent]})
    return contact


def erase_person(person_id) -> int:
    """Answer network's person_erased: forget what media holds about the person."""
    count = 0
    for contact in MediaContact.objects.filter(person_id=person_id):
        contact.person = None
        contact.name = contact.email = contact.phone = contact.consent_note = ""
        contact.consent = False
        contact.beats = []
        contact.erased_at = timezone.now()
        contact.save(update_fields=["person", "name", "email", "phone", "consent_note", "consent", "beats",
                                    "erased_at", "updated_at"])
        Interaction.objects.filter(contact=contact).update(summary="")
        count += 1
    Mention.objects.filter(kind="person", entity_id=str(person_id)).delete()
    audit.record(actor="system", action=AuditAction.ERASE, object_type="media.mediacontact",
                 object_id=str(person_id), message="person erased: media contacts anonymised, mentions removed")
    return count


def do_record_interaction(*, actor: Any, contact: MediaContact, kind: str, happened_on: dt.date, summary: str = "",
                          result: str = InteractionResult.PENDING, outlet: Outlet | None = None,
                          article: Article | None = None) -> Interaction:
    _require(actor, perms.CHANGE_CONTACT)
    if kind not in InteractionKind.values or result not in InteractionResult.values:
        raise MediaError(_("Unknown kind or result of interaction."))
    with transaction.atomic():
        interaction = Interaction.objects.create(
            contact=contact, kind=kind, happened_on=happened_on, summary=summary or "", result=result,
            outlet=outlet, article=article, recorded_by=actor if not _system(actor) else None)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=interaction,
                     changes={"kind": [None, kind], "result": [None, result]})
    return interaction


def do_set_interaction_result(*, actor: Any, interaction: Interaction, result: str,
                              article: Article | None = None) -> Interaction:
    _require(actor, perms.CHANGE_CONTACT)
    if result not in InteractionResult.values:
        raise MediaError(_("Unknown kind or result of interaction."))
    with transaction.atomic():
        before = interaction.result
        interaction.result = result
        interaction.article = article or interaction.article
        interaction.save(update_fields=["result", "article", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=interaction, changes={"result": [before, result]})
    return interaction


# --- press releases -----------------------------------------------------------------------------

def do_create_press_release(*, actor: Any, title: dict[str, str], body: dict[str, str]) -> PressRelease:
    _require(actor, perms.SEND_RELEASE)
    title = {k: v.strip() for k, v in (title or {}).items() if _CODE.match(k) and (v or "").strip()}
    body = {k: v.strip() for k, v in (body or {}).items() if k in title and (v or "").strip()}
    if not title or set(title) != set(body):
        raise MediaError(_("Write a title and a text in at least one language, both in each language used."))
    with transaction.atomic():
        release = PressRelease.objects.create(title=title, body=body, created_by=None if _system(actor) else actor)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=release, changes={"languages": [None, sorted(title)]})
    return release


def _base_url() -> str:
    return links.base_url()


def do_send_press_release(*, actor: Any, release: PressRelease, contacts: Iterable[MediaContact]) -> list[Recipient]:
    """E-mail the release to each consenting contact, in the contact's language."""
    _require(actor, perms.SEND_RELEASE)
    sent: list[Recipient] = []
    with transaction.atomic():
        for contact in contacts:
            if not contact.may_contact or release.recipients.filter(contact=contact).exists():
                continue
            language = contact.language_for(release.languages)
            assert language is not None  # a release has a title in at least one language
            recipient = Recipient.objects.create(release=release, contact=contact, language=language,
                                                 token=secrets.token_urlsafe(32), sent_at=timezone.now())
            sent.append(recipient)
        release.sent_at = release.sent_at or timezone.now()
        release.save(update_fields=["sent_at", "updated_at"])
        audit.record(actor=actor, action=AuditAction.OTHER, obj=release, message=f"sent to {len(sent)} journalists")
        transaction.on_commit(lambda: _mail_release([r.pk for r in sent]))
    return sent


def _mail_release(recipient_ids: list) -> None:
    for recipient in Recipient.objects.filter(pk__in=recipient_ids).select_related("release", "contact"):
        release, language = recipient.release, recipient.language
        pixel = f"{_base_url()}/media/o/{recipient.token}.gif"
        text = release.body.get(language, "")
        html = "".join(f"<p>{_escape(p)}</p>" for p in text.split("\n\n")) + f'<img src="{pixel}" alt="" width="1" height="1">'
        message = EmailMultiAlternatives(release.title_in(language), text, to=[recipient.contact.email])
        message.attach_alternative(html, "text/html")
        _send(message)


def _send(message: EmailMultiAlternatives) -> bool:
    """Send one e-mail; a mail server failure is logged, never raised into the caller's work."""
    try:
        message.send()
    except Exception:
        log.exception("media: e-mail to %s failed", ", ".join(message.to))
        return False
    return True


def _escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text).replace("\n", "<br>")


def mark_release_opened(token: str) -> bool:
    """The tracking pixel was loaded (no actor: the journalist's mail client)."""
    with transaction.atomic():
        updated = Recipient.objects.filter(token=token, opened_at=None).update(opened_at=timezone.now())
    return bool(updated)


def link_releases(articles: Sequence[Article], *, threshold: float = 0.84) -> int:
    """Link new articles that carry a sent press release (cosine of title + lead) to it, and mark
    the recipients at the article's outlet as published."""
    import numpy as np

    from korpu.embeddings import embed
    from korpu.media.pipeline import story_text

    since = timezone.now() - dt.timedelta(days=30)
    releases = list(PressRelease.objects.filter(sent_at__gte=since))
    articles = [a for a in articles if a.embedding]
    if not releases or not articles:
        return 0
    texts, owners = [], []
    for release in releases:
        for language in release.languages:
            texts.append(story_text(release.title.get(language, ""), release.body.get(language, "")))
            owners.append(release)
    matrix = embed(texts)
    linked = 0
    for article in articles:
        assert article.embedding  # kept above only with one
        scores = matrix @ np.frombuffer(bytes(article.embedding), dtype=np.float32)
        best = int(np.argmax(scores))
        if scores[best] < threshold:
            continue
        release = owners[best]
        release.coverage.add(article)
        if article.outlet_id:
            Recipient.objects.filter(release=release, contact__outlets=article.outlet_id, article=None).update(
                article=article)
        linked += 1
    return linked


# --- sources and ingestion ----------------------------------------------------------------------

def do_create_source(*, actor: Any, url: str, kind: str = SourceKind.FEED, outlet: Outlet | None = None) -> Source:
    _require(actor, perms.CHANGE_SOURCE)
    if kind not in SourceKind.values:
        raise MediaError(_("Unknown kind of source."))
    if not (url or "").startswith(("http://", "https://")):
        raise MediaError(_("The address must start with http:// or https://."))
    if Source.objects.filter(url=url).exists():
        raise MediaError(_("This source is already watched."))
    with transaction.atomic():
        source = Source.objects.create(url=url, kind=kind, outlet=outlet)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=source, changes={"url": [None, url]})
    return source


def do_set_source_active(*, actor: Any, source: Source, active: bool) -> Source:
    _require(actor, perms.CHANGE_SOURCE)
    with transaction.atomic():
        source.active = active
        if active:
            source.healthy, source.last_error, source.failures = True, "", 0
        source.save(update_fields=["active", "healthy", "last_error", "failures", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=source, changes={"active": [None, active]})
    return source


def do_ingest_items(*, actor: Any, items: Sequence, source: Source | None = None, alerts: bool = True):
    """Store pipeline items as articles (dedup, entities, topics, embeddings, stories), then match
    saved searches and press releases. Returns (item, article, created) per item."""
    from korpu.media.processing import STORIES, store_items

    try:
        with transaction.atomic():
            results = store_items(items, source=source)
            created = [article for _item, article, is_new in results if is_new]
            if created:
                audit.record(actor=actor, action=AuditAction.CREATE, object_type="media.article",
                             object_id=str(source.pk) if source else "",
                             message=f"{len(created)} articles ingested")
    except Exception:
        # The grouper already holds the rolled-back rows: rebuild it from the database next time.
        STORIES.reset()
        raise
    if created and alerts:
        link_releases(created)
        match_alerts(created)
    return results


def configured_languages() -> tuple[str, ...]:
    import os

    from korpu.media.pipeline import DEFAULT_LANGUAGES

    value = os.environ.get("KORPU_MEDIA_LANGUAGES", "").strip()
    return tuple(c.strip() for c in value.split(",") if c.strip()) if value else DEFAULT_LANGUAGES


def poll_source(source: Source, *, host_interval: float | None = None) -> int:
    """Fetch one source and store what is new. Any failure is logged on the source, which is
    marked unhealthy with the reason; nothing else is affected. Returns articles stored."""
    from korpu.media import fetch as fetching
    from korpu.media.pipeline import Item, detect_language, ingest_feed
    from korpu.media.pipeline.extract import extract_html
    from korpu.media.pipeline.ingest import item_from_extracted

    languages = configured_languages()
    now = timezone.now()
    try:
        kwargs: dict[str, Any] = {} if host_interval is None else {"host_interval": host_interval}
        got = fetching.fetch(source.url, etag=source.etag, last_modified=source.last_modified, **kwargs)
        if got.not_modified:
            _source_ok(source, now, got, 0)
            return 0
        seen = timezone.localdate()
        if source.kind == SourceKind.FEED:
            head = got.content[:2000].lstrip().lower()
            if not (head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head or b"<rdf" in head):
                raise FetchError(_("Not a feed: the answer is not RSS or Atom XML."))
            items = ingest_feed(got.content, seen, languages)
            if not items:
                import feedparser

                if feedparser.parse(got.content).bozo:
                    raise FetchError(_("Not a feed: the XML could not be read."))
        else:
            extracted = extract_html(got.content, got.url, seen)
            if not extracted.text.strip():
                raise FetchError(_("No article text found on the page."))
            items = [item_from_extracted(source.url, extracted, languages)]
        kept: list[tuple[Item, str | None]] = []
        foreign: list[tuple[Item, str | None]] = []
        for item in items:
            guess = detect_language(f"{item.title}\n{item.text}", languages)
            (foreign if guess.other else kept).append((item, guess.other))
        results = do_ingest_items(actor="system", items=[i for i, _o in kept], source=source)
        stored = sum(1 for r in results if r[2])
        if foreign and not kept:
            raise FetchError(_("The page is in a language not configured ({code}).").format(code=foreign[0][1]))
        _source_ok(source, now, got, stored)
        return stored
    except FetchError as exc:
        _source_failed(source, now, str(exc))
        return 0
    except Exception as exc:  # one broken source must not stop the others
        log.exception("media source %s failed", source.url)
        _source_failed(source, now, _("Unexpected error: {name}").format(name=type(exc).__name__))
        return 0


def _source_ok(source: Source, now, got, stored: int) -> None:
    with transaction.atomic():
        source.last_polled_at = now
        source.healthy, source.last_error, source.failures = True, "", 0
        source.etag, source.last_modified = (got.etag or source.etag)[:300], (got.last_modified or source.last_modified)[:100]
        source.items_stored += stored
        source.save(update_fields=["last_polled_at", "healthy", "last_error", "failures", "etag", "last_modified",
                                   "items_stored", "updated_at"])


def _source_failed(source: Source, now, reason: str) -> None:
    log.warning("media source %s unhealthy: %s", source.url, reason)
    with transaction.atomic():
        source.last_polled_at = now
        source.healthy = False
        source.last_error = reason[:500]
        source.failures += 1
        source.save(update_fields=["last_polled_at", "healthy", "last_error", "failures", "updated_at"])
        audit.record(actor="system", action=AuditAction.OTHER, obj=source, message=f"unhealthy: {reason}"[:500])


# --- topics -------------------------------------------------------------------------------------

def do_save_topic_rule(*, actor: Any, topic: str, language: str, patterns: str) -> TopicRule:
    _require(actor, perms.CHANGE_TOPICS)
    topic, language = (topic or "").strip(), (language or "*").strip().lower()
    if not topic or not (language == "*" or _CODE.match(language)):
        raise MediaError(_("A rule needs a topic and a language code (or * for all)."))
    lines = [p.strip() for p in (patterns or "").splitlines() if p.strip()]
    if not lines:
        raise MediaError(_("Write at least one pattern."))
    for line in lines:
        if line.startswith("re:"):
            try:
                re.compile(line[3:])
            except re.error:
                raise MediaError(_("Not a valid regular expression: {pattern}").format(pattern=line)) from None
    with transaction.atomic():
        rule, created = TopicRule.objects.update_or_create(topic=topic, language=language,
                                                           defaults={"patterns": "\n".join(lines)})
        audit.record(actor=actor, action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=rule,
                     changes={"patterns": [None, rule.patterns]})
    return rule


def do_delete_topic_rule(*, actor: Any, rule: TopicRule) -> None:
    _require(actor, perms.CHANGE_TOPICS)
    with transaction.atomic():
        audit.record(actor=actor, action=AuditAction.DELETE, obj=rule)
        rule.delete()


# --- saved searches and alerts ------------------------------------------------------------------

def do_save_search(*, actor: Any, name: str, query: str, mode: str = SearchMode.TEXT,
                   frequency: str = AlertFrequency.IMMEDIATE) -> SavedSearch:
    _require(actor, perms.SEARCH)
    if not (query or "").strip() or not (name or "").strip():
        raise MediaError(_("A saved search needs a name and a search."))
    if mode not in SearchMode.values or frequency not in AlertFrequency.values:
        raise MediaError(_("Unknown search mode or alert frequency."))
    with transaction.atomic():
        search = SavedSearch.objects.create(owner=actor, name=name.strip()[:200], query=query.strip()[:500],
                                            mode=mode, frequency=frequency)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=search, changes={"query": [None, search.query]})
    return search


def do_delete_search(*, actor: Any, search: SavedSearch) -> None:
    if search.owner_id != getattr(actor, "pk", None):
        _require(actor, perms.CHANGE_TOPICS)
    with transaction.atomic():
        audit.record(actor=actor, action=AuditAction.DELETE, obj=search)
        search.delete()


MEANING_ALERT_THRESHOLD = 0.84


def match_alerts(articles: Sequence[Article]) -> list[Alert]:
    """Create alerts for new articles that match saved searches; e-mail the immediate ones."""
    import numpy as np

    from korpu.media import search as searching

    searches = list(SavedSearch.objects.exclude(owner=None))
    if not searches or not articles:
        return []
    ids = [a.pk for a in articles]
    by_id = {a.pk: a for a in articles}
    created: list[Alert] = []
    for saved in searches:
        if saved.mode == SearchMode.TEXT:
            matched = searching.text_ids(saved.query, limit=None, within=ids)
        else:
            vector = searching.query_vector(saved.query)
            matched = [a.pk for a in articles if a.embedding and float(
                np.frombuffer(bytes(a.embedding), dtype=np.float32) @ vector) >= MEANING_ALERT_THRESHOLD]
        for pk in matched:
            alert, new = Alert.objects.get_or_create(search=saved, article=by_id.get(pk) or Article(pk=pk))
            if new:
                created.append(alert)
    immediate = [a.pk for a in created if a.search.frequency == AlertFrequency.IMMEDIATE]
    if immediate:
        send_alert_mail(immediate)
    return created


def send_alert_mail(alert_ids: Sequence) -> int:
    """E-mail alerts grouped by saved search owner, in the owner's language."""
    from collections import defaultdict

    from django.template.loader import render_to_string

    pending = (Alert.objects.filter(pk__in=list(alert_ids), emailed_at=None)
               .select_related("search__owner", "article"))
    by_owner: dict = defaultdict(list)
    for alert in pending:
        by_owner[alert.search.owner].append(alert)
    sent = 0
    for owner, alerts in by_owner.items():
        language = getattr(owner, "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = ngettext("Press alert: {count} new article", "Press alerts: {count} new articles",
                               len(alerts)).format(count=len(alerts))
            body = render_to_string("media/email/alerts.txt", {"alerts": alerts, "base_url": _base_url()})
        _send(EmailMultiAlternatives(subject, body, to=[owner.email]))
        Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(emailed_at=timezone.now())
        sent += 1
    return sent


def send_digests() -> int:
    pending = Alert.objects.filter(emailed_at=None, search__frequency=AlertFrequency.DIGEST)
    return send_alert_mail(list(pending.values_list("pk", flat=True)))


def create_coordination_task(*, actor: Any, title: str, description: str, organisation=None, person=None,
                             due: dt.date | None = None, source_ref: str = ""):
    """The one call into the coordination app (media → coordination is an allowed direction)."""
    from korpu.coordination.services import do_create_task

    return do_create_task(actor=actor, title=title, description=description, assignee_organisation=organisation,
                          assignee_person=person, due=due, source_ref=source_ref)


def do_create_task_from_alert(*, actor: Any, alert: Alert, title: str, description: str = "", organisation=None,
                              contact: MediaContact | None = None, due: dt.date | None = None):
    """Turn an alert into a rapid-response task for an organisation or a media contact (their
    registry person); the alert keeps the task id to follow it to its result."""
    _require(actor, perms.CREATE_TASK)
    person = contact.person if contact is not None else None
    if organisation is None and person is None:
        raise MediaError(_("Choose an organisation, or a media contact who is in the registry."))
    if alert.task_id:
        raise MediaError(_("This alert already has a task."))
    article = alert.article
    text = description or ""
    text = f"{text}\n\n{article.title}\n{article.url or article.item}".strip()
    with transaction.atomic():
        task = create_coordination_task(actor=actor, title=title, description=text, organisation=organisation,
                                        person=person, due=due, source_ref=f"media:alert:{alert.pk}")
        alert.task_id = task.pk
        alert.save(update_fields=["task_id", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=alert, changes={"task": [None, str(task.pk)]})
    return task
