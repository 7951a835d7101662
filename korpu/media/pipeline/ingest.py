"""Turn a file (.html page, .txt article, .xml RSS/Atom feed) into news items."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from dataclasses import dataclass
from pathlib import Path

from korpu.media.pipeline.dateline import find_dateline
from korpu.media.pipeline.extract import Extracted, extract_html, extract_text
from korpu.media.pipeline.language import DEFAULT_LANGUAGES, detect_language


@dataclass(frozen=True)
class Item:
    """One news item as the pipeline sees it, ready to be stored as an article."""

    item_id: str
    language: str | None
    language_low_confidence: bool
    place: str | None
    place_id: str | None
    date: dt.date | None
    agency: str | None
    agency_id: str | None
    title: str
    text: str
    outlet: str | None = None
    url: str | None = None


def item_from_extracted(
    item_id: str, extracted: Extracted, languages: tuple[str, ...] = DEFAULT_LANGUAGES
) -> Item:
    """Detect the language of an extracted article and flatten it into an Item."""
    guess = detect_language(f"{extracted.title}\n{extracted.text}", languages)
    language = guess.code
    if guess.low_confidence and extracted.language_hint in languages:
        # The page's own lang attribute breaks a tie the text could not.
        language = extracted.language_hint
    d = extracted.dateline
    return Item(
        item_id=item_id,
        language=language,
        language_low_confidence=guess.low_confidence,
        place=d.place if d else None,
        place_id=d.place_id if d else None,
        date=extracted.published or (d.date if d else None),
        agency=d.agency if d else None,
        agency_id=d.agency_id if d else None,
        title=extracted.title,
        text=extracted.text,
        outlet=extracted.outlet,
        url=extracted.url,
    )


def ingest_file(
    path: str | Path, seen: dt.date | None = None, languages: tuple[str, ...] = DEFAULT_LANGUAGES
) -> list[Item]:
    """Read a .html, .txt or .xml (RSS/Atom) file into items.

    `seen` is when the file was fetched (default: its modification date); a dateline
    without a year gets the most recent such date not after it. A page or text file is one
    item with its path as id; each feed entry is an item with its link as id.
    """
    path = Path(path)
    if seen is None:
        seen = dt.date.fromtimestamp(path.stat().st_mtime)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return [
            item_from_extracted(str(path), extract_html(path.read_bytes(), None, seen), languages)
        ]
    if suffix == ".txt":
        return [
            item_from_extracted(
                str(path), extract_text(path.read_text(encoding="utf-8"), seen), languages
            )
        ]
    if suffix in (".xml", ".rss", ".atom"):
        return ingest_feed(path.read_bytes(), seen, languages, fallback_id=str(path))
    raise ValueError(f"cannot ingest {path.name}: expected .html, .txt or .xml")


_TAG = re.compile(r"<[^>]+>")


def _plain(markup: str) -> str:
    text = _TAG.sub(" ", re.sub(r"(?i)<\s*(br|/p|/div|/li)\s*/?>", "\n", markup))
    return "\n".join(
        " ".join(line.split()) for line in htmllib.unescape(text).splitlines() if line.strip()
    )


def ingest_feed(
    data: bytes | str,
    seen: dt.date,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
    fallback_id: str = "feed",
) -> list[Item]:
    """Parse an RSS/Atom feed; each entry becomes an item whose id is its link."""
    import feedparser

    feed = feedparser.parse(data)
    outlet = feed.feed.get("title")
    items = []
    for index, entry in enumerate(feed.entries):
        body = ""
        if entry.get("content"):
            body = entry.content[0].get("value", "")
        body = _plain(body or entry.get("summary", ""))
        published = None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            published = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
        dateline = None
        if found := find_dateline(body, published or seen, lines=2):
            dateline, offset = found
            body = (body[:offset] + body[offset + dateline.end :]).strip()
        extracted = Extracted(
            title=_plain(entry.get("title", "")),
            text=body,
            published=published or (dateline.date if dateline else None),
            language_hint=(entry.get("language") or feed.feed.get("language") or "")[:2].lower()
            or None,
            outlet=outlet,
            url=entry.get("link"),
            dateline=dateline,
        )
        item_id = entry.get("link") or entry.get("id") or f"{fallback_id}#{index}"
        items.append(item_from_extracted(item_id, extracted, languages))
    return items
