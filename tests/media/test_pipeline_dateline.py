"""Wire datelines in many scripts and layouts."""

import datetime as dt

import pytest

from korpu.media.pipeline import parse_dateline

# The root conftest's autouse fixture needs Django settings; this pure module runs without
# Django (-p no:django), so it replaces that fixture with a no-op.



SEEN = dt.date(2024, 5, 14)


@pytest.mark.parametrize(
    ("line", "place_id", "date", "agency_id"),
    [
        ("شوشا ، 23 أبريل ، أذرتاج/", "shusha", dt.date(2024, 4, 23), "azertac"),
        ("Şuşa, 23 aprel, AZƏRTAC", "shusha", dt.date(2024, 4, 23), "azertac"),
        ("Шуша, 23 апреля, АЗЕРТАДЖ", "shusha", dt.date(2024, 4, 23), "azertac"),
        (
            "SHUSHA, April 23 (AZERTAC) – After the victory",
            "shusha",
            dt.date(2024, 4, 23),
            "azertac",
        ),
        ("Baku, 23 April, AZERTAC", "baku", dt.date(2024, 4, 23), "azertac"),
        ("Bakı, 5 may (APA)", "baku", dt.date(2024, 5, 5), "apa"),
        ("Bakı. 11 may. REPORT.AZ/", "baku", dt.date(2024, 5, 11), "report"),
        (
            "Aghdam, Azerbaijan, May 10. Trend: Restoration work",
            "aghdam",
            dt.date(2024, 5, 10),
            "trend",
        ),
        ("МОСКВА, 12 мая. /ТАСС/. В Москве открылись", "moscow", dt.date(2024, 5, 12), "tass"),
        ("Şuşa, 23 Nisan (AA) - Azerbaycan", "shusha", dt.date(2024, 4, 23), "anadolu"),
        ("ANKARA (AA) - Cumhurbaşkanı", "ankara", None, "anadolu"),
        (
            "Schuscha, 23. April (AZERTAC) - Nach dem Sieg",
            "shusha",
            dt.date(2024, 4, 23),
            "azertac",
        ),
        ("Berlin (dpa) - Ein bundesweiter Streik", "berlin", None, "dpa"),
        ("Bakou, 3 mai (AFP) - Le président", "baku", dt.date(2024, 5, 3), "afp"),
        ("BERLIN, May 13 (Reuters) - Germany and", "berlin", dt.date(2024, 5, 13), "reuters"),
        ("شوشا، 23 نيسان (أذرتاج) - قال", "shusha", dt.date(2024, 4, 23), "azertac"),
        ("دبي، 13 أيار (وام) - افتتح", "dubai", dt.date(2024, 5, 13), "wam"),
        ("باكو، ٥ أيار، أذرتاج", "baku", dt.date(2024, 5, 5), "azertac"),
        ("Bakü, 11 Mayıs (AA) - Azerbaycan", "baku", dt.date(2024, 5, 11), "anadolu"),
        ("Xankəndi, 2 may, AZƏRTAC", "khankendi", dt.date(2024, 5, 2), "azertac"),
    ],
)
def test_dateline_resolves_place_date_and_agency(line, place_id, date, agency_id):
    found = parse_dateline(line, SEEN)
    assert found is not None
    assert (found.place_id, found.date, found.agency_id) == (place_id, date, agency_id)


@pytest.mark.parametrize(
    "line",
    [
        "Weather in Baku on 12 May",
        "The price of a barrel of Brent crude oil stood at $74.12",
        "Fuad Muradov: Qələbədən sonra diaspor yeni mərhələyə qədəm qoyub",
        "AZƏRTAC",
        "Погода в Баку 12 мая",
    ],
)
def test_title_or_sign_off_is_not_a_dateline(line):
    assert parse_dateline(line, SEEN) is None


def test_dateline_end_points_at_the_body():
    line = "SHUSHA, April 23 (AZERTAC) – After the victory"
    found = parse_dateline(line, SEEN)
    assert line[found.end :] == "After the victory"


def test_unknown_place_is_kept_as_written():
    found = parse_dateline("Bərdə, 7 may, AZƏRTAC", SEEN)
    assert (found.place, found.place_id, found.agency_id) == ("Bərdə", None, "azertac")
