"""Feeds and pages polled from a local http.server (never the internet): conditional requests,
deduplication, and bad input that marks only the source concerned unhealthy."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_state")]

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Caspian Wire</title><link>http://HOST/</link><language>en</language>
<item><title>Juma Mosque in Aghdam restored</title><link>http://HOST/news/aghdam?utm_source=rss</link>
<pubDate>Fri, 10 May 2024 09:00:00 GMT</pubDate>
<description>AGHDAM, May 10 (AZERTAC) - Restoration of the historic Juma Mosque in Aghdam has been completed,
with the minarets, walls and interior ornaments returned to their original form. 120 craftsmen took part.</description></item>
</channel></rss>"""

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Juma Mosque in Aghdam restored</title></head>
<body><article><h1>Juma Mosque in Aghdam restored</h1>
<p>AGHDAM, May 10 (AZERTAC) - Restoration of the historic Juma Mosque in Aghdam has been completed,
with the minarets, walls and interior ornaments returned to their original form. 120 craftsmen took part.</p>
<p>The mosque, built in 1868, was badly damaged during the occupation and is now open to worshippers again.</p>
</article></body></html>"""

ITALIAN = """<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>Restaurata la moschea</title></head>
<body><article><h1>Restaurata la moschea di Aghdam</h1>
<p>Sono stati completati i lavori di restauro della storica moschea del venerdì ad Aghdam: i minareti, le pareti
e le decorazioni interne sono stati riportati alla loro forma originale. Hanno partecipato centoventi artigiani
e specialisti, secondo quanto riferito oggi dalle autorità locali della città.</p></article></body></html>"""

RUSSIAN = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Мечеть в Агдаме восстановлена</title></head>
<body><article><h1>Мечеть Джума в Агдаме восстановлена</h1>
<p>Агдам, 10 мая (АЗЕРТАДЖ). Завершены работы по реставрации исторической мечети Джума в Агдаме: минареты,
стены и внутренние орнаменты возвращены к первоначальному виду. В работах участвовали 120 мастеров.</p>
</article></body></html>"""


class Handler(BaseHTTPRequestHandler):
    requests: list[tuple[str, dict]] = []

    def log_message(self, *args):  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (http.server's name)
        Handler.requests.append((self.path, dict(self.headers)))
        host = self.headers["Host"]
        path = self.path.split("?")[0]
        if path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self._send(200, FEED.replace("HOST", host).encode(), "application/rss+xml", {"ETag": '"v1"'})
        elif path == "/news/aghdam":
            self._send(200, PAGE.encode())
        elif path == "/notxml":
            self._send(200, b"<html><body>Sorry, we moved.</body></html>", "application/rss+xml")
        elif path == "/truncated.html":
            self._send(200, PAGE.encode()[:300])
        elif path == "/empty.html":
            self._send(200, b"<html><head><title>")
        elif path == "/wrong-encoding.html":
            self._send(200, RUSSIAN.encode("cp1251"))  # declares utf-8, is windows-1251
        elif path == "/italian.html":
            self._send(200, ITALIAN.encode())
        elif path == "/huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
        elif path == "/endless.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/slow.xml":
            time.sleep(1.5)
            self._send(200, FEED.encode(), "application/rss+xml")
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        else:
            self._send(404, b"not found")


@pytest.fixture
def server(monkeypatch):
    from korpu.media import fetch

    monkeypatch.setattr(fetch, "HOST_INTERVAL", 0.0)
    monkeypatch.setattr(fetch, "TIMEOUT", 0.5)
    monkeypatch.setattr(fetch, "MAX_BYTES", 1024 * 1024)
    Handler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _source(url, kind="feed", outlet=None):
    from korpu.media.services import do_create_source

    return do_create_source(actor="system", url=url, kind=kind, outlet=outlet)


def _poll(source):
    from korpu.media.services import poll_source

    stored = poll_source(source)
    source.refresh_from_db()
    return stored


def test_a_feed_is_stored_then_asked_again_conditionally(server, outlet):
    source = _source(f"{server}/feed.xml", outlet=outlet)
    assert _poll(source) == 1
    assert source.healthy and source.etag == '"v1"'
    assert _poll(source) == 0
    assert Handler.requests[-1][1].get("If-None-Match") == '"v1"'
    article = source.articles.get()
    assert article.language == "en" and article.outlet == outlet and article.agency_id == "azertac"


def test_the_same_article_reached_by_two_addresses_is_stored_once(server):
    from korpu.media.models import Article

    _poll(_source(f"{server}/feed.xml"))
    page = _source(f"{server}/news/aghdam?utm_source=twitter", kind="page")
    assert _poll(page) == 0
    assert page.healthy
    assert Article.objects.count() == 1


@pytest.mark.parametrize(("path", "kind", "reason"), [
    ("/notxml", "feed", "Not a feed"),
    ("/empty.html", "page", "No article text"),
    ("/huge.html", "page", "larger than"),
    ("/endless.html", "page", "larger than"),
    ("/slow.xml", "feed", "did not answer in time"),
    ("/loop", "feed", "Too many redirects"),
    ("/italian.html", "page", "language not configured (it)"),
    ("/missing.xml", "feed", "404"),
])
def test_bad_input_marks_only_its_source_unhealthy_with_the_reason(server, path, kind, reason):
    good = _source(f"{server}/feed.xml")
    bad = _source(f"{server}{path}", kind=kind)
    assert _poll(bad) == 0
    assert not bad.healthy and reason in bad.last_error and bad.failures == 1
    assert _poll(good) == 1 and good.healthy


def test_truncated_html_and_a_wrong_declared_encoding_do_not_break_polling(server):
    truncated = _source(f"{server}/truncated.html", kind="page")
    wrong = _source(f"{server}/wrong-encoding.html", kind="page")
    _poll(truncated)
    _poll(wrong)
    for source in (truncated, wrong):
        assert source.last_polled_at is not None
        assert source.healthy or source.last_error


def test_the_source_page_shows_why_it_is_unhealthy(server, admin, client_for):
    bad = _source(f"{server}/loop")
    _poll(bad)
    page = client_for(admin).get(f"/media/sources/{bad.pk}/")
    assert "Too many redirects" in page.content.decode()


def test_the_periodic_job_polls_every_active_source(server):
    from korpu.media.tasks import poll_sources

    _source(f"{server}/feed.xml")
    _source(f"{server}/loop")
    assert poll_sources.call() == 1


def test_one_request_per_host_at_a_time(monkeypatch):
    from korpu.media import fetch

    monkeypatch.setattr(fetch, "_last_request", {})
    start = time.monotonic()
    fetch.wait_for_host("example.org", 0.2)
    fetch.wait_for_host("example.org", 0.2)
    fetch.wait_for_host("other.example", 0.2)
    assert 0.18 <= time.monotonic() - start < 0.5
