"""Story grouping: copies, rewrites and translations of one event together; templates apart."""

import csv
import datetime as dt
import itertools
from pathlib import Path

import numpy as np
import pytest

from korpu.embeddings import embed
from korpu.media.pipeline import StoryGrouper, ingest_file, numbers_conflict, story_text
from korpu.media.pipeline.text import numbers

# The root conftest's autouse fixture needs Django settings; this pure module runs without
# Django (-p no:django), so it replaces that fixture with a no-op.



DATA = Path(__file__).parent / "data"
DAY = dt.date(2024, 5, 12)
SAME = np.ones(8, dtype=np.float32) / np.sqrt(8)


def test_next_days_oil_price_is_a_different_story():
    g = StoryGrouper()
    a = g.add("a", "en", "Brent oil price is $74.12", SAME, DAY)
    b = g.add("b", "en", "Brent oil price is $73.05", SAME, DAY + dt.timedelta(days=1))
    assert a != b


def test_weather_for_another_day_is_a_different_story():
    g = StoryGrouper()
    a = g.add("a", "en", "Weather in Baku on 12 May: cloudy, +18..+22", SAME, DAY)
    b = g.add("b", "en", "Weather in Baku on 13 May: cloudy, +18..+22", SAME, DAY)
    assert a != b


def test_copy_of_a_wire_story_joins_its_story():
    g = StoryGrouper()
    text = (
        "Restoration of the Juma Mosque in Aghdam completed. 120 craftsmen took part in the work."
    )
    a = g.add("a", "en", text, SAME, DAY)
    assert g.add("b", "en", text, None, DAY) == a
    assert g.matches["b"].method == "minhash"


def test_translation_joins_by_embedding():
    g = StoryGrouper()
    a = g.add("a", "en", "Mosque restored in Aghdam", SAME, DAY)
    assert g.add("b", "az", "Ağdamda məscid bərpa olunub", SAME, DAY) == a
    assert g.matches["b"].method == "embedding"


def test_shortened_rewrite_without_the_numbers_still_joins():
    g = StoryGrouper()
    a = g.add("a", "en", "Earthquake of magnitude 4.2 at depth of 12 km hits Shamakhi", SAME, DAY)
    assert g.add("b", "ru", "Землетрясение в Шамахы", SAME, DAY) == a


def test_same_event_outside_the_date_window_is_a_new_story():
    g = StoryGrouper(window_days=2)
    a = g.add("a", "en", "Mosque restored in Aghdam", SAME, DAY)
    assert g.add("b", "en", "Mosque restored in Aghdam", SAME, DAY + dt.timedelta(days=5)) != a


def test_item_matching_two_stories_merges_them_into_the_older():
    g = StoryGrouper(cosine_threshold=0.7)
    x = np.array([1, 0, 0], dtype=np.float32)
    y = np.array([0, 1, 0], dtype=np.float32)
    g.add("a", "en", "one", x, DAY)
    g.add("b", "de", "zwei", y, DAY)
    story = g.add("c", "az", "üç", (x + y) / np.linalg.norm(x + y), DAY)
    assert (story, g.story_of("b")) == ("a", "a")
    assert g.pop_merges() == [("b", "a")]


def test_adding_an_item_twice_returns_its_story():
    g = StoryGrouper()
    a = g.add("a", "en", "Mosque restored", SAME, DAY)
    assert g.add("a", "en", "Mosque restored", SAME, DAY) == a
    assert len(g) == 1


def test_numbers_conflict_only_when_both_sides_differ():
    assert numbers_conflict(numbers("Brent $74.12"), numbers("Brent 73,05 dollar"))
    assert not numbers_conflict(numbers("4,2 magnitude, 12 km"), numbers("magnitude 4.2"))


def test_decimal_comma_and_point_are_the_same_number():
    assert numbers("74,12 dollar") == numbers("$74.12")


def test_arabic_indic_digits_are_numbers():
    assert numbers("٥٠٠ شخص") == numbers("500 people")


@pytest.fixture(scope="module")
def labelled_grouping():
    rows = list(csv.DictReader((DATA / "labels.csv").open(encoding="utf-8")))
    seen = {r["item"]: dt.date.fromisoformat(r["seen"]) for r in rows}
    items = {}
    for path in sorted((DATA / "articles").iterdir()):
        for item in ingest_file(path, seen=seen.get(path.name, dt.date(2024, 5, 14))):
            items[path.name if path.suffix != ".xml" else item.item_id] = item
    keys = [r["item"] for r in rows]
    texts = [story_text(items[k].title, items[k].text) for k in keys]
    vectors = embed(texts)
    records = [
        (k, items[k].language, t, v, items[k].date)
        for k, t, v in zip(keys, texts, vectors, strict=True)
    ]
    gold = {r["item"]: r["story"] for r in rows}
    return records, gold


def pair_scores(grouper, gold):
    tp = fp = fn = 0
    for a, b in itertools.combinations(gold, 2):
        predicted = grouper.story_of(a) == grouper.story_of(b)
        same = gold[a] == gold[b]
        tp += predicted and same
        fp += predicted and not same
        fn += same and not predicted
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


# A false merge hides a distinct story from the dashboard, a missed link only shows one
# story twice; so precision is held higher than recall. Measured: 1.00 and 0.92 (docs/media.md).
def test_labelled_set_grouping_precision(labelled_grouping):
    records, gold = labelled_grouping
    precision, _ = pair_scores(StoryGrouper.rebuild(records), gold)
    assert precision >= 0.95


def test_labelled_set_grouping_recall(labelled_grouping):
    records, gold = labelled_grouping
    _, recall = pair_scores(StoryGrouper.rebuild(records), gold)
    assert recall >= 0.85


def test_labelled_template_items_stay_apart(labelled_grouping):
    records, gold = labelled_grouping
    g = StoryGrouper.rebuild(records)
    pairs = [
        ("oil12_en.txt", "oil13_en.txt"),
        ("wx12_az.txt", "wx13_az.txt"),
        ("fx14_az.txt", "fx15_az.txt"),
    ]
    assert all(g.story_of(a) != g.story_of(b) for a, b in pairs)


def test_rebuild_does_not_depend_on_record_order(labelled_grouping):
    records, gold = labelled_grouping
    forward = StoryGrouper.rebuild(records)
    backward = StoryGrouper.rebuild(list(reversed(records)))
    assert forward.stories() == backward.stories()
