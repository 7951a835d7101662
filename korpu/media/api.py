"""The media API: search articles (words or meaning), stories, outlets and source health.
Everything here is the committee's (media officers and staff); nothing is public."""

import uuid

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from korpu.api import Error, signed_in
from korpu.core import permissions
from korpu.core.errors import PermissionDenied
from korpu.media import permissions_setup as perms
from korpu.media import search, selectors, services
from korpu.media.models import SearchMode
from korpu.media.schemas import ArticleOut, OutletIn, OutletOut, SourceOut, StoryOut

router = Router(tags=["media"], auth=signed_in)


def _need(request, perm: str) -> None:
    if not permissions.has_perm(request.auth, perm):
        raise PermissionDenied()


@router.get("/media/articles", response={200: list[ArticleOut], 401: Error, 403: Error}, url_name="media_articles")
def list_articles(request, q: str = "", mode: str = Query(SearchMode.TEXT), language: str = "", limit: int = 50):
    """Articles matching `q` (mode=text: every word; mode=meaning: nearest in meaning, any language);
    without `q`, the latest."""
    _need(request, perms.SEARCH)
    limit = max(1, min(limit, 200))
    base = selectors.articles_for(request.auth)
    if not q.strip():
        qs = base.filter(language=language) if language else base
        return list(qs[:limit])
    if mode == SearchMode.MEANING:
        return search.meaning_articles(base, q, limit=limit, language=language)
    ids = search.text_ids(q, limit=limit, language=language)
    rows = base.in_bulk(ids)
    found = [rows[pk] for pk in ids if pk in rows]
    for article in found:
        article.score = None
    return found


@router.get("/media/articles/{article_id}", response={200: ArticleOut, 401: Error, 403: Error, 404: Error},
            url_name="media_article")
def get_article(request, article_id: uuid.UUID):
    _need(request, perms.VIEW)
    return get_object_or_404(selectors.articles_for(request.auth), pk=article_id)


@router.get("/media/stories/{story_id}", response={200: StoryOut, 401: Error, 403: Error, 404: Error},
            url_name="media_story")
def get_story(request, story_id: uuid.UUID):
    _need(request, perms.VIEW)
    get_object_or_404(selectors.articles_for(request.auth), pk=story_id)
    return selectors.story(story_id)


@router.get("/media/outlets", response={200: list[OutletOut], 401: Error, 403: Error}, url_name="media_outlets")
def list_outlets(request):
    _need(request, perms.VIEW)
    return list(selectors.outlets_for(request.auth))


@router.post("/media/outlets", response={201: OutletOut, 401: Error, 403: Error, 422: Error},
             url_name="media_outlet_create")
def create_outlet(request, payload: OutletIn):
    _need(request, perms.CHANGE_OUTLET)
    return Status(201, services.do_create_outlet(actor=request.auth, **payload.dict()))


@router.get("/media/sources", response={200: list[SourceOut], 401: Error, 403: Error}, url_name="media_sources")
def list_sources(request):
    """Watched feeds and pages with their health (unhealthy ones carry the reason)."""
    _need(request, perms.VIEW)
    return list(selectors.sources_for(request.auth))
