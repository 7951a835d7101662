"""Request-wide middleware of core."""

from __future__ import annotations

import uuid

from django.conf import settings

from korpu.core import context


def client_ip(request) -> str | None:
    """The client's address; behind a TLS proxy (KORPU_HTTPS=1) the proxy's X-Forwarded-For."""
    if getattr(settings, "HTTPS", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Bind the client address and a request id for the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.META.get("HTTP_X_REQUEST_ID", "")[:36] or str(uuid.uuid4())
        token = context.bind(context.RequestInfo(ip_address=client_ip(request), request_id=request_id))
        try:
            response = self.get_response(request)
        finally:
            context.unbind(token)
        response["X-Request-ID"] = request_id
        return response
