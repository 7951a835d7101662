"""A congress: delegates nominated within each country's quota, and printable badges (PDF) with
every delegate's name in their own script."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from korpu.coordination.models import Delegate
from korpu.coordination.services import do_nominate_delegate, do_set_quota
from korpu.core.errors import ValidationFailed
from tests.coordination.conftest import make_event


@pytest.fixture
def congress(org_a, org_b):
    """A congress organised by A, with two seats for Germany and one for France."""
    event = make_event([org_a], kind="congress", title={"en": "Sixth Congress of World Azerbaijanis",
                                                        "az": "Dünya Azərbaycanlılarının VI Qurultayı"})
    do_set_quota(actor="system", event=event, country="DE", seats=2)
    do_set_quota(actor="system", event=event, country="FR", seats=1)
    return event


def person(name: str, script: str):
    from korpu.network.models import Person

    return Person.objects.create(name=name, script=script)


def test_badges_pdf_names_each_delegate_in_their_own_script(client_for, officer, congress, org_a, org_b):
    delegates = [("Rəşad Məmmədov", "Latn", org_a), ("Рашид Алиев", "Cyrl", org_a), ("Leyla Qasımova", "Latn", org_b)]
    for name, script, organisation in delegates:
        do_nominate_delegate(actor="system", event=congress, person=person(name, script), organisation=organisation)

    response = client_for(officer).get(f"/coordination/events/{congress.pk}/badges.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    assert len(pages) == 3  # one A6 badge per page, in country order (DE, DE, FR)
    for page, (name, _script, organisation) in zip(pages, delegates, strict=True):
        assert name in page and organisation.name in page
        assert organisation.country in page
    assert all("Sixth Congress of World Azerbaijanis" in page for page in pages)


def test_badges_of_an_arabic_name_are_set_in_arabic_glyphs(client_for, officer, congress, org_a):
    do_nominate_delegate(actor="system", event=congress, person=person("علي حسنوف", "Arab"), organisation=org_a)
    pdf = PdfReader(io.BytesIO(client_for(officer).get(f"/coordination/events/{congress.pk}/badges.pdf").content))
    fonts = {str(font.get_object().get("/BaseFont", "")) for page in pdf.pages
             for font in page["/Resources"]["/Font"].values()}
    assert any("NotoNaskhArabic" in font.replace("-", "") for font in fonts), fonts
    # Shaped Arabic comes back as presentation forms; no letter may be lost to a missing glyph.
    text = pdf.pages[0].extract_text()
    assert "\ufffd" not in text and sum("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in text) >= 8


def test_other_organisations_officers_cannot_print_the_badges(client_for, other_officer, congress):
    assert client_for(other_officer).get(f"/coordination/events/{congress.pk}/badges.pdf").status_code in (403, 404)


def test_nomination_beyond_the_country_quota_is_refused_and_nothing_changes(congress, org_b):
    do_nominate_delegate(actor="system", event=congress, person=person("Leyla Qasımova", "Latn"), organisation=org_b)
    with pytest.raises(ValidationFailed, match="quota"):
        do_nominate_delegate(actor="system", event=congress, person=person("Elnur Quliyev", "Latn"),
                             organisation=org_b)
    assert list(Delegate.objects.values_list("person__name", flat=True)) == ["Leyla Qasımova"]


def test_an_officer_cannot_nominate_for_another_organisation(officer, congress, org_b):
    from korpu.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        do_nominate_delegate(actor=officer, event=congress, person=person("Elnur Quliyev", "Latn"), organisation=org_b)
    assert not Delegate.objects.exists()
