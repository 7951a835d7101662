"""Polite, bounded HTTP fetching of feeds and pages.

Conditional requests (ETag / Last-Modified), a size cap (a 50 MB page is cut off, not read),
a timeout, a redirect limit, and at most one request per host every HOST_INTERVAL seconds.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

import requests
from django.utils.translation import gettext as _

from korpu import __version__
from korpu.media.errors import FetchError
from korpu.media.models import host_of

MAX_BYTES = int(os.environ.get("KORPU_MEDIA_MAX_BYTES", str(5 * 1024 * 1024)))
TIMEOUT = float(os.environ.get("KORPU_MEDIA_TIMEOUT", "15"))
MAX_REDIRECTS = 5
HOST_INTERVAL = float(os.environ.get("KORPU_MEDIA_HOST_INTERVAL", "2"))
USER_AGENT = f"Korpu/{__version__} (news monitoring; +https://korpu.az)"

_last_request: dict[str, float] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Fetched:
    status: int
    content: bytes
    url: str
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def wait_for_host(host: str, interval: float = HOST_INTERVAL) -> None:
    """Sleep until `interval` seconds have passed since the last request to `host`."""
    with _lock:
        last = _last_request.get(host, 0.0)
        delay = last + interval - time.monotonic()
        _last_request[host] = max(time.monotonic(), last + interval)
    if delay > 0:
        time.sleep(delay)


def fetch(url: str, *, etag: str = "", last_modified: str = "", max_bytes: int | None = None,
          timeout: float | None = None, host_interval: float | None = None) -> Fetched:
    """GET `url` conditionally; raise FetchError with a readable reason on any failure."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    timeout = TIMEOUT if timeout is None else timeout
    wait_for_host(host_of(url), HOST_INTERVAL if host_interval is None else host_interval)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, text/html, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    session = requests.Session()
    session.max_redirects = MAX_REDIRECTS
    try:
        with session.get(url, headers=headers, timeout=timeout, stream=True, allow_redirects=True) as response:
            if response.status_code == 304:
                return Fetched(304, b"", response.url, etag, last_modified)
            if response.status_code >= 400:
                raise FetchError(_("The server answered {status}.").format(status=response.status_code))
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(_("The page is larger than {limit} MB; not read.").format(limit=max_bytes // 1048576 or 1))
            chunks, size = [], 0
            for chunk in response.iter_content(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(_("The page is larger than {limit} MB; not read.").format(
                        limit=max_bytes // 1048576 or 1))
                chunks.append(chunk)
            return Fetched(response.status_code, b"".join(chunks), response.url,
                           response.headers.get("ETag", ""), response.headers.get("Last-Modified", ""))
    except requests.TooManyRedirects:
        raise FetchError(_("Too many redirects (a loop?).")) from None
    except requests.Timeout:
        raise FetchError(_("The server did not answer in time.")) from None
    except requests.RequestException as exc:
        raise FetchError(_("Could not fetch: {reason}").format(reason=type(exc).__name__)) from None
    finally:
        session.close()
