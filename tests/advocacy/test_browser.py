"""Supporters in a real browser: a letter written in Arabic to the MP found by postcode, and a
petition signed and confirmed through the e-mailed link."""

import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://[^/\s]+(/advocacy/(?:letters/)?confirm/[^/\s]+/)")


@pytest.fixture
def live_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_a_supporter_sends_a_letter_in_arabic_to_the_mp_for_their_postcode(page, live_server, live_tasks,
                                                                           letter_action, officials_de):
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    page.goto(f"/advocacy/act/{letter_action.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "اكتب إلى نائبك"
    page.fill("#id_postcode", "10117")
    page.locator("#id_postcode").press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_official option").all_inner_texts()[0].startswith("Katharina Weißmann")
    assert "نرجو دعمكم لتسهيل التأشيرات" in page.locator("#id_text").input_value()
    page.fill("#id_name", "ليلى حسينوفا")
    page.fill("#id_email", "leyla@example.org")
    page.check("input[name=delivery][value=email]")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".alert-success").is_visible()
    assert mail.outbox[-1].to == ["leyla@example.org"]
    page.goto(LINK.search(mail.outbox[-1].body).group(1))
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".alert-success").is_visible()
    to_mp = mail.outbox[-1]
    assert to_mp.to == ["katharina.weissmann@bundestag.example"] and to_mp.reply_to == ["leyla@example.org"]
    assert "Katharina Weißmann" in to_mp.body and "ليلى حسينوفا" in to_mp.body


def test_a_supporter_signs_a_petition_and_confirms_it_once(page, live_tasks, petition):
    from korpu.advocacy import selectors

    page.goto(f"/advocacy/act/{petition.pk}/")
    assert "0 confirmed signatures" in page.locator("main").inner_text()
    page.fill("#id_name", "Elif Yılmaz")
    page.fill("#id_email", "elif@example.org")
    page.select_option("#id_country", "DE")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "Check your e-mail" in page.locator(".alert-success").inner_text()
    link = LINK.search(mail.outbox[-1].body).group(1)
    page.goto(link)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "your signature is counted" in page.locator(".alert-success").inner_text()
    page.goto(link)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "counted once" in page.locator(".alert-warning").inner_text()
    assert selectors.signature_count(petition) == 1
    page.goto(f"/advocacy/act/{petition.pk}/")
    assert "1 confirmed signature" in page.locator("main").inner_text()


def test_a_bad_petition_form_says_what_is_wrong_and_stores_nothing(page, petition):
    from korpu.advocacy.models import Signature

    page.goto(f"/advocacy/act/{petition.pk}/")
    page.fill("#id_name", "Elif Yılmaz")
    page.fill("#id_email", "not-an-address")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".invalid-feedback").first.is_visible()
    assert Signature.objects.count() == 0
