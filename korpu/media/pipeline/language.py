"""Language identification with lingua, restricted to the languages Körpü is configured for."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

DEFAULT_LANGUAGES: tuple[str, ...] = (
    "az",
    "ar",
    "en",
    "ru",
    "tr",
    "fa",
    "de",
    "fr",
    "es",
    "ja",
    "zh",
)
# Languages not configured but close to configured ones. Loading them lets us notice a page
# in Italian or Ukrainian instead of calling it Spanish or Russian with confidence; each
# costs a few MB, against ~1.2 GB for all 75 languages.
DEFAULT_SENTINELS: tuple[str, ...] = ("it", "pt", "uk", "kk", "nl", "pl", "he", "ur", "hy", "ka")
# Below this share of lingua's confidence the winner is flagged as unsure.
LOW_CONFIDENCE = 0.5


@dataclass(frozen=True)
class LanguageGuess:
    """A detected language (ISO 639-1) among the configured ones, and how sure we are."""

    code: str | None
    confidence: float
    low_confidence: bool
    # The ISO code of an unconfigured language the text looked like, when it did.
    other: str | None = None


def _lang(code: str) -> Language:
    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))


@cache
def _detector(languages: tuple[str, ...], sentinels: tuple[str, ...]) -> LanguageDetector:
    langs = [_lang(c) for c in (*languages, *sentinels) if c]
    # Building is cheap; the models load lazily per language on first use. Cached so each
    # process builds one detector per configuration.
    return LanguageDetectorBuilder.from_languages(*langs).build()


_lock = threading.Lock()


def detector(
    languages: tuple[str, ...] = DEFAULT_LANGUAGES, sentinels: tuple[str, ...] = DEFAULT_SENTINELS
) -> LanguageDetector:
    """Return the process-wide lingua detector for these languages."""
    extra = tuple(s for s in sentinels if s not in languages)
    with _lock:
        return _detector(tuple(languages), extra)


def detect_language(
    text: str,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
    sentinels: tuple[str, ...] = DEFAULT_SENTINELS,
    max_chars: int = 1000,
) -> LanguageGuess:
    """Detect the language of text among `languages`, flagging unsure and unconfigured ones."""
    sample = text[:max_chars]
    if not sample.strip():
        return LanguageGuess(None, 0.0, True)
    values = detector(languages, sentinels).compute_language_confidence_values(sample)
    configured = [v for v in values if v.language.iso_code_639_1.name.lower() in languages]
    if not configured:
        return LanguageGuess(None, 0.0, True)
    best = configured[0]
    top = values[0]
    top_code = top.language.iso_code_639_1.name.lower()
    if top_code not in languages:
        # Best of the configured, but say it looked like something we do not handle.
        return LanguageGuess(
            best.language.iso_code_639_1.name.lower(), best.value, True, other=top_code
        )
    return LanguageGuess(top_code, top.value, top.value < LOW_CONFIDENCE)
