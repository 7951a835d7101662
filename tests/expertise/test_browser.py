"""The expertise pages in a real browser: an institution posts a need in Azerbaijani and reads the
explained matches (an expert whose profile is in English comes first), an expert changes who may see
and contact them, and the pages in Arabic run right to left."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_user, sign_in
from tests.expertise.conftest import make_expert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch_csp(tab) -> list[str]:
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    return errors


def test_an_institution_posts_a_need_in_azerbaijani_and_sees_the_english_speaking_expert_with_reasons(
        page, hospital, institution, cardiologist):
    make_expert(email="geo@example.no", name="Ingrid Solberg", fields=("1.5",), languages=("en", "no"),
                headline="Petroleum geologist", country="NO", zone="Europe/Oslo",
                summary={"en": "Sedimentary basins and reservoir geology of the Caspian Sea."})
    errors = _watch_csp(page)
    sign_in(page, institution.email)
    page.goto("/expertise/needs/new/")
    assert page.locator("h1").inner_text() == "Ehtiyac yerləşdir"
    today = dt.date.today()
    page.fill("input[name=title]", "Uşaq exokardioqrafiyası")
    page.fill("textarea[name=description]", "Anadangəlmə ürək qüsurları olan uşaqların exokardioqrafiyası üzrə "
                                            "həkimlərimizə uzaqdan məsləhət verəcək uşaq kardioloqu axtarırıq.")
    page.select_option("select[name=description_language]", "az")
    page.select_option("select[name=fields]", ["med.paediatric_cardiology"])
    page.select_option("select[name=mode]", "consultation")
    page.check("input[name=work_languages][value=az]")
    page.check("input[name=work_languages][value=en]")
    page.fill("input[name=starts_on]", (today + dt.timedelta(days=14)).isoformat())
    page.fill("input[name=ends_on]", (today + dt.timedelta(days=120)).isoformat())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/expertise/needs/*/")
    assert "Ehtiyac yerləşdirildi" in page.locator("body").inner_text()
    first = page.locator("main ol > li.card").first
    assert "Dr. Leyla Rəhimova — Paediatric cardiologist (DE)" in first.locator("h3").inner_text()
    reasons = first.locator("ul li").all_inner_texts()
    assert "Eyni sahə: Uşaq kardiologiyası" in reasons
    assert "Azərbaycan dili, İngilis dili dillərində işləyir" in reasons
    assert any("Bakı ilə" in r and "(Europe/Berlin)" in r for r in reasons)
    assert page.locator("main ol > li.card").count() == 2
    assert "Ingrid Solberg" in page.locator("main ol > li.card").nth(1).inner_text()
    assert not errors


def test_an_expert_closes_their_profile_to_institutions_and_to_contact(page, cardiologist):
    sign_in(page, "cardio@example.de")
    page.goto("/expertise/profile/")
    assert page.locator("select[name=visibility]").input_value() == "institutions"
    assert page.locator("input[name=contactable]").is_checked()
    page.select_option("select[name=visibility]", "committee")
    page.uncheck("input[name=contactable]")
    page.check("input[name=digest]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "Your expert profile is saved." in page.locator("body").inner_text()
    page.reload()
    assert page.locator("select[name=visibility]").input_value() == "committee"
    assert not page.locator("input[name=contactable]").is_checked()
    assert page.locator("input[name=digest]").is_checked()
    cardiologist.refresh_from_db()
    assert (cardiologist.visibility, cardiologist.contactable, cardiologist.digest) == ("committee", False, True)


def test_the_expertise_pages_in_arabic_run_right_to_left(page, cardiologist):
    reader = make_user("arabic@example.ae", language="ar")
    errors = _watch_csp(page)
    sign_in(page, reader.email)
    page.goto("/expertise/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("h1").inner_text() == "تبادل الخبرات"
    page.goto("/expertise/profile/")
    assert page.locator("h1").inner_text() == "ملفك كخبير"
    # Right to left for real: the heading's text sits against the right edge of its box.
    gap_right, gap_left = page.evaluate("""() => {
        const h = document.querySelector("main h1"), text = document.createRange();
        text.selectNodeContents(h);
        const t = text.getBoundingClientRect(), b = h.getBoundingClientRect();
        return [b.right - t.right, t.left - b.left];
    }""")
    assert gap_right < 2 and gap_left > 100
    assert not errors
