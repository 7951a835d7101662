"""Reads of the media app, with related rows loaded on purpose and access checked by permission.

Media data is the committee's: every read requires a media permission at platform level
(media_officer or committee staff); organisations and the public see none of it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncMonth

from korpu.core import permissions
from korpu.media import permissions_setup as perms
from korpu.media.models import (
    Alert,
    Article,
    Interaction,
    MediaContact,
    Mention,
    Outlet,
    PressRelease,
    SavedSearch,
    Source,
    TopicRule,
)


def _allowed(actor: Any, perm: str, queryset: QuerySet) -> QuerySet:
    return queryset if permissions.is_platform(actor, perm) else queryset.none()


def outlets_for(actor: Any) -> QuerySet[Outlet]:
    return _allowed(actor, perms.VIEW, Outlet.objects.annotate(article_count=Count("articles")))


def contacts_for(actor: Any) -> QuerySet[MediaContact]:
    return _allowed(actor, perms.VIEW_CONTACT,
                    MediaContact.objects.filter(erased_at=None).select_related("person").prefetch_related("outlets"))


def interactions_of(contact: MediaContact) -> QuerySet[Interaction]:
    return contact.interactions.select_related("outlet", "article", "recorded_by")


def sources_for(actor: Any) -> QuerySet[Source]:
    return _allowed(actor, perms.VIEW, Source.objects.select_related("outlet"))


def articles_for(actor: Any) -> QuerySet[Article]:
    return _allowed(actor, perms.VIEW, Article.objects.select_related("outlet").defer("embedding"))


def with_story_copies(actor: Any, articles: list[Article], *, per_story: int = 12) -> list[Article]:
    """Attach to each article (`other_copies`) the other-language copies of its story that are not
    among `articles`, so a search in one language leads to the story in every language. One query."""
    listed = {a.pk for a in articles}
    stories = {a.story_id for a in articles if a.story_id}
    by_story: dict = defaultdict(list)
    if stories:
        copies = (articles_for(actor).select_related(None).filter(story_id__in=stories).exclude(pk__in=listed)
                  .only("id", "story_id", "language", "title", "published").order_by("published", "created_at"))
        for copy in copies:
            by_story[copy.story_id].append(copy)
    shown: set = set()
    for article in articles:
        own = article.language
        others = [c for c in by_story.get(article.story_id, []) if c.language != own and c.pk not in shown]
        article.other_copies = others[:per_story]
        shown.update(c.pk for c in article.other_copies)
    return articles


def releases_for(actor: Any) -> QuerySet[PressRelease]:
    return _allowed(actor, perms.VIEW, PressRelease.objects.annotate(
        sent_count=Count("recipients", distinct=True),
        opened_count=Count("recipients", filter=Q(recipients__opened_at__isnull=False), distinct=True),
        published_count=Count("recipients", filter=Q(recipients__article__isnull=False), distinct=True)))


def topic_rules_for(actor: Any) -> QuerySet[TopicRule]:
    return _allowed(actor, perms.VIEW, TopicRule.objects.all())


def searches_for(actor: Any) -> QuerySet[SavedSearch]:
    if not permissions.is_platform(actor, perms.SEARCH):
        return SavedSearch.objects.none()
    return SavedSearch.objects.filter(owner=actor).annotate(alert_count=Count("alerts"))


def alerts_for(actor: Any) -> QuerySet[Alert]:
    if not permissions.is_platform(actor, perms.SEARCH):
        return Alert.objects.none()
    return Alert.objects.filter(search__owner=actor).select_related("search", "article", "article__outlet")


def story_rows() -> Iterator[tuple[str, str, str]]:
    """(story id, item, language) for every stored article, stories in order of first publication."""
    rows = Article.objects.values_list("story_id", "id", "item", "language", "published").order_by(
        "story_id", "published", "created_at")
    grouped: dict[str, list] = defaultdict(list)
    first: dict[str, tuple] = {}
    for story_id, pk, item, language, published in rows.iterator(chunk_size=5000):
        key = str(story_id or pk)
        grouped[key].append((item, language))
        stamp = (published or dt.date.max, key)
        if key not in first or stamp < first[key]:
            first[key] = stamp
    for key in sorted(grouped, key=lambda k: first[k]):
        for item, language in grouped[key]:
            yield key, item, language


def story(story_id) -> dict[str, Any]:
    """A story: its first publisher, every copy, languages and countries reached."""
    copies = list(Article.objects.filter(Q(story_id=story_id) | Q(pk=story_id, story=None))
                  .select_related("outlet").defer("embedding", "body").order_by("published", "created_at"))
    if not copies:
        return {}
    languages = Counter(a.language for a in copies if a.language)
    countries = Counter(a.outlet.country for a in copies if a.outlet is not None)  # selected: no query
    return {"id": story_id, "first": copies[0], "copies": copies, "languages": dict(languages.most_common()),
            "countries": dict(countries.most_common()),
            "outlets": sorted({a.outlet.name if a.outlet is not None else a.outlet_name for a in copies} - {""})}


def stories_list(actor: Any, *, limit: int = 50) -> list[dict[str, Any]]:
    """The largest recent stories: id, title of the first article, size, languages."""
    base = articles_for(actor).exclude(story=None)
    top = (base.values("story_id").annotate(size=Count("id"), languages=Count("language", distinct=True),
                                            first=Min("published")).order_by("-first", "-size")[:limit])
    ids = [row["story_id"] for row in top]
    titles = dict(Article.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [{**row, "title": titles.get(row["story_id"], "")} for row in top]


def coverage(actor: Any, *, since: dt.date | None = None) -> dict[str, Any]:
    """Counts for the dashboard: per month, country, outlet and language, and entities mentioned."""
    articles = articles_for(actor)
    if since:
        articles = articles.filter(published__gte=since)
    months = list(articles.exclude(published=None).annotate(month=TruncMonth("published"))
                  .values("month").annotate(articles=Count("id"), stories=Count("story", distinct=True))
                  .order_by("month"))
    by_language = list(articles.values("language").annotate(n=Count("id")).order_by("-n")[:12])
    by_country = list(articles.exclude(outlet=None).values("outlet__country").annotate(n=Count("id")).order_by("-n")[:12])
    by_outlet = list(articles.values("outlet_name").annotate(n=Count("id")).order_by("-n")[:12])
    counted = list(Mention.objects.filter(article__in=articles.values("pk")).values("kind", "entity_id")
                   .annotate(n=Count("id")).order_by("-n")[:15])
    names = entity_names([(m["kind"], m["entity_id"]) for m in counted])
    mentions = [{**m, "name": names.get((m["kind"], m["entity_id"]), m["entity_id"][:8])} for m in counted]
    return {"months": months, "languages": by_language, "countries": by_country, "outlets": by_outlet,
            "mentions": mentions, "total": articles.count(),
            "stories": articles.exclude(story=None).values("story").distinct().count()}


def entity_names(keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    from django.apps import apps

    from korpu.network.models import Organisation, Person

    wanted: dict[str, list[str]] = defaultdict(list)
    for kind, entity_id in keys:
        wanted[kind].append(entity_id)
    names: dict[tuple[str, str], str] = {}
    for pk, name in Organisation.objects.filter(pk__in=wanted.get("organisation", [])).values_list("id", "name"):
        names[("organisation", str(pk))] = name
    for pk, name in Person.objects.filter(pk__in=wanted.get("person", []), erased_at=None).values_list("id", "name"):
        names[("person", str(pk))] = name
    if wanted.get("project") and apps.is_installed("korpu.revival"):
        Project = apps.get_model("revival", "Project")
        for pk, title in Project.objects.filter(pk__in=wanted["project"]).values_list("id", "title"):
            names[("project", str(pk))] = (title or {}).get("en") or next(iter((title or {}).values()), "")
    return names


def mentions_of(article: Article) -> list[dict[str, str]]:
    rows = list(article.mentions.values("kind", "entity_id", "surface"))
    names = entity_names([(r["kind"], r["entity_id"]) for r in rows])
    return [{"kind": r["kind"], "entity_id": r["entity_id"], "surface": r["surface"],
             "name": names.get((r["kind"], r["entity_id"]), r["surface"])} for r in rows]
