"""Wire datelines: "Şuşa, 23 aprel, AZƏRTAC" → place Shusha, 23 April, agency AZERTAC."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from korpu.media.pipeline.aliases import COUNTRY_QUALIFIERS, find_agency, find_place
from korpu.media.pipeline.dates import month_of, parse_date
from korpu.media.pipeline.text import fold


@dataclass(frozen=True)
class Dateline:
    """The parts of a dateline, as written and resolved to canonical ids."""

    raw: str
    place: str | None
    place_id: str | None
    date: dt.date | None
    agency: str | None
    agency_id: str | None
    # Offset in the parsed text where the dateline ends and the body begins.
    end: int


# Separators between dateline parts: commas (Latin and Arabic), brackets, slashes, colons,
# a full stop after a word (not after a day: German writes "23. April"), spaced dashes.
_SEP = re.compile(r"\s*(?:[,،;:|()\[\]/«»]|(?<!\d)\.(?=\s|$|/)|\s[-–—]\s|[–—])\s*")
# A place written without digits, at most four words ("New York", "Abu Dhabi", "شوشا").
_PLACE_SHAPE = re.compile(r"^[^\W\d_][^\d]{0,38}$", re.UNICODE)
HEAD_CHARS = 200


# "May 10. Trend:" ends a date with a full stop, but "23. April" (German) is one date.
_DIGIT_STOP = re.compile(r"(?<=\d)\.\s+(?=([^\W\d_]+))", re.UNICODE)


def _separators(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _SEP.finditer(text)]
    spans += [
        (m.start(), m.end()) for m in _DIGIT_STOP.finditer(text) if month_of(m.group(1)) is None
    ]
    return sorted(spans)


def _segments(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for start, stop in _separators(text):
        if start < pos:
            continue
        if start > pos:
            out.append((pos, start, text[pos:start]))
        pos = stop
    if pos < len(text):
        out.append((pos, len(text), text[pos:]))
    return out


def _looks_like_place(seg: str) -> bool:
    if not _PLACE_SHAPE.match(seg) or len(seg.split()) > 4:
        return False
    first = seg.strip()[0]
    # Latin and Cyrillic place names start with a capital; other scripts have no case.
    return first.isupper() or not first.isalpha() or first.lower() == first.upper()


def parse_dateline(text: str, seen: dt.date | None = None) -> Dateline | None:
    """Parse a dateline at the start of text, or return None when there is none.

    Understands "PLACE, DATE, AGENCY", "PLACE, DATE (AGENCY)", "PLACE (AGENCY) -",
    "PLACE, DATE. /AGENCY/.", "PLACE, COUNTRY, DATE. AGENCY:" in any script.
    """
    head = text[:HEAD_CHARS]
    place = place_id = agency = agency_id = None
    date: dt.date | None = None
    end = 0
    for index, (_start, stop, seg) in enumerate(_segments(head)):
        seg = seg.strip()
        if not seg:
            continue
        if index == 0:
            alias = find_place(seg)
            if alias is None and not _looks_like_place(seg):
                return None
            # A bare agency name alone ("AZERTAC") is a sign-off, not a dateline.
            if alias is None and find_agency(seg) is not None:
                return None
            place, place_id, end = seg, alias.id if alias else None, stop
            continue
        found = find_agency(seg)
        if found is not None:
            agency, agency_id, end = seg, found.id, stop
            break
        if fold(seg) in COUNTRY_QUALIFIERS and date is None:
            end = stop
            continue
        if date is None and any(c.isdigit() for c in seg) and len(seg) <= 30:
            parsed = parse_date(seg, seen, fallback=False)
            if parsed is not None:
                date, end = parsed, stop
                continue
        break
    if place is None or (agency is None and date is None):
        return None
    # Swallow the closing punctuation and dash between dateline and body.
    tail = re.match(r"[\s)\]/.:,،\-–—]*", head[end:])
    end += tail.end() if tail else 0
    return Dateline(head[:end].strip(), place, place_id, date, agency, agency_id, end)


def find_dateline(
    text: str, seen: dt.date | None = None, lines: int = 4
) -> tuple[Dateline, int] | None:
    """Find a dateline at the start of one of the first `lines` lines.

    Returns the dateline and the offset of its line in `text`, or None.
    """
    offset = 0
    for line in text.splitlines(keepends=True)[:lines]:
        found = parse_dateline(line.strip(), seen)
        if found is not None:
            return found, offset + (len(line) - len(line.lstrip()))
        offset += len(line)
    return None
