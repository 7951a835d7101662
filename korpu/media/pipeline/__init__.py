"""The media news pipeline: pure Python (no Django), offline, many languages.

extract → language → dateline and dates → entities → topics → embeddings → stories.
"""

from korpu.media.pipeline.dateline import Dateline, find_dateline, parse_dateline
from korpu.media.pipeline.dates import infer_year, parse_date
from korpu.media.pipeline.entities import Gazetteer, Mention, find_mentions
from korpu.media.pipeline.extract import Extracted, extract_html, extract_text
from korpu.media.pipeline.ingest import Item, ingest_feed, ingest_file
from korpu.media.pipeline.language import DEFAULT_LANGUAGES, LanguageGuess, detect_language
from korpu.media.pipeline.stories import StoryGrouper, numbers_conflict, story_text
from korpu.media.pipeline.topics import classify

__all__ = [
    "DEFAULT_LANGUAGES",
    "Dateline",
    "Extracted",
    "Gazetteer",
    "Item",
    "LanguageGuess",
    "Mention",
    "StoryGrouper",
    "classify",
    "detect_language",
    "extract_html",
    "extract_text",
    "find_dateline",
    "find_mentions",
    "infer_year",
    "ingest_feed",
    "ingest_file",
    "numbers_conflict",
    "parse_date",
    "parse_dateline",
    "story_text",
]
