"""View decorators that tie every page to the permission module.

Each decorated view carries `korpu_access`, which the authorization-matrix test reads to be sure
no page escaped a decision.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied

from korpu.core import permissions

PUBLIC = "public"


def public(view: Callable) -> Callable:
    """Open to everyone, signed in or not."""
    view.korpu_access = PUBLIC  # type: ignore[attr-defined]
    return view


def signed_in(view: Callable) -> Callable:
    """Open to every signed-in user."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.korpu_access = "signed_in"  # type: ignore[attr-defined]
    return wrapper


def requires(perm: str) -> Callable[[Callable], Callable]:
    """Signed in and holding `perm` somewhere; object-level checks stay in the view via require()."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not permissions.has_perm(request.user, perm):
                raise DjangoPermissionDenied
            return view(request, *args, **kwargs)

        wrapper.korpu_access = perm  # type: ignore[attr-defined]
        return wrapper

    return decorate
