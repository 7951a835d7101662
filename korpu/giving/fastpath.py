"""A lean ASGI handler for exactly `POST /api/v1/donations` (the partner API's hot path).

korpu/asgi.py sends that one route here and everything else to Django. Under load the Django
stack costs most of the CPU of a donation: sixteen middlewares (most of them sync, so every request
hops to Django's one thread-sensitive executor thread and back), the URL resolver and
django-ninja's dispatch. This handler does only what the route needs:

- the same bearer-token authentication (`api.token_auth`: the same 30 s per-process cache);
- the same body schema (`DonationIn`, validated as django-ninja does) and the same checks
  (`api.prepare`: permission, Idempotency-Key, currency, amount, channel, campaign/fund);
- the same group-commit batcher, answering only after COMMIT;
- the same answer (`api.donation_out`, encoded with ninja's JSON encoder) and the same error
  format `{"error": {"code", "message", "details"}}`, translated into the request's language
  (language cookie, then Accept-Language, as Django's LocaleMiddleware decides);
- the same audit context (client address, X-Request-ID) and the same security headers.

Whatever it does not handle itself it hands to Django unchanged (the body replayed): requests
without a valid bearer token (session cookies, with their CSRF check, and the 401 answer), a body
that is not valid JSON or breaks the schema (ninja's 422 with its details), a host not in
ALLOWED_HOSTS, plain HTTP when HTTPS is enforced, oversized bodies. So every error that Django
gives, the fast path gives identically; tests/giving/test_fastpath.py compares the two.
"""

from __future__ import annotations

import json
import math
import os
import time
import uuid
import zoneinfo
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import pydantic
from django.conf import settings
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.utils import timezone, translation
from ninja.responses import NinjaJSONEncoder

from korpu.core import context, ratelimit
from korpu.core.errors import KorpuError

Scope = dict[str, Any]
Message = Mapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PATH = "/api/v1/donations"
MAX_BODY = 64 * 1024  # a donation is a few hundred bytes; anything larger goes to Django


def handles(scope: Scope) -> bool:
    return scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == PATH


def _security_headers() -> list[tuple[bytes, bytes]]:
    """What korpu.core.headers, SecurityMiddleware, the CSP and the clickjacking middleware add to
    this route's JSON answers."""
    from django.utils.csp import CSP, build_policy

    from korpu.core.headers import camera_allowed, permissions_policy

    headers = [(b"content-type", b"application/json; charset=utf-8")]
    for header, config in ((CSP.HEADER_ENFORCE, getattr(settings, "SECURE_CSP", None)),
                           (CSP.HEADER_REPORT_ONLY, getattr(settings, "SECURE_CSP_REPORT_ONLY", None))):
        if config:
            headers.append((str(header).lower().encode(), build_policy(config, None).encode()))
    headers.append((b"permissions-policy", permissions_policy(camera=camera_allowed(PATH)).encode()))
    headers.append((b"cross-origin-resource-policy", b"same-origin"))
    if getattr(settings, "SECURE_CONTENT_TYPE_NOSNIFF", False):
        headers.append((b"x-content-type-options", b"nosniff"))
    if getattr(settings, "SECURE_REFERRER_POLICY", None):
        headers.append((b"referrer-policy", str(settings.SECURE_REFERRER_POLICY).encode()))
    if getattr(settings, "SECURE_CROSS_ORIGIN_OPENER_POLICY", None):
        headers.append((b"cross-origin-opener-policy", str(settings.SECURE_CROSS_ORIGIN_OPENER_POLICY).encode()))
    headers.append((b"x-frame-options", str(getattr(settings, "X_FRAME_OPTIONS", "DENY")).encode()))
    return headers


class _LanguageRequest:
    """The two things `get_language_from_request` reads."""

    path_info = PATH

    def __init__(self, cookies: dict[str, str], accept: str) -> None:
        self.COOKIES = cookies
        self.META = {"HTTP_ACCEPT_LANGUAGE": accept}


_languages: dict[tuple[str, str], str] = {}


def request_language(cookie_header: str, accept: str) -> str:
    """The language LocaleMiddleware would activate for this request (remembered per header pair)."""
    cookie_value = parse_cookie(cookie_header).get(settings.LANGUAGE_COOKIE_NAME, "") if cookie_header else ""
    key = (cookie_value, accept)
    found = _languages.get(key)
    if found is None:
        cookies = {settings.LANGUAGE_COOKIE_NAME: cookie_value} if cookie_value else {}
        found = translation.get_language_from_request(_LanguageRequest(cookies, accept))  # type: ignore[arg-type]
        if len(_languages) > 1000:
            _languages.clear()
        _languages[key] = found
    return found


def encode(data: Any) -> bytes:
    """Exactly what ninja's JSONRenderer writes."""
    return json.dumps(data, cls=NinjaJSONEncoder).encode()


def error_body(exc: KorpuError) -> bytes:
    return encode({"error": {"code": exc.code, "message": str(exc.message), "details": exc.details}})


class FastPath:
    """The ASGI application: donations here, everything else to `django_app`."""

    def __init__(self, django_app: ASGIApp) -> None:
        # Import the API now, in order (korpu.api mounts every app's router, ours included): a lazy
        # import on the first requests would race with itself on the event loop.
        import korpu.api  # noqa: F401
        from korpu.giving import api, batcher

        self.api, self.batcher = api, batcher
        self.django_app = django_app
        self.headers = _security_headers()
        self.https = bool(getattr(settings, "HTTPS", False))
        self.ssl_redirect = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
        hsts = int(getattr(settings, "SECURE_HSTS_SECONDS", 0) or 0)
        self.hsts = None
        if hsts:
            value = f"max-age={hsts}"
            if getattr(settings, "SECURE_HSTS_INCLUDE_SUBDOMAINS", False):
                value += "; includeSubDomains"
            if getattr(settings, "SECURE_HSTS_PRELOAD", False):
                value += "; preload"
            self.hsts = (b"strict-transport-security", value.encode())
        # The rate-limit counters: in-process (LocMem) they are counted on the event loop, else
        # (the database cache in production) on a pooled thread.
        self.cache_is_local = "locmem" in settings.CACHES["default"]["BACKEND"].lower()
        self.zone = zoneinfo.ZoneInfo(getattr(settings, "KORPU_DEFAULT_TIMEZONE", settings.TIME_ZONE))
        self._limit_key: tuple | None = None
        self._limit: tuple[str, ratelimit.Rate] | None = None

    def limit(self) -> tuple[str, ratelimit.Rate] | None:
        """(scope, rate) of this route's rate limit, or None: looked up again only when the rules
        or rates (settings or environment) change, not parsed on every request."""
        key = (id(getattr(settings, "KORPU_RATE_LIMIT_RULES", None)), repr(getattr(settings, "KORPU_RATE_LIMITS", {})),
               os.environ.get("KORPU_RATE_LIMITS", ""))
        if key != self._limit_key:
            rule = ratelimit.rule_for("POST", PATH)
            rate = ratelimit.rate_for(rule.scope) if rule is not None else None
            self._limit = (rule.scope, rate) if rule is not None and rate is not None else None
            self._limit_key = key
        return self._limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if handles(scope):
            await self.donation(scope, receive, send)
        else:
            await self.django_app(scope, receive, send)

    async def donation(self, scope: Scope, receive: Receive, send: Send) -> None:
        from korpu.giving.schemas import DonationIn

        api, batcher = self.api, self.batcher
        headers: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            headers[name.lower()] = value  # (a repeated header: the last one; none of these repeat)
        auth = headers.get(b"authorization", b"").decode("latin-1")
        host = headers.get(b"host", b"").decode("latin-1")
        domain, _port = split_domain_port(host)
        if (
            not auth[:7].lower() == "bearer "
            or not domain
            or not validate_host(domain, settings.ALLOWED_HOSTS)
            or (self.ssl_redirect and scope.get("scheme") != "https")
        ):
            return await self.django_app(scope, receive, send)
        user = await api.token_auth.user(auth[7:].strip())
        if user is None:
            # A session cookie may still sign the request in: Django decides (or answers 401).
            return await self.django_app(scope, receive, send)

        messages, complete = await _read_body(receive)
        if not complete:
            return await self.django_app(scope, _replay(messages, receive), send)
        try:
            payload = DonationIn.model_validate(json.loads(b"".join(m.get("body", b"") for m in messages)))
        except (ValueError, pydantic.ValidationError):
            # Not JSON or not the schema: ninja answers with its 422 and the details.
            return await self.django_app(scope, _replay(messages, receive), send)

        request_id = headers.get(b"x-request-id", b"").decode("latin-1")[:36] or str(uuid.uuid4())
        forwarded = headers.get(b"x-forwarded-for", b"").decode("latin-1") if self.https else ""
        client = scope.get("client")
        ip = (forwarded.split(",")[0].strip() or None) if forwarded else (client[0] if client else None)
        language = request_language(headers.get(b"cookie", b"").decode("latin-1"),
                                    headers.get(b"accept-language", b"").decode("latin-1"))
        # The rate limit of korpu.core.ratelimit's path rules, counted as RateLimitMiddleware counts
        # a token request (address and token). Only here: what went to Django above is counted there.
        limit = self.limit()
        if limit is not None:
            identities = [f"ip:{ip or 'unknown'}", f"account:token:{auth[7:].strip()}"]
            if self.cache_is_local:
                decision = _hit(*limit, identities)
            else:
                decision = await batcher.run_sync(_hit, *limit, identities)
            if not decision.allowed:
                ratelimit._note_refusal(limit[0])
                with translation.override(language):
                    return await self.too_many(send, scope, decision, request_id, language)
        token = context.bind(context.RequestInfo(ip_address=ip, request_id=request_id))
        try:
            # UserPreferencesMiddleware's zone for a token request (no session user): the default.
            with translation.override(language), timezone.override(self.zone):
                key = headers.get(b"idempotency-key", b"").decode("latin-1").strip()
                try:
                    if api.prepare_needs_db(payload):
                        intent = await batcher.run_sync(api.prepare, user, payload, key)
                    else:
                        intent = api.prepare(user, payload, key, may_query=False)
                    gift, created = await batcher.book(user, intent)
                except KorpuError as exc:
                    return await self.respond(send, scope, exc.status, error_body(exc), request_id, language)
        finally:
            context.unbind(token)
        await self.respond(send, scope, 201 if created else 200, encode(api.donation_out(gift)), request_id, language)

    async def too_many(self, send: Send, scope: Scope, decision: ratelimit.Decision, request_id: str,
                       language: str) -> None:
        """ratelimit.too_many's answer under /api/."""
        body = encode(ratelimit.api_error(decision))
        await self.respond(send, scope, 429, body, request_id, language,
                           extra=[(b"retry-after", str(decision.retry_after).encode()), (b"cache-control", b"no-store")])

    async def respond(self, send: Send, scope: Scope, status: int, body: bytes, request_id: str,
                      language: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
        headers = [*self.headers, *(extra or []), (b"content-length", str(len(body)).encode()),
                   (b"content-language", language.encode()), (b"x-request-id", request_id.encode())]
        if self.hsts and scope.get("scheme") == "https":
            headers.append(self.hsts)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _hit(scope: str, rate: ratelimit.Rate, identities: list[str]) -> ratelimit.Decision:
    """ratelimit.hit with the rate already known: the same counters (keys, windows, timeouts)."""
    from django.core.cache import cache

    now = time.time()
    window = int(now // rate.period)
    worst = ratelimit.Decision(True, limit=rate.limit)
    for identity in identities:
        key = f"korpu:rl:{scope}:{ratelimit._digest(identity)}:{window}"
        cache.add(key, 0, timeout=rate.period + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr: start again
            cache.set(key, 1, timeout=rate.period + 5)
            count = 1
        if count > rate.limit:
            retry = max(1, math.ceil((window + 1) * rate.period - now))
            if worst.allowed or retry > worst.retry_after:
                worst = ratelimit.Decision(False, retry, count, rate.limit)
        elif worst.allowed and count > worst.count:
            worst = ratelimit.Decision(True, 0, count, rate.limit)
    return worst


async def _read_body(receive: Receive) -> tuple[list[Message], bool]:
    """The messages of the body, and whether they hold all of it (False when the client left or
    the body grew past MAX_BODY)."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, False
        size += len(message.get("body", b""))
        if not message.get("more_body", False):
            return messages, True
        if size > MAX_BODY:
            return messages, False


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive channel that first gives back what was already read, then the rest."""
    pending = list(reversed(messages))

    async def replay() -> Message:
        if pending:
            return pending.pop()
        return await receive()

    return replay
