from __future__ import annotations

import datetime as dt

from django.utils import translation

from korpu.core import formatting


def test_arabic_visitor_gets_a_right_to_left_page(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html


def test_the_language_cookie_wins_over_accept_language(client, db):
    client.cookies["django_language"] = "tr"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    assert '<html lang="tr"' in response.content.decode()


def test_azerbaijani_is_the_default_language(client, db, settings):
    settings.LANGUAGE_CODE = "az"
    response = client.get("/")
    assert '<html lang="az"' in response.content.decode()
    assert "Daxil ol" in response.content.decode()


def test_switching_language_sets_the_cookie_and_the_account(member, client_for):
    c = client_for(member)
    response = c.post("/i18n/setlang/", {"language": "ar", "next": "/accounts/profile/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    assert response.cookies["django_language"].value == "ar"
    member.refresh_from_db()
    assert member.language == "ar"


def test_an_unknown_language_code_gets_a_translated_message_and_changes_nothing(member, client_for):
    c = client_for(member)
    c.cookies["django_language"] = "ru"
    response = c.post("/i18n/setlang/", {"language": "xx"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert "не язык, на котором говорит Körpü" in response.content.decode()
    member.refresh_from_db()
    assert member.language == "en"


def test_switching_refuses_to_redirect_to_another_site(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_money_is_formatted_for_the_readers_locale():
    assert formatting.format_money(123456, "AZN", "az") == "1.234,56\xa0₼"
    assert formatting.format_money(123456, "AZN", "en") == "AZN1,234.56"
    assert formatting.format_money(123456, "RUB", "ru") == "1\xa0234,56\xa0₽"
    assert formatting.format_money(1500, "JPY", "en") == "¥1,500"
    assert formatting.format_money(123456, "TRY", "tr") == "₺1.234,56"
    assert formatting.format_money(123456, "USD", "ar").startswith("\u200f")


def test_dates_are_shown_in_the_readers_zone_and_language(settings):
    moment = dt.datetime(2026, 5, 28, 21, 30, tzinfo=dt.UTC)
    import zoneinfo

    from django.utils import timezone

    with timezone.override(zoneinfo.ZoneInfo("Asia/Baku")), translation.override("az"):
        assert formatting.format_date(moment, "long") == "29 may 2026"
    with timezone.override(zoneinfo.ZoneInfo("America/New_York")), translation.override("en"):
        assert formatting.format_date(moment, "long") == "May 28, 2026"
