"""From pipeline items to stored articles: dedup, entities, topics, embeddings, stories.

Called by services.do_ingest_items (inside its transaction). The story grouper lives once per
process: rebuilt from stored embeddings at first use, then kept in step with rows other processes
added since (by creation time), and its merges are applied to stored rows.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
from django.apps import apps
from django.db import connection

from korpu.media.models import (
    Article,
    Mention,
    Outlet,
    TopicRule,
    canonical_url,
    content_hash,
    host_of,
)
from korpu.media.pipeline import Gazetteer, Item, StoryGrouper, classify, find_mentions, story_text


def gazetteer() -> Gazetteer:
    """The registry as gazetteer: organisations (all their names), people (name and variants)
    and, when the revival app is installed, projects (titles)."""
    from korpu.network.models import NameVariant, Organisation, Person

    entries: list[tuple[str, str, list[str]]] = []
    for pk, name, names in Organisation.objects.values_list("id", "name", "names"):
        forms = [name, *[v for v in (names or {}).values() if isinstance(v, str)]]
        entries.append((f"organisation:{pk}", "organisation", forms))
    variants: dict = defaultdict(list)
    for person_id, text in NameVariant.objects.filter(person__erased_at=None).values_list("person_id", "text"):
        variants[person_id].append(text)
    for pk, name in Person.objects.filter(erased_at=None, merged_into=None).values_list("id", "name"):
        # A one-word name would match every mention of a common first name.
        forms = [f for f in [name, *variants.get(pk, [])] if len(f.split()) >= 2]
        if forms:
            entries.append((f"person:{pk}", "person", forms))
    if apps.is_installed("korpu.revival"):
        try:
            Project = apps.get_model("revival", "Project")
        except LookupError:
            Project = None
        if Project is not None:
            for pk, title in Project.objects.values_list("id", "title"):
                forms = [v for v in (title or {}).values() if isinstance(v, str) and v]
                if forms:
                    entries.append((f"project:{pk}", "project", forms))
    return Gazetteer(entries)


def topic_rules() -> dict[str, dict[str, list[str]]]:
    rules: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for rule in TopicRule.objects.all():
        rules[rule.topic][rule.language or "*"] = rule.pattern_list
    return dict(rules)


# --- the per-process story grouper --------------------------------------------------------------

class _Stories:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.grouper: StoryGrouper | None = None
        self.key: tuple | None = None
        self.known: set[str] = set()
        self.watermark: dt.datetime | None = None
        self.alias: dict[str, str] = {}

    def reset(self) -> None:
        with self.lock:
            self.grouper = None
            self.key = None
            self.known = set()
            self.watermark = None
            self.alias = {}

    def get(self) -> StoryGrouper:
        """The grouper, rebuilt at first use (and for another database), caught up otherwise."""
        key = (connection.alias, connection.settings_dict.get("NAME"))
        with self.lock:
            if self.grouper is None or key != self.key:
                self._rebuild(key)
            else:
                self._catch_up()
            assert self.grouper is not None
            return self.grouper

    def _records(self, queryset):
        for pk, lang, title, body, blob, published, story_id, created in queryset.values_list(
                "id", "language", "title", "body", "embedding", "published", "story_id", "created_at").iterator(
                chunk_size=2000):
            vector = np.frombuffer(bytes(blob), dtype=np.float32) if blob else None
            yield (str(pk), lang or None, story_text(title, body), vector, published), story_id, created

    def _rebuild(self, key) -> None:
        stored, rows = {}, []
        latest = None
        for record, story_id, created in self._records(Article.objects.all()):
            rows.append(record)
            stored[record[0]] = str(story_id) if story_id else None
            latest = created if latest is None or created > latest else latest
        grouper = StoryGrouper.rebuild(rows)
        grouper.pop_merges()
        self.grouper, self.key, self.known, self.watermark = grouper, key, set(stored), latest
        self.alias = {}
        # The grouper names a story after its first item in replay order, which need not be the
        # id stored when the rows arrived: keep the stored id (the one most members carry) and
        # translate the grouper's ids from now on; write only where members disagree.
        changes: dict[str, list[str]] = defaultdict(list)
        for story_id, members in grouper.stories().items():
            votes = Counter(s for m in members if (s := stored.get(m)))
            chosen = votes.most_common(1)[0][0] if votes else story_id
            if chosen != story_id:
                self.alias[story_id] = chosen
            for member in members:
                if stored.get(member) != chosen:
                    changes[chosen].append(member)
        for story_id, members in changes.items():
            for start in range(0, len(members), 500):
                Article.objects.filter(pk__in=members[start:start + 500]).update(story_id=story_id)

    def name(self, grouper_story_id: str) -> str:
        """The stored id of a story the grouper knows by `grouper_story_id`."""
        return self.alias.get(grouper_story_id, grouper_story_id)

    def _catch_up(self) -> None:
        assert self.grouper is not None
        if self.watermark is None:
            queryset = Article.objects.all()
        else:
            queryset = Article.objects.filter(created_at__gte=self.watermark)
        for record, _story_id, created in self._records(queryset):
            if record[0] in self.known:
                continue
            self.grouper.add(*record)
            self.known.add(record[0])
            self.watermark = created if self.watermark is None or created > self.watermark else self.watermark
        self.apply_merges()

    def add(self, article: Article, vector) -> str:
        assert self.grouper is not None
        story_id = self.grouper.add(str(article.pk), article.language or None,
                                    story_text(article.title, article.body), vector, article.published)
        self.known.add(str(article.pk))
        if self.watermark is None or article.created_at > self.watermark:
            self.watermark = article.created_at
        return self.name(story_id)

    def apply_merges(self) -> None:
        assert self.grouper is not None
        for old, new in self.grouper.pop_merges():
            old_name, new_name = self.name(old), self.name(new)
            if old_name != new_name:
                # A UUID's text is a valid lookup value; django-stubs accepts only UUID or Article.
                Article.objects.filter(story_id=old_name).update(story_id=new_name)  # type: ignore[misc]


STORIES = _Stories()


# --- storing items ------------------------------------------------------------------------------

def _outlet_for(item: Item, source, outlets_by_host: dict[str, Outlet], outlets_by_name: dict[str, Outlet]):
    if source is not None and source.outlet_id:
        return source.outlet
    if item.url and (outlet := outlets_by_host.get(host_of(item.url))):
        return outlet
    if item.outlet:
        return outlets_by_name.get(item.outlet.strip().casefold())
    return None


def existing_article(item: Item) -> Article | None:
    canonical = canonical_url(item.url or (item.item_id if "://" in item.item_id else ""))
    digest = content_hash(item.title, item.text)
    found = Article.objects.filter(content_hash=digest).first()
    if found is None and canonical:
        found = Article.objects.filter(canonical_url=canonical).first()
    return found


def store_items(items: Sequence[Item], *, source=None, embed_batch: int = 32) -> list[tuple[Item, Article, bool]]:
    """Store new items (one article per canonical URL or content), with mentions, topics,
    embeddings and stories. Returns (item, article, created) per item, in order."""
    from korpu.embeddings import embed, model_name

    outlets = list(Outlet.objects.all())
    by_host = {o.host: o for o in outlets if o.website}
    by_name = {o.name.casefold(): o for o in outlets}
    results: list[tuple[Item, Article, bool]] = []
    new: list[Article] = []
    seen_hashes: dict[str, Article] = {}
    seen_urls: dict[str, Article] = {}
    for item in items:
        url = item.url or (item.item_id if "://" in item.item_id else "")
        canonical = canonical_url(url)
        digest = content_hash(item.title, item.text)
        found = seen_hashes.get(digest) or (seen_urls.get(canonical) if canonical else None)
        if found is None:
            found = existing_article(item)
        if found is not None:
            results.append((item, found, False))
            continue
        outlet = _outlet_for(item, source, by_host, by_name)
        article = Article(
            item=item.item_id[:1000], url=url[:1000], canonical_url=canonical[:1000], content_hash=digest,
            source=source, outlet=outlet, outlet_name=(item.outlet or (outlet.name if outlet else ""))[:200],
            language=item.language or "", language_low_confidence=item.language_low_confidence,
            place=(item.place or "")[:120], place_id=item.place_id or "", published=item.date,
            agency=(item.agency or "")[:120], agency_id=item.agency_id or "", title=item.title[:1000] or "—",
            body=item.text)
        seen_hashes[digest] = article
        if canonical:
            seen_urls[canonical] = article
        new.append(article)
        results.append((item, article, True))
    if not new:
        return results
    rules = topic_rules()
    for article in new:
        article.topics = classify(f"{article.title}\n{article.body}", article.language or None, rules)
    vectors: list[np.ndarray] = []
    for start in range(0, len(new), embed_batch):
        chunk = new[start:start + embed_batch]
        vectors.extend(embed([story_text(a.title, a.body) for a in chunk]))
    name = model_name()
    for article, vector in zip(new, vectors, strict=True):
        article.embedding = np.asarray(vector, dtype=np.float32).tobytes()
        article.embedding_model = name
    grouper_state = STORIES
    with grouper_state.lock:
        grouper_state.get()
        Article.objects.bulk_create(new)
        by_story: dict[str, list] = defaultdict(list)
        for article, vector in zip(new, vectors, strict=True):
            story_id = grouper_state.add(article, np.asarray(vector, dtype=np.float32))
            article.story_id = story_id
            by_story[story_id].append(article.pk)
        for story_id, pks in by_story.items():
            Article.objects.filter(pk__in=pks).update(story_id=story_id)
        grouper_state.apply_merges()
    gaz = gazetteer()
    mentions = []
    for article in new:
        seen = set()
        for m in find_mentions(f"{article.title}\n{article.body}", gaz):
            kind, _sep, entity_id = m.entity_id.partition(":")
            if (kind, entity_id) in seen:
                continue
            seen.add((kind, entity_id))
            mentions.append(Mention(article=article, kind=kind, entity_id=entity_id, surface=m.surface[:200]))
    Mention.objects.bulk_create(mentions)
    return results
