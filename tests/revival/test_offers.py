import pytest
from django.core import mail

from korpu.core.errors import PermissionDenied
from korpu.revival import selectors, services
from korpu.revival.errors import RevivalError
from korpu.revival.models import OfferStatus


def _investment(member, project, consent=True):
    return services.do_make_offer(actor=member, project=project, kind="investment", country="de",
                                  details={"company": "Baku Stone GmbH", "sector": "Construction",
                                           "amount_from": 100000, "amount_to": 500000, "currency": "EUR"},
                                  consent_to_share=consent)


def test_member_offers_to_volunteer_and_sees_it(member, fundraising, client_for):
    services.do_make_offer(actor=member, project=fundraising, kind="volunteering", country="TR",
                           details={"skills": "stone masonry", "date_from": "2026-06-01"})
    body = client_for(member).get("/revival/offers/").content.decode()
    assert "Volunteering" in body and "Submitted" in body


def test_offer_needs_its_kinds_fields(member, fundraising):
    with pytest.raises(RevivalError, match="goods"):
        services.do_make_offer(actor=member, project=fundraising, kind="in_kind", country="DE", details={})


def test_offer_form_posts_through_the_page(member, fundraising, client_for):
    response = client_for(member).post("/revival/p/govhar-agha/offer/", {
        "kind": "in_kind", "country": "fr", "goods": "20 t of limestone", "quantity": "20 t"})
    assert response.status_code == 302
    assert fundraising.offers.get().details["goods"] == "20 t of limestone"


def test_investment_interest_goes_to_the_ministry_only_with_consent(foundation, member, fundraising,
                                                                    django_capture_on_commit_callbacks):
    services.do_add_partner(actor=foundation, project=fundraising, role="ministry",
                            name="Ministry of Economy", contact_email="invest@economy.example.az")
    refused = _investment(member, fundraising, consent=False)
    with pytest.raises(RevivalError, match="agree"):
        services.do_pass_offer_to_ministry(actor=foundation, offer=refused)
    offer = _investment(member, fundraising)
    with django_capture_on_commit_callbacks(execute=True):
        offer = services.do_change_offer_status(actor=foundation, offer=offer, status=OfferStatus.PASSED_ON)
    assert offer.status == OfferStatus.PASSED_ON and offer.passed_to == "invest@economy.example.az"
    assert offer.events.count() == 2


def test_investment_interest_email_names_the_company(settings, foundation, member, fundraising):
    from korpu.revival.tasks import send_investment_interest

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    services.do_add_partner(actor=foundation, project=fundraising, role="ministry", name="Ministry",
                            contact_email="invest@economy.example.az")
    offer = services.do_pass_offer_to_ministry(actor=foundation, offer=_investment(member, fundraising))
    assert send_investment_interest.call(str(offer.pk)) is True
    assert mail.outbox[-1].to == ["invest@economy.example.az"]
    assert "Baku Stone GmbH" in mail.outbox[-1].body


def test_member_withdraws_their_offer_but_cannot_accept_it(member, fundraising):
    offer = _investment(member, fundraising)
    with pytest.raises(PermissionDenied):
        services.do_change_offer_status(actor=member, offer=offer, status=OfferStatus.ACCEPTED)
    offer = services.do_change_offer_status(actor=member, offer=offer, status=OfferStatus.WITHDRAWN)
    assert offer.status == OfferStatus.WITHDRAWN


def test_offer_statuses_follow_the_flow(foundation, member, fundraising):
    offer = _investment(member, fundraising)
    offer = services.do_change_offer_status(actor=foundation, offer=offer, status=OfferStatus.DECLINED)
    with pytest.raises(RevivalError):
        services.do_change_offer_status(actor=foundation, offer=offer, status=OfferStatus.FULFILLED)


def test_members_see_only_their_own_offers(member, editor, foundation, fundraising):
    mine = _investment(member, fundraising)
    _investment(editor, fundraising)
    assert list(selectors.offers_for(member)) == [mine]
    assert selectors.offers_for(foundation).count() == 2


def test_dashboard_counts_direct_and_indirect_by_country(foundation, member, editor, fundraising, client_for):
    _investment(member, fundraising)
    services.do_make_offer(actor=editor, project=fundraising, kind="volunteering", country="DE",
                           details={"skills": "electrician"})
    services.do_make_offer(actor=editor, project=fundraising, kind="in_kind", country="TR", details={"goods": "cement"})
    data = selectors.participation()
    assert (data["direct"], data["indirect"]) == (2, 1)
    assert [c for c, _counts, _total in data["countries"]] == ["DE", "TR"]
    body = client_for(foundation).get("/revival/dashboard/").content.decode()
    assert 'id="direct-count">2<' in body


def test_completed_projects_take_no_offers(member, foundation, fundraising):
    services.do_change_project_status(actor=foundation, project=fundraising, status="in_progress")
    services.do_change_project_status(actor=foundation, project=fundraising, status="completed")
    fundraising.refresh_from_db()
    with pytest.raises(RevivalError):
        services.do_make_offer(actor=member, project=fundraising, kind="expertise", country="DE",
                               details={"field": "architecture"})
