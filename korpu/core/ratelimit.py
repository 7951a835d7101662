"""Rate limits on public write routes: fixed-window counters in Django's cache.

A *scope* ("signin", "donation", ...) has a rate such as "10/m" (10 per minute) or "300/5m". Each
request is counted twice, once per client address and once per account (the signed-in user, the
API token, or the e-mail address a sign-in or reset form names), and refused with HTTP 429 and a
`Retry-After` header when either count is over the rate.

Rates come from `settings.KORPU_RATE_LIMITS` (merged over `DEFAULT_RATES`) and then from the
environment variable `KORPU_RATE_LIMITS` ("signin=20/m,donation=60/m" or a JSON object), so an
operator can tighten one scope without a release. A rate of "0" or "off" switches a scope off.

Three ways in:
- `RateLimitMiddleware` applies path rules (`settings.KORPU_RATE_LIMIT_RULES`, default `DEFAULT_RULES`),
  so allauth's sign-in and password-reset pages and every app's public write routes are covered
  without editing them;
- `@rate_limit("scope")` on a view (pages and django-ninja handlers, sync or async);
- `check(request, "scope")` returns a 429 response, or None, for code that decides by itself.

The counters live in the default cache: with several web processes, configure a shared cache
(KORPU_CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache or redis) so that they add up.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from inspect import iscoroutinefunction

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language, ngettext

# Per address and per account; generous enough for a marathon's call centre behind one address.
DEFAULT_RATES: dict[str, str] = {
    "signin": "10/m",
    "password_reset": "5/m",
    "signup": "10/m",
    "donation": "120/m",
    "registration": "30/m",
    "petition": "10/m",
    "signature": "30/m",
    "letter": "30/m",
    "offer": "20/m",
}

# (methods, path regex, scope, form field naming the account for anonymous requests).
# App routes are listed here rather than decorated so that the rule set is one reviewed table;
# a pattern that matches no route is harmless.
DEFAULT_RULES: list[tuple[str, str, str, str]] = [
    ("POST", r"^/accounts/login/?$", "signin", "login"),
    ("POST", r"^/accounts/login/code/confirm/?$", "signin", ""),
    ("POST", r"^/accounts/2fa/authenticate/?$", "signin", ""),
    ("POST", r"^/accounts/password/reset/?$", "password_reset", "email"),
    ("POST", r"^/accounts/signup/?$", "signup", "email"),
    ("POST", r"^/api/v1/donations/?$", "donation", ""),
    ("POST", r"^/giving/campaigns/[^/]+/give/?$", "donation", "email"),
    ("POST", r"^/api/v1/registrations/?$", "registration", ""),
    ("POST", r"^/coordination/events/[^/]+/register/?$", "registration", ""),
    ("POST", r"^/api/v1/actions/?$", "petition", ""),
    ("POST", r"^/api/v1/petitions/[^/]+/signatures/?$", "signature", "email"),
    ("POST", r"^/api/v1/actions/[^/]+/letters/?$", "letter", "email"),
    ("POST", r"^/advocacy/act/[^/]+/?$", "signature", "email"),
    ("POST", r"^/api/v1/(petitions/signatures|letters)/confirm/?$", "signature", ""),
    ("POST", r"^/advocacy/(letters/)?confirm/[^/]+/?$", "signature", ""),
    ("POST", r"^/revival/p/[^/]+/offer/?$", "offer", ""),
    ("POST", r"^/api/v1/revival/(projects/[^/]+/)?offers/?$", "offer", ""),
]

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


def parse_rate(text: str) -> Rate | None:
    """"10/m" → Rate(10, 60); "300/5m" → Rate(300, 300); "0", "off" or "" → None (no limit)."""
    text = (text or "").strip().lower()
    if text in {"", "0", "off", "none"}:
        return None
    match = _RATE.match(text)
    if not match:
        raise ValueError(f"rate {text!r} is not understood: write e.g. 10/m, 300/5m or 2/s")
    count, multiple, unit = match.groups()
    return Rate(int(count), int(multiple or 1) * UNITS[unit])


def _env_rates() -> dict[str, str]:
    raw = os.environ.get("KORPU_RATE_LIMITS", "").strip()
    if not raw:
        return {}
    if raw.startswith("{"):
        return {str(k): str(v) for k, v in json.loads(raw).items()}
    pairs = (item.split("=", 1) for item in raw.split(",") if "=" in item)
    return {k.strip(): v.strip() for k, v in pairs}


def rates() -> dict[str, Rate | None]:
    """Every scope's rate: defaults, then settings.KORPU_RATE_LIMITS, then the environment."""
    merged = {**DEFAULT_RATES, **getattr(settings, "KORPU_RATE_LIMITS", {}), **_env_rates()}
    return {scope: parse_rate(text) for scope, text in merged.items()}


def rate_for(scope: str) -> Rate | None:
    return rates().get(scope)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # seconds until the window that refused the request ends
    count: int = 0
    limit: int = 0


def _digest(value: str) -> str:
    # Keys never hold an address or an e-mail in clear: the cache may be shared or dumped.
    return hashlib.blake2b(value.encode(), digest_size=12).hexdigest()


def hit(scope: str, identities: list[str], *, now: float | None = None) -> Decision:
    """Count one request against every identity ("ip:…", "account:…"); refuse if any is over."""
    rate = rate_for(scope)
    if rate is None or not identities:
        return Decision(True)
    now = time.time() if now is None else now
    window = int(now // rate.period)
    worst = Decision(True, limit=rate.limit)
    for identity in identities:
        key = f"korpu:rl:{scope}:{_digest(identity)}:{window}"
        cache.add(key, 0, timeout=rate.period + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr: start again
            cache.set(key, 1, timeout=rate.period + 5)
            count = 1
        if count > rate.limit:
            retry = max(1, math.ceil((window + 1) * rate.period - now))
            if worst.allowed or retry > worst.retry_after:
                worst = Decision(False, retry, count, rate.limit)
        elif worst.allowed and count > worst.count:
            worst = Decision(True, 0, count, rate.limit)
    return worst


def identities(request: HttpRequest, account: str | None = None) -> list[str]:
    """The address and, when known, the account a request is counted against."""
    from korpu.core.middleware import client_ip

    found = [f"ip:{client_ip(request) or 'unknown'}"]
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        found.append(f"account:user:{user.pk}")
    else:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.lower().startswith("bearer ") and len(header) > 7:
            found.append(f"account:token:{header[7:].strip()}")
        elif account:
            found.append(f"account:name:{account.strip().lower()[:320]}")
    return found


def limit_message(decision: Decision) -> str:
    """The translated sentence of a 429 answer, in the active language."""
    return ngettext(
        "Too many requests. Please wait {seconds} second and try again.",
        "Too many requests. Please wait {seconds} seconds and try again.",
        decision.retry_after,
    ).format(seconds=decision.retry_after)


def api_error(decision: Decision) -> dict:
    """The API's one error format for a 429 answer."""
    return {"error": {"code": "rate_limited", "message": limit_message(decision),
                      "details": {"retry_after": decision.retry_after, "limit": decision.limit}}}


def too_many(request: HttpRequest, decision: Decision) -> HttpResponse:
    """The 429 answer: the API's one error format under /api/, a page elsewhere."""
    message = limit_message(decision)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            api_error(decision),
            status=429,
        )
    else:
        response = HttpResponse(_page(get_language() or "", message), status=429)
    response["Retry-After"] = str(decision.retry_after)
    response["Cache-Control"] = "no-store"
    return response


@functools.lru_cache(maxsize=512)
def _page(language: str, message: str) -> str:
    """The 429 page, rendered once per language and message: a flood of refusals must cost little
    (so no request context processors, no session, no navigation)."""
    return render_to_string("core/rate_limited.html", {"message": message})


def check(request: HttpRequest, scope: str, *, account: str | None = None) -> HttpResponse | None:
    """Count this request in `scope`; the 429 response when it is over the limit, else None."""
    decision = hit(scope, identities(request, account))
    if decision.allowed:
        return None
    _note_refusal(scope)
    return too_many(request, decision)


def rate_limit(scope: str, *, account_field: str = "") -> Callable[[Callable], Callable]:
    """Decorate a view or a django-ninja handler: refuse with 429 over `scope`'s rate."""

    def decorate(view: Callable) -> Callable:
        def account_of(request) -> str | None:
            return _account_of(request, account_field) if account_field else None

        if iscoroutinefunction(view):
            @functools.wraps(view)
            async def async_wrapper(request, *args, **kwargs):
                from asgiref.sync import sync_to_async

                refused = await sync_to_async(check)(request, scope, account=account_of(request))
                if refused is not None:
                    return refused
                return await view(request, *args, **kwargs)

            return async_wrapper

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            refused = check(request, scope, account=account_of(request))
            if refused is not None:
                return refused
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


@dataclass(frozen=True)
class Rule:
    methods: frozenset[str]
    pattern: re.Pattern[str]
    scope: str
    account_field: str


def rules() -> list[Rule]:
    raw = getattr(settings, "KORPU_RATE_LIMIT_RULES", None) or DEFAULT_RULES
    return [Rule(frozenset(m.upper().split(",")), re.compile(p), s, f) for m, p, s, f in raw]


def rule_for(method: str, path: str) -> Rule | None:
    for rule in rules():
        if method in rule.methods and rule.pattern.search(path):
            return rule
    return None


class RateLimitMiddleware:
    """Apply the path rules. Place it after AuthenticationMiddleware (to know the account)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"GET", "HEAD", "OPTIONS"}:
            rule = rule_for(request.method, request.path_info)
            if rule is not None:
                account = _account_of(request, rule.account_field) if rule.account_field else None
                refused = check(request, rule.scope, account=account)
                if refused is not None:
                    return refused
        return self.get_response(request)


def _account_of(request, field: str) -> str | None:
    """The account a form or JSON body names (e.g. the e-mail of a sign-in or a signature)."""
    try:
        if request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            value = request.POST.get(field)
        elif request.content_type == "application/json" and int(request.META.get("CONTENT_LENGTH") or 0) <= 65536:
            body = json.loads(request.body or b"{}")
            value = body.get(field) if isinstance(body, dict) else None
        else:
            return None
    except Exception:  # a malformed body is the view's to reject; count the address only
        return None
    return value if isinstance(value, str) and value else None


# Refusals counted per scope in this process, for the reliability report and monitoring.
refusals: dict[str, int] = {}


def _note_refusal(scope: str) -> None:
    refusals[scope] = refusals.get(scope, 0) + 1
