"""Publication dates in many languages, with the year inferred when a dateline omits it."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from korpu.media.pipeline.text import fold, to_ascii_digits

# Month names dateparser misses or that we want without its cost (it takes ~1 ms a call):
# Levantine/Iraqi Arabic (كانون الثاني … كانون الأول), Egyptian/Maghreb Arabic transliterations,
# Azerbaijani, Turkish, Russian (genitive), German, French, Spanish, Persian (Gregorian months).
# Listed as stems: a word matches a stem when it starts with it (апреля, aprelin, Mayıs'ta).
_MONTHS: dict[int, tuple[str, ...]] = {
    1: (
        "january",
        "jan",
        "yanvar",
        "ocak",
        "январ",
        "января",
        "januar",
        "janvier",
        "enero",
        "يناير",
        "كانون الثاني",
        "جانفي",
        "ژانویه",
        "ينايir",
    ),
    2: (
        "february",
        "feb",
        "fevral",
        "şubat",
        "феврал",
        "februar",
        "février",
        "fevrier",
        "febrero",
        "فبراير",
        "شباط",
        "فيفري",
        "فوریه",
    ),
    3: (
        "march",
        "mar",
        "mart",
        "март",
        "марта",
        "märz",
        "marz",
        "mars",
        "marzo",
        "مارس",
        "آذار",
        "مارچ",
    ),
    4: (
        "april",
        "apr",
        "aprel",
        "nisan",
        "апрел",
        "avril",
        "abril",
        "أبريل",
        "ابريل",
        "إبريل",
        "نيسان",
        "أفريل",
        "آوریل",
    ),
    5: ("may", "mayın", "mayıs", "мая", "май", "mai", "mayo", "مايو", "أيار", "ايار", "ماي", "مه"),
    6: (
        "june",
        "jun",
        "iyun",
        "haziran",
        "июн",
        "juni",
        "juin",
        "junio",
        "يونيو",
        "حزيران",
        "جوان",
        "ژوئن",
    ),
    7: (
        "july",
        "jul",
        "iyul",
        "temmuz",
        "июл",
        "juli",
        "juillet",
        "julio",
        "يوليو",
        "تموز",
        "جويلية",
        "ژوئیه",
    ),
    8: (
        "august",
        "aug",
        "avqust",
        "ağustos",
        "август",
        "août",
        "aout",
        "agosto",
        "أغسطس",
        "اغسطس",
        "آب",
        "أوت",
        "اوت",
    ),
    9: (
        "september",
        "sep",
        "sept",
        "sentyabr",
        "eylül",
        "сентябр",
        "septembre",
        "septiembre",
        "سبتمبر",
        "أيلول",
        "ايلول",
        "سپتامبر",
    ),
    10: (
        "october",
        "oct",
        "oktyabr",
        "ekim",
        "октябр",
        "oktober",
        "octobre",
        "octubre",
        "أكتوبر",
        "اكتوبر",
        "تشرين الأول",
        "اکتبر",
    ),
    11: (
        "november",
        "nov",
        "noyabr",
        "kasım",
        "ноябр",
        "novembre",
        "noviembre",
        "نوفمبر",
        "تشرين الثاني",
        "نوامبر",
    ),
    12: (
        "december",
        "dec",
        "dekabr",
        "aralık",
        "декабр",
        "dezember",
        "décembre",
        "decembre",
        "diciembre",
        "ديسمبر",
        "كانون الأول",
        "دسامبر",
    ),
}

# Arabic and Persian ordinal-free spellings that are whole words, not stems: a stem match
# of "آب" (August) or "مه" (May) inside longer words would be wrong.
_EXACT_ONLY = {
    fold(w)
    for w in (
        "آب",
        "مه",
        "ماي",
        "mar",
        "may",
        "jan",
        "feb",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
        "mai",
        "май",
        "mars",
    )
}


@cache
def _month_table() -> list[tuple[str, int, bool]]:
    rows = []
    for month, names in _MONTHS.items():
        for name in names:
            key = fold(name)
            rows.append((key, month, key in _EXACT_ONLY))
    # Longest first, so "كانون الثاني" wins over a shorter name and "septembre" over "sep".
    rows.sort(key=lambda r: -len(r[0]))
    return rows


def month_of(word: str) -> int | None:
    """Return the month (1–12) a month word names in any supported language, or None."""
    w = fold(word).strip(".'’")
    # Arabic prefixes: في أيار (fi ayyar) is split already; بأيار / لأيار glue on one letter.
    candidates = [w] + ([w[1:]] if len(w) > 3 and w[0] in "بلو" else [])
    for cand in candidates:
        for key, month, exact in _month_table():
            if cand == key or (
                not exact and len(key) >= 3 and cand.startswith(key) and len(cand) - len(key) <= 6
            ):
                return month
    return None


# A day, a month word (one or two words, for كانون الثاني) and an optional year, either order.
_DAY = r"(?P<day>[0-3]?\d)(?:\.|st|nd|rd|th|-?(?:ci|cı|cu|cü|ü|u|i|ı|de|da|te|ta|-?го|-?е))?"
_MONTH = r"(?P<month>[^\W\d_][^\W\d_'’.]*(?:\s+(?:الثاني|الأول|الاول))?)"
_YEAR = r"(?:[,،]?\s*(?P<year>(?:19|20)\d\d))?"
_DMY = re.compile(rf"(?<!\d){_DAY}\s*(?:de\s+)?{_MONTH}\.?{_YEAR}", re.UNICODE | re.IGNORECASE)
_MDY = re.compile(
    rf"{_MONTH}\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th|-?(?:də|da|de|ü|u|i|ı))?(?!\d){_YEAR}",
    re.UNICODE | re.IGNORECASE,
)
# Azerbaijani "mayın 12-də", "aprelin 23-ü": the month in the genitive before the day.
_ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?!\d)")
_DOTTED = re.compile(r"(?<!\d)(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<y>(?:19|20)\d\d)(?!\d)")


def infer_year(day: int, month: int, seen: dt.date) -> dt.date | None:
    """Return the most recent day/month not after `seen` (a wire dateline omits the year)."""
    for year in range(seen.year, seen.year - 8, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue  # 29 February in a common year: look further back
        if candidate <= seen:
            return candidate
    return None


def _build(day: int, month: int, year: int | None, seen: dt.date | None) -> dt.date | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is not None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return infer_year(day, month, seen or dt.date.today())


def parse_date(
    text: str,
    seen: dt.date | None = None,
    languages: list[str] | None = None,
    fallback: bool = True,
) -> dt.date | None:
    """Find the first date in text ("23 أبريل", "April 23", "23 апреля 2022", "mayın 12-də").

    A date without a year gets the most recent such date not after `seen` (default today).
    Own month tables are tried first; dateparser is the fallback for other forms
    (unless `fallback` is False).
    """
    text = to_ascii_digits(text).replace("\u200f", " ").replace("\u200e", " ")
    if m := _ISO.search(text):
        return _build(int(m["d"]), int(m["m"]), int(m["y"]), seen)
    if m := _DOTTED.search(text):
        return _build(int(m["d"]), int(m["m"]), int(m["y"]), seen)
    found = []
    for m in _DMY.finditer(text):
        month = month_of(m["month"]) or month_of(m["month"].split()[0])
        if month:
            found.append((m.start(), int(m["day"]), month, m["year"]))
            break
    for m in _MDY.finditer(text):
        month = month_of(m["month"])
        if month:
            found.append((m.start(), int(m["day2"]), month, m["year"]))
            break
    if found:
        _, day, month, year = min(found)
        return _build(day, month, int(year) if year else None, seen)
    return _dateparser(text, seen, languages) if fallback else None


def _dateparser(text: str, seen: dt.date | None, languages: list[str] | None) -> dt.date | None:
    import dateparser

    base = dt.datetime.combine(seen or dt.date.today(), dt.time(23, 59))
    settings = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": base,
        "REQUIRE_PARTS": ["day", "month"],
    }
    try:
        parsed = dateparser.parse(text[:80], languages=languages, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; a miss is fine here
        return None
    if parsed is None:
        return None
    if not re.search(r"(?:19|20)\d\d", text[:80]):
        # dateparser fills a missing year with the current one; apply our rule instead.
        return infer_year(parsed.day, parsed.month, seen or dt.date.today())
    return parsed.date()
