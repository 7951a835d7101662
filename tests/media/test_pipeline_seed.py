"""The seed article: an Arabic republication of an AZERTAC wire story from Shusha."""

import datetime as dt
from pathlib import Path

from korpu.media.pipeline import ingest_file

# The root conftest's autouse fixture needs Django settings; this pure module runs without
# Django (-p no:django), so it replaces that fixture with a no-op.



SEED = Path(__file__).parent / "data" / "articles" / "s1_ar_seed.txt"


def test_seed_article_is_arabic():
    (item,) = ingest_file(SEED, seen=dt.date(2022, 4, 24))
    assert item.language == "ar"


def test_seed_article_dateline_is_shusha_and_azertac():
    (item,) = ingest_file(SEED, seen=dt.date(2022, 4, 24))
    assert (item.place_id, item.agency_id) == ("shusha", "azertac")


def test_seed_article_date_gets_the_year_from_when_it_was_seen():
    (item,) = ingest_file(SEED, seen=dt.date(2023, 1, 10))
    assert item.date == dt.date(2022, 4, 23)


def test_seed_article_outlet_line_is_not_the_title():
    (item,) = ingest_file(SEED, seen=dt.date(2022, 4, 24))
    assert item.outlet == "شبكة طريق الحرير الإخبارية"
    assert item.title.startswith("“بعد الانتصار التاريخي")


def test_seed_article_body_starts_after_the_dateline():
    (item,) = ingest_file(SEED, seen=dt.date(2022, 4, 24))
    assert item.text.startswith("“بعد الانتصار")
    assert "أذرتاج" not in item.text[:40]
