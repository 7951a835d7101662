"""Panels media adds to lower apps' pages (core.extensions.register_panel)."""

from __future__ import annotations

from typing import Any

from korpu.core import permissions
from korpu.media import permissions_setup as perms


def organisation_panel(request, organisation) -> dict[str, Any] | None:
    """Recent articles naming the organisation, for those who may read media (hidden otherwise)."""
    from korpu.media.models import Article

    user = getattr(request, "user", None)
    if organisation is None or not permissions.is_platform(user, perms.VIEW):
        return None
    articles = list(Article.objects.filter(mentions__kind="organisation", mentions__entity_id=str(organisation.pk))
                    .defer("body", "embedding").order_by("-published", "-created_at").distinct()[:5])
    return {"media_articles": articles}
