"""Ingesting the labelled set: language and dateline extraction accuracy, feeds and pages."""

import csv
import datetime as dt
from pathlib import Path

import pytest

from korpu.media.pipeline import ingest_file

# The root conftest's autouse fixture needs Django settings; this pure module runs without
# Django (-p no:django), so it replaces that fixture with a no-op.



DATA = Path(__file__).parent / "data"


def load_items():
    rows = list(csv.DictReader((DATA / "labels.csv").open(encoding="utf-8")))
    seen = {r["item"]: dt.date.fromisoformat(r["seen"]) for r in rows}
    items = {}
    for path in sorted((DATA / "articles").iterdir()):
        for item in ingest_file(path, seen=seen.get(path.name, dt.date(2024, 5, 14))):
            items[path.name if path.suffix != ".xml" else item.item_id] = item
    return rows, items


@pytest.fixture(scope="module")
def labelled():
    return load_items()


def accuracy(labelled, field, label):
    rows, items = labelled
    right = sum((getattr(items[r["item"]], field) or "") == r[label] for r in rows)
    return right / len(rows)


# The set is small (50 items) and written by us, so we hold it to near-perfect: one miss
# in 50 is tolerated, two are a regression.
def test_language_accuracy_on_labelled_set(labelled):
    assert accuracy(labelled, "language", "lang") >= 0.98


def test_dateline_place_accuracy_on_labelled_set(labelled):
    assert accuracy(labelled, "place_id", "place") >= 0.98


def test_dateline_agency_accuracy_on_labelled_set(labelled):
    assert accuracy(labelled, "agency_id", "agency") >= 0.98


def test_date_accuracy_on_labelled_set(labelled):
    rows, items = labelled
    right = sum(str(items[r["item"]].date or "") == r["date"] for r in rows)
    assert right / len(rows) >= 0.98


def test_feed_entries_are_items_keyed_by_link():
    items = ingest_file(DATA / "articles" / "feed_en.xml", seen=dt.date(2024, 5, 14))
    assert [i.item_id for i in items] == [
        "https://caspianwire.example/en/news/shamakhi-earthquake",
        "https://caspianwire.example/en/news/istanbul-novruz",
        "https://caspianwire.example/en/news/cbar-rate-15-may",
    ]


def test_feed_entry_keeps_title_and_strips_dateline():
    item = ingest_file(DATA / "articles" / "feed_en.xml", seen=dt.date(2024, 5, 14))[0]
    assert item.title == "Magnitude 4.2 earthquake hits Shamakhi"
    assert item.text.startswith("An earthquake of magnitude 4.2")


def test_html_page_drops_navigation_and_repeated_title():
    (item,) = ingest_file(DATA / "articles" / "s2_en.html", seen=dt.date(2024, 5, 11))
    assert item.title == "Restoration of Juma Mosque in Aghdam completed"
    assert item.text.startswith("Restoration work at the historic Juma Mosque")
    assert "Subscribe" not in item.text


def test_html_page_dateline_agency_is_found_in_body():
    (item,) = ingest_file(DATA / "articles" / "s4_de.html", seen=dt.date(2024, 5, 14))
    assert (item.language, item.place_id, item.agency_id) == ("de", "berlin", "dpa")


def test_unknown_file_type_is_refused(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(ValueError):
        ingest_file(path)
