"""Search by meaning over the in-memory matrix: it follows new and deleted articles without a
reload, and filters by language before taking the top k."""

from __future__ import annotations

import pytest

from korpu.media import search
from korpu.media.models import Article
from tests.media.conftest import ingest

pytestmark = pytest.mark.django_db


def test_an_article_ingested_after_the_matrix_loaded_is_found(media_state):
    ingest("u_en_football.html", "u_ru_metro.txt")
    assert search.MATRIX.current()[1].shape[0] == 2
    (arabic,) = ingest("s2_ar.txt")
    (best, _score), *_rest = search.meaning_ids("restoration of monuments")
    assert best == arabic.pk
    assert search.MATRIX.current()[1].shape[0] == 3


def test_a_deleted_article_is_left_out_and_replaced(media_state):
    arabic, azerbaijani, football = ingest("s2_ar.txt", "s2_az.txt", "u_en_football.html")
    first = [pk for pk, _s in search.meaning_ids("restoration of monuments", limit=2)]
    assert arabic.pk in first
    Article.objects.filter(pk=arabic.pk).delete()
    again = [pk for pk, _s in search.meaning_ids("restoration of monuments", limit=2)]
    assert arabic.pk not in again and len(again) == 2
    found = search.meaning_articles(Article.objects.all(), "restoration of monuments", limit=3)
    assert [a.pk for a in found] == [pk for pk, _s in search.meaning_ids("restoration of monuments", limit=3)]
    assert all(a.score is not None for a in found)


def test_a_language_filter_is_applied_before_the_top_k(media_state):
    ingest("s2_ar.txt", "s2_az.txt", "s2_ru.txt", "u_en_football.html", "u_ru_metro.txt")
    found = search.meaning_articles(Article.objects.all(), "restoration of monuments", limit=1, language="ru")
    assert [a.language for a in found] == ["ru"]
    assert found[0].title == Article.objects.get(item__endswith="s2_ru.txt").title
    assert search.meaning_ids("restoration of monuments", language="xx") == []


def test_the_query_embedding_is_computed_once(media_state):
    ingest("s2_ar.txt")
    search._cached_vector.cache_clear()
    search.meaning_ids("restoration of monuments")
    search.meaning_ids("  restoration   of monuments ")
    info = search._cached_vector.cache_info()
    assert (info.misses, info.hits) == (1, 1)
