"""The current request's address and id, for audit rows written deep inside services."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    ip_address: str | None = None
    request_id: str = ""


_current: contextvars.ContextVar[RequestInfo] = contextvars.ContextVar(
    "korpu_request", default=RequestInfo()  # noqa: B039 - frozen, so immutable
)


def current() -> RequestInfo:
    """Return what is known about the request being served (empty outside a request)."""
    return _current.get()


def bind(info: RequestInfo) -> contextvars.Token[RequestInfo]:
    return _current.set(info)


def unbind(token: contextvars.Token[RequestInfo]) -> None:
    _current.reset(token)
