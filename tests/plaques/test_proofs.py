import io
import zipfile

import pytest
from pypdf import PdfReader

from korpu.core.errors import PermissionDenied
from korpu.plaques import selectors, services
from korpu.plaques.errors import PlaquesError
from korpu.plaques.models import ProofStatus
from korpu.plaques.rendering import NameEntry
from tests.revival import factories
from tests.revival.fixtures import *  # noqa: F401,F403


@pytest.fixture
def donated(foundation, fundraising):
    """Five donors: named gold, named silver in another form, anonymous, no consent, below threshold."""
    gold = factories.donor("Şəmsi Əliyev")
    factories.give(fundraising, 60_000, key="g1", donor=gold)
    factories.give(fundraising, 50_000, key="g2", donor=gold)          # together: gold tier
    silver = factories.donor("Ильгар Гусейнов", display="other_form", display_form="İlqar Hüseynov", script="Cyrl")
    factories.give(fundraising, 20_000, key="g3", donor=silver)
    anonymous = factories.donor("Nərmin Quliyeva", display="anonymous")
    factories.give(fundraising, 30_000, key="g4", donor=anonymous)
    no_consent = factories.donor("Rəşad Məmmədov", consent=False)
    factories.give(fundraising, 30_000, key="g5", donor=no_consent)
    small = factories.donor("Aysel Kərimova")
    factories.give(fundraising, 5_000, key="g6", donor=small)
    return fundraising


@pytest.fixture
def plaque(foundation, donated):
    return factories.plaque(foundation, donated)


def test_proof_names_consenting_donors_once_in_their_chosen_form_and_tier(foundation, plaque, make_proof):
    proof = make_proof(foundation, plaque)
    assert [(r["text"], r["tier"]) for r in proof.names] == [("Şəmsi Əliyev", "Qızıl"), ("İlqar Hüseynov", "Gümüş")]
    assert proof.anonymous_count == 2    # the anonymous donor and the one without consent: counted, not named
    assert proof.names[0]["line"] == "name-00000"
    assert proof.pdf[:5] == b"%PDF-"
    assert proof.version == 1 and proof.status == ProofStatus.DRAFT


def test_the_other_form_is_used_only_when_the_donor_chose_it(foundation, fundraising):
    chosen = factories.donor("Ильгар Гусейнов", display="as_written", display_form="Ilgar Huseynov", script="Cyrl")
    factories.give(fundraising, 20_000, key="x1", donor=chosen)
    proof = services.do_make_proof(actor=foundation, plaque=factories.plaque(foundation, fundraising))
    assert [r["text"] for r in proof.names] == ["Ильгар Гусейнов"]


def test_a_refunded_donor_is_not_named(foundation, fundraising):
    from korpu.giving import services as giving

    kept = factories.donor("Zaur Həsənov")
    factories.give(fundraising, 20_000, key="k", donor=kept)
    refunded = factories.donor("Elvin Nəbiyev")
    gift = factories.give(fundraising, 200_000, key="r", donor=refunded)
    giving.do_refund_gift(actor="system", gift=gift, key="refund-r")
    proof = services.do_make_proof(actor=foundation, plaque=factories.plaque(foundation, fundraising))
    assert [r["text"] for r in proof.names] == ["Zaur Həsənov"]


def test_partly_refunded_gifts_count_net(foundation, fundraising):
    from korpu.giving import services as giving

    d = factories.donor("Zaur Həsənov")
    factories.give(fundraising, 20_000, key="a", donor=d)
    big = factories.give(fundraising, 200_000, key="b", donor=d)
    giving.do_refund_gift(actor="system", gift=big, key="refund-b")
    proof = services.do_make_proof(actor=foundation, plaque=factories.plaque(foundation, fundraising))
    assert proof.names[0]["tier"] == "Gümüş" and proof.names[0]["net_minor"] == 20_000


def test_a_threshold_that_names_nobody_is_a_clear_error(foundation, donated):
    plaque = factories.plaque(foundation, donated, threshold_minor=10_000_000)
    with pytest.raises(PlaquesError, match="threshold"):
        services.do_make_proof(actor=foundation, plaque=plaque)


def test_a_fund_without_gifts_is_a_clear_error(foundation, fundraising):
    with pytest.raises(PlaquesError, match="Nobody has given"):
        services.do_make_proof(actor=foundation, plaque=factories.plaque(foundation, fundraising))


def test_a_size_smaller_than_one_name_is_a_clear_error(foundation, donated):
    plaque = factories.plaque(foundation, donated, width_mm=60, height_mm=400, margin_mm=5)
    with pytest.raises(PlaquesError) as caught:
        services.do_make_proof(actor=foundation, plaque=plaque)
    assert caught.value.code in {"name_too_long", "title_too_long", "too_small"}


def test_a_name_in_an_uncovered_script_names_the_name(foundation, fundraising):
    d = factories.donor("山田太郎", script="Other")
    factories.give(fundraising, 50_000, key="jp", donor=d)
    with pytest.raises(PlaquesError, match="山田太郎") as caught:
        services.do_make_proof(actor=foundation, plaque=factories.plaque(foundation, fundraising))
    assert caught.value.code == "unsupported_script"


def test_errors_are_translated(foundation, donated, settings):
    from django.utils import translation

    plaque = factories.plaque(foundation, donated, threshold_minor=10_000_000)
    with translation.override("az"), pytest.raises(PlaquesError) as caught:
        services.do_make_proof(actor=foundation, plaque=plaque)
    assert "threshold" not in str(caught.value.message)


def test_too_many_names_need_panels(foundation, fundraising, make_proof):
    plaque = factories.plaque(foundation, fundraising, width_mm=300, height_mm=200, tiers=[])
    entries = [NameEntry(f"Donor Number {n:03d}") for n in range(120)]
    with pytest.raises(PlaquesError, match="panels") as caught:
        services.do_make_proof(actor=foundation, plaque=plaque, entries=entries)
    assert caught.value.details["panels"] > 1
    services.do_update_plaque(actor=foundation, plaque=plaque, allow_panels=True)
    plaque.refresh_from_db()
    proof = make_proof(foundation, plaque, entries)
    assert proof.panels == caught.value.details["panels"]
    assert len(PdfReader(io.BytesIO(bytes(proof.pdf))).pages) == proof.panels
    assert {r["panel"] for r in proof.names} == set(range(1, proof.panels + 1))


def test_workflow_draft_approved_sent_keeps_every_version(foundation, foundation_2, plaque, make_proof):
    first = make_proof(foundation, plaque)
    second = make_proof(foundation, plaque)
    first.refresh_from_db()
    assert first.status == ProofStatus.SUPERSEDED and second.version == 2
    with pytest.raises(PlaquesError, match="Another officer"):
        services.do_approve_proof(actor=foundation, proof=second)
    with pytest.raises(PlaquesError, match="approved"):
        services.do_send_proof(actor=foundation_2, proof=second)
    services.do_approve_proof(actor=foundation_2, proof=second)
    sent = services.do_send_proof(actor=foundation_2, proof=second)
    assert sent.status == ProofStatus.SENT
    names = zipfile.ZipFile(io.BytesIO(bytes(sent.engraver_zip))).namelist()
    assert any(n.endswith(".svg") for n in names) and any(n.endswith(".dxf") for n in names)
    assert [p.version for p in selectors.proofs_of(plaque)] == [2, 1]


def test_a_member_cannot_make_or_approve_proofs(member, foundation, plaque, make_proof):
    with pytest.raises(PermissionDenied):
        services.do_make_proof(actor=member, plaque=plaque)
    proof = make_proof(foundation, plaque)
    with pytest.raises(PermissionDenied):
        services.do_approve_proof(actor=member, proof=proof)


def test_a_donor_sees_the_line_that_names_them(foundation, fundraising, client_for):
    from tests.conftest import make_user

    user = make_user("shamsi@example.org")
    d = factories.donor("Şəmsi Əliyev", user=user)
    factories.give(fundraising, 150_000, key="u1", donor=d)
    other = factories.donor("Zaur Həsənov")
    factories.give(fundraising, 150_000, key="u2", donor=other)
    services.do_make_proof(actor=foundation, plaque=factories.plaque(foundation, fundraising))
    body = client_for(user).get("/plaques/mine/").content.decode()
    assert "Şəmsi Əliyev" in body and "Zaur" not in body


def test_proof_from_a_names_list_checks_tiers(foundation, fundraising):
    plaque = factories.plaque(foundation, fundraising)
    with pytest.raises(PlaquesError, match="Platin"):
        services.do_make_proof(actor=foundation, plaque=plaque, entries=[NameEntry("A B", "Platin")])
    proof = services.do_make_proof(actor=foundation, plaque=plaque,
                                   entries=[NameEntry("Zaur Həsənov", "Gümüş"), NameEntry("Əli Əliyev", "Gümüş")])
    assert [r["text"] for r in proof.names] == ["Əli Əliyev", "Zaur Həsənov"]
    assert proof.source == "list"


def test_order_by_amount_within_a_tier(foundation, fundraising):
    for n, (name, amount) in enumerate([("Aysel A", 20_000), ("Zaur Z", 90_000), ("Mehdi M", 50_000)]):
        factories.give(fundraising, amount, key=f"o{n}", donor=factories.donor(name))
    plaque = factories.plaque(foundation, fundraising, order="amount")
    proof = services.do_make_proof(actor=foundation, plaque=plaque)
    assert [r["text"] for r in proof.names] == ["Zaur Z", "Mehdi M", "Aysel A"]


def test_a_title_in_four_languages_is_refused(foundation, fundraising):
    with pytest.raises(PlaquesError, match="one to three"):
        factories.plaque(foundation, fundraising, title={"az": "a", "en": "b", "ru": "c", "ar": "د"})


def test_a_donors_giving_page_links_to_the_line_that_names_them(foundation, fundraising, client_for):
    from tests.conftest import make_user

    named, unnamed = make_user("named@example.org"), make_user("unnamed@example.org")
    factories.give(fundraising, 150_000, key="p1", donor=factories.donor("Şəmsi Əliyev", user=named))
    services.do_make_proof(actor=foundation, plaque=factories.plaque(foundation, fundraising))
    page = client_for(named).get("/giving/me/").content.decode()
    assert "Şəmsi Əliyev" in page and 'href="/plaques/mine/"' in page
    assert 'href="/plaques/mine/"' not in client_for(unnamed).get("/giving/me/").content.decode()
