from django.conf import settings
from django.utils import translation

from korpu.core import permissions
from korpu.core.extensions import nav_items


def shell(request):
    """What the base layout needs: navigation the user may see, languages, direction."""
    user = getattr(request, "user", None)
    items = [item for item in nav_items() if item.permission is None or permissions.has_perm(user, item.permission)]
    return {
        "nav_items": items,
        "korpu_languages": settings.LANGUAGES,
        "language_bidi": translation.get_language_bidi(),
        "may_view_audit": permissions.has_perm(user, "core.view_audit"),
    }
