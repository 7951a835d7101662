"""Dates in many languages, and the year a wire dateline leaves out."""

import datetime as dt

import pytest

from korpu.media.pipeline import infer_year, parse_date

# The root conftest's autouse fixture needs Django settings; this pure module runs without
# Django (-p no:django), so it replaces that fixture with a no-op.



SEEN = dt.date(2024, 5, 14)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23 نيسان", dt.date(2024, 4, 23)),
        ("2 آذار", dt.date(2024, 3, 2)),
        ("5 أيار", dt.date(2024, 5, 5)),
        ("12 كانون الثاني", dt.date(2024, 1, 12)),
        ("9 تشرين الأول", dt.date(2023, 10, 9)),
        ("1 حزيران", dt.date(2023, 6, 1)),
    ],
)
def test_levantine_month_names_are_understood(text, expected):
    assert parse_date(text, SEEN) == expected


def test_arabic_indic_digits_are_read():
    assert parse_date("٢٣ أبريل", SEEN) == dt.date(2024, 4, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mayın 12-də", dt.date(2024, 5, 12)),
        ("aprelin 23-ü", dt.date(2024, 4, 23)),
        ("23 апреля 2022", dt.date(2022, 4, 23)),
        ("13 Mayıs", dt.date(2024, 5, 13)),
        ("23. April", dt.date(2024, 4, 23)),
        ("le 3 mars 2023", dt.date(2023, 3, 3)),
        ("April 23", dt.date(2024, 4, 23)),
        ("2024-05-10T11:20:00+04:00", dt.date(2024, 5, 10)),
    ],
)
def test_dates_in_many_languages(text, expected):
    assert parse_date(text, SEEN) == expected


def test_missing_year_is_the_most_recent_not_after_seen():
    assert infer_year(23, 4, dt.date(2023, 1, 10)) == dt.date(2022, 4, 23)


def test_missing_year_on_the_seen_day_is_that_day():
    assert infer_year(14, 5, SEEN) == SEEN


def test_a_day_after_seen_belongs_to_last_year():
    assert parse_date("15 May", SEEN) == dt.date(2023, 5, 15)


def test_29_february_without_year_goes_back_to_a_leap_year():
    assert infer_year(29, 2, dt.date(2023, 6, 1)) == dt.date(2020, 2, 29)


def test_text_without_a_date_gives_none():
    assert parse_date("Bahnstreik legt Verkehr lahm", SEEN) is None
