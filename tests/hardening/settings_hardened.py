"""Körpü's settings with the hardening wiring applied (the lead moves these lines into
korpu/settings.py). Used by the subprocess tests: DJANGO_SETTINGS_MODULE=tests.hardening.settings_hardened."""

from korpu.settings import *  # noqa: F403
from korpu.settings import MIDDLEWARE as _BASE_MIDDLEWARE


def harden_middleware(middleware: list[str]) -> list[str]:
    """Security headers outermost; rate limits right after authentication (to know the account)."""
    result = [m for m in middleware if not m.startswith(("korpu.core.headers.", "korpu.core.ratelimit."))]
    result.insert(0, "korpu.core.headers.SecurityHeadersMiddleware")
    at = result.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    result.insert(at, "korpu.core.ratelimit.RateLimitMiddleware")
    return result


MIDDLEWARE = harden_middleware(list(_BASE_MIDDLEWARE))
