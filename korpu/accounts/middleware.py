"""Per-user language and time zone, and MFA for roles that require it."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class UserPreferencesMiddleware:
    """Activate the signed-in user's language (over cookie and Accept-Language) and time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone_name = settings.KORPU_DEFAULT_TIMEZONE
        if user is not None and user.is_authenticated:
            if user.language in LANGUAGE_CODES and not request.path.startswith("/i18n/"):
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            zone_name = user.timezone or zone_name
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone_name))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.activate(zoneinfo.ZoneInfo(settings.KORPU_DEFAULT_TIMEZONE))
        return self.get_response(request)


class RequireMfaMiddleware:
    """Committee roles must set up a second factor before they may use anything else."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/favicon")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not request.path.startswith("/api/")
            and user.requires_mfa
            and not _has_mfa(user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)


def _has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()
