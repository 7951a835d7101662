from pathlib import Path

import pytest

from tests.conftest import sign_in

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_imports_people_with_a_dry_run_then_writes_them(page, officer, org_a, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in(page, officer.email)
    page.goto(f"/network/organisations/{org_a.pk}/")
    page.get_by_role("link", name="Import").click()
    page.select_option("select[name=kind]", "people")
    page.select_option("select[name=organisation]", str(org_a.pk))
    page.set_input_files("input[name=file]", str(EXAMPLES / "people.csv"))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("5 rows checked, no errors.").wait_for()
    page.get_by_role("button", name="Write everything").click()
    page.get_by_text("5 rows written.").wait_for()
    page.goto("/network/people/?q=Мамедов")
    page.get_by_role("link", name="Əli Məmmədov").wait_for()
    assert not [e for e in errors if "Content Security Policy" in e]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_directory_search_in_another_script(page, org_a, org_b):
    from korpu.network import services

    services.do_update_organisation(actor="system", organisation=org_a, names={"ru": "Азербайджанский дом Берлина"})
    page.goto("/network/")
    page.fill("input[name=q]", "Азербайджанский")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Berlin Azərbaycan Evi").wait_for()
    assert page.get_by_role("link", name="Association des Azerbaïdjanais de Lyon").count() == 0
