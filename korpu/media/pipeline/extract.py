"""Article text and metadata from HTML pages (trafilatura) and plain-text files."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from korpu.media.pipeline.dateline import Dateline, find_dateline
from korpu.media.pipeline.dates import parse_date


@dataclass(frozen=True)
class Extracted:
    """What a page or file says: its title, body text, metadata and dateline."""

    title: str
    text: str
    published: dt.date | None = None
    language_hint: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    dateline: Dateline | None = None


_LANG_ATTR = re.compile(rb"<html[^>]*\slang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
# A title is one short line; a body paragraph is long or ends a sentence.
TITLE_MAX = 200


def _first_sentence(text: str, limit: int = 160) -> str:
    sentence = re.split(r"(?<=[.!?؟。])\s", text.strip(), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + "…"


def extract_html(
    html: bytes | str, url: str | None = None, seen: dt.date | None = None
) -> Extracted:
    """Extract title, main text, publication date and language hint from an HTML page."""
    import trafilatura

    raw = html.encode("utf-8", "replace") if isinstance(html, str) else html
    doc = trafilatura.bare_extraction(
        raw,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    title = (getattr(doc, "title", None) or "").strip() if doc is not None else ""
    published = None
    doc_date = getattr(doc, "date", None) if doc is not None else None
    if doc_date:
        published = parse_date(str(doc_date), seen)
    hint = None
    if m := _LANG_ATTR.search(raw[:5000]):
        hint = m.group(1).decode("ascii").lower()[:2]
    lines = text.splitlines()
    # trafilatura keeps the <h1> as the first line of the text; the title is stored apart.
    if lines and title and lines[0].strip() == title:
        text = "\n".join(lines[1:]).strip()
    dateline = None
    if found := find_dateline(text, seen, lines=2):
        dateline, offset = found
        text = (text[:offset] + text[offset + dateline.end :]).strip()
    if not title:
        title = _first_sentence(text)
    return Extracted(
        title=title,
        text=text,
        published=published or (dateline.date if dateline else None),
        language_hint=hint,
        outlet=getattr(doc, "sitename", None) if doc is not None else None,
        author=getattr(doc, "author", None) if doc is not None else None,
        url=url or (getattr(doc, "url", None) if doc is not None else None),
        dateline=dateline,
    )


def extract_text(content: str, seen: dt.date | None = None) -> Extracted:
    """Split a plain-text article into outlet, title, dateline and body.

    Layout met in practice (see the seed file): an optional outlet line (often ending
    in "/"), an optional title line, a dateline on its own line or opening the body, the body.
    """
    lines = [line.strip() for line in content.strip().splitlines()]
    lines = [line for line in lines if line]
    found = find_dateline("\n".join(lines[:4]), seen)
    header: list[str]
    dateline: Dateline | None = None
    if found is not None:
        dateline, offset = found
        index = "\n".join(lines).count("\n", 0, offset)
        header = lines[:index]
        rest = lines[index][dateline.end :].strip() if dateline.end < len(lines[index]) else ""
        body_lines = ([rest] if rest else []) + lines[index + 1 :]
    else:
        header = []
        for line in lines[:2]:
            if len(line) > TITLE_MAX or line.endswith((".", "!", "?", "؟", "»", "”", '"')):
                break
            header.append(line)
        body_lines = lines[len(header) :]
    outlet = title = None
    header = [h for h in header if h]
    if len(header) >= 2:
        outlet, title = header[0].rstrip("/ "), header[1]
    elif len(header) == 1:
        # An outlet's name line is signed off with a slash; otherwise it is the title.
        if header[0].endswith("/") or (
            found is not None and found[0].agency and header[0] == found[0].agency
        ):
            outlet = header[0].rstrip("/ ")
        else:
            title = header[0]
    text = "\n".join(body_lines)
    return Extracted(
        title=title or _first_sentence(text),
        text=text,
        published=dateline.date if dateline else None,
        outlet=outlet,
        dateline=dateline,
    )
