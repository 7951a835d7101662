"""The media pages in a real browser, as the committee's media officer uses them: a search in
Azerbaijani leads to the Arabic seed story, the Arabic article reads right to left, and an alert
becomes a rapid-response task in coordination."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.conftest import MFA_SECRET, sign_in
from tests.media.conftest import ingest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The issue's own example, read from the shared folder (tests/media/data holds the same bytes).
SEED = Path(__file__).resolve().parents[3] / "shared" / "data" / "seed-article-ar.txt"


def _seed_article():
    from korpu.media.pipeline import ingest_file
    from korpu.media.services import do_ingest_items

    path = SEED if SEED.exists() else Path(__file__).resolve().parent / "data" / "articles" / "s1_ar_seed.txt"
    items = ingest_file(path, seen=dt.date(2024, 5, 14))
    return do_ingest_items(actor="system", items=items)[0][1]


def _search(page, query: str, mode: str = "text") -> None:
    page.goto("/media/search/")
    page.fill("input[name=q]", query)
    page.select_option("select[name=mode]", mode)
    page.locator("form[method=get] button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_officer_searching_in_azerbaijani_finds_the_arabic_seed_story(page, media_officer, media_state):
    # The wire story as monitored: the AZERTAC original and its rewrites in other languages.
    azerbaijani, *_copies = ingest("s1_az.txt", "s1_en.txt", "s1_ru.txt", "s1_tr.txt", "s1_ar_short.txt")
    seed = _seed_article()
    unrelated = ingest("s2_ar.txt", "u_ar_book.txt", "u_az_apple.txt")
    azerbaijani.refresh_from_db()
    seed.refresh_from_db()
    assert seed.story_id == azerbaijani.story_id  # one story across languages
    sign_in(page, media_officer.email, totp_secret=MFA_SECRET)
    _search(page, "Şuşa qurultay")
    results = page.locator("table tbody")
    assert results.locator(f"a[href='/media/articles/{azerbaijani.pk}/']").first.is_visible()
    seed_link = results.locator(f"a[href='/media/articles/{seed.pk}/']")
    assert seed_link.is_visible()
    assert "Same story" in results.inner_text()
    for other in unrelated:
        assert results.locator(f"a[href='/media/articles/{other.pk}/']").count() == 0
    seed_link.click()
    page.wait_for_url(f"**/media/articles/{seed.pk}/")
    assert "أذربيجان" in page.locator(".media-body").inner_text()


def test_arabic_article_page_reads_right_to_left(page, media_officer, media_state):
    seed = _seed_article()
    (english,) = ingest("s2_en.html")
    sign_in(page, media_officer.email, totp_secret=MFA_SECRET)
    page.goto(f"/media/articles/{seed.pk}/")
    body = page.locator(".media-body")
    # In the English interface the Arabic text itself runs right to left …
    assert body.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert page.locator("h1").evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert page.locator("html").get_attribute("dir") != "rtl"
    # … and in the Arabic interface the whole page does.
    page.select_option("#language-switcher", "ar")
    page.locator("form button[type=submit]", has_text="Switch").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert body.evaluate("el => getComputedStyle(el).direction") == "rtl"
    # An English article keeps reading left to right inside the Arabic page.
    page.goto(f"/media/articles/{english.pk}/")
    assert page.locator(".media-body").evaluate("el => getComputedStyle(el).direction") == "ltr"


def test_an_alert_becomes_a_task_for_an_organisation(page, media_officer, media_state, org_a):
    from korpu.coordination.models import Task

    sign_in(page, media_officer.email, totp_secret=MFA_SECRET)
    _search(page, "Ağdam")
    page.locator("form[method=post] button[type=submit]", has_text="Save and alert me").click()
    page.wait_for_load_state("networkidle")
    assert "Search saved" in page.locator(".alert").first.inner_text()
    (article,) = ingest("s2_az.txt")  # a feed brings the Aghdam mosque story
    page.goto("/media/alerts/")
    row = page.locator("tr", has=page.locator(f"a[href='/media/articles/{article.pk}/']"))
    row.get_by_role("link", name="Make it a task").click()
    page.wait_for_url("**/task/")
    # Neither an organisation nor a contact: refused with the reason, nothing created, input kept.
    page.fill("textarea[name=description]", "Offer the outlet an interview with the restorers.")
    page.locator("form button[type=submit]", has_text="Create the task").click()
    page.wait_for_load_state("networkidle")
    assert "Choose an organisation" in page.locator("form:has(textarea[name=description])").inner_text()
    assert Task.objects.count() == 0
    assert page.input_value("textarea[name=description]") == "Offer the outlet an interview with the restorers."
    page.select_option("select[name=organisation]", str(org_a.pk))
    page.fill("input[name=due]", "2030-05-20")
    page.locator("form button[type=submit]", has_text="Create the task").click()
    page.wait_for_url("**/media/alerts/")
    assert "Task created in coordination" in page.locator("body").inner_text()
    row = page.locator("tr", has=page.locator(f"a[href='/media/articles/{article.pk}/']"))
    assert re.search(r"To do · May 20, 2030|To do · 2030-05-20", row.inner_text())
    task = Task.objects.get()
    assert task.assignee_organisation_id == org_a.pk
    assert task.due == dt.date(2030, 5, 20)
    assert task.source_ref.startswith("media:alert:")
