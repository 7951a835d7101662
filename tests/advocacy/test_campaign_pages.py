"""Organisation officers create and edit campaigns and supporters' actions through pages."""

import pytest

from korpu.advocacy.models import Action, Campaign
from korpu.core.models import AuditEntry


def campaign_form(**overrides):
    data = {"language": "en", "title": "Commemoration day", "issue": "commemoration",
            "summary": "A day of remembrance in the Bundestag's calendar.",
            "goals": "A resolution by spring\nA minute of silence", "asks": "Co-sign the motion",
            "country": "DE", "starts_on": "2026-02-01", "ends_on": "2026-06-30", "status": "active",
            "is_public": "on"}
    data.update(overrides)
    return data


def test_an_officer_creates_a_campaign_with_partners_targets_and_timeline(client_for, officer, org_a, org_b,
                                                                        officials_de, bundestag):
    official = officials_de["Katharina Weißmann"]
    response = client_for(officer).post("/advocacy/campaigns/new/", campaign_form(
        organisation=str(org_a.pk), partners=[str(org_b.pk)], target_officials=[str(official.pk)],
        target_bodies=[str(bundestag.pk)]))
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/advocacy/campaigns/{campaign.pk}/"
    assert campaign.title == {"en": "Commemoration day"} and campaign.organisation == org_a
    assert campaign.goals == [{"en": "A resolution by spring"}, {"en": "A minute of silence"}]
    assert {o.pk for o in campaign.organisations.all()} == {org_a.pk, org_b.pk}
    assert list(campaign.target_officials.all()) == [official] and list(campaign.target_bodies.all()) == [bundestag]
    html = client_for(None).get(response["Location"]).content.decode()
    assert "A minute of silence" in html and "Katharina Weißmann" in html and org_b.name in html
    assert AuditEntry.objects.filter(object_id=str(campaign.pk), action="create").exists()


def test_an_officer_may_not_lead_a_campaign_for_another_organisation(client_for, officer, org_a, org_b):
    response = client_for(officer).post("/advocacy/campaigns/new/", campaign_form(organisation=str(org_b.pk)))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Campaign.objects.exists()


def test_an_end_before_the_start_is_refused_with_a_translated_message_and_saves_nothing(client_for, officer,
                                                                                      org_a):
    officer.language = "az"  # a signed-in user's own language wins over the cookie
    officer.save(update_fields=["language"])
    c = client_for(officer)
    response = c.post("/advocacy/campaigns/new/", campaign_form(organisation=str(org_a.pk), starts_on="2026-06-30",
                                                                ends_on="2026-02-01"))
    assert response.status_code == 200
    assert "Son tarix başlanğıc tarixindən əvvəldir." in response.content.decode()
    assert not Campaign.objects.exists()


def test_editing_texts_in_a_second_language_keeps_the_first(client_for, officer, campaign):
    c = client_for(officer)
    page = c.get(f"/advocacy/campaigns/{campaign.pk}/edit/?language=az").content.decode()
    assert "Viza sadələşdirilməsi" in page  # the Azerbaijani title is offered for editing
    response = c.post(f"/advocacy/campaigns/{campaign.pk}/edit/", campaign_form(
        language="az", title="Tələbələr üçün viza", goals="Yazadək qətnamə", asks="", summary="",
        status="active", issue="visa"))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == {"en": "Visa facilitation", "az": "Tələbələr üçün viza"}
    assert campaign.goals == [{"en": "A resolution by spring", "az": "Yazadək qətnamə"}]
    assert campaign.asks == [] and campaign.summary == {"en": "Easier visas for students."}
    assert campaign.starts_on.isoformat() == "2026-02-01"
    assert AuditEntry.objects.filter(object_id=str(campaign.pk), action="update", actor=officer).exists()


def test_a_partner_or_outsider_cannot_edit_the_campaign(client_for, other_officer, editor, campaign, org_b, officer):
    from korpu.advocacy import services

    services.do_join_campaign(actor=other_officer, campaign=campaign, organisation=org_b)
    before = dict(campaign.title)
    for user in (other_officer, editor):
        response = client_for(user).post(f"/advocacy/campaigns/{campaign.pk}/edit/", campaign_form(title="Taken"))
        assert response.status_code == 403
    campaign.refresh_from_db()
    assert campaign.title == before


def test_an_officer_adds_a_petition_and_closes_it(client_for, officer, campaign):
    c = client_for(officer)
    response = c.post(f"/advocacy/campaigns/{campaign.pk}/actions/new/", {
        "kind": "petition", "language": "en", "title": "Remember the day", "text": "We ask the Bundestag to...",
        "goal": "5000", "country": "DE"})
    action = Action.objects.get(title__en="Remember the day")
    assert response.status_code == 302 and action.goal == 5000 and action.is_open
    assert client_for(None).get(f"/advocacy/act/{action.pk}/").status_code == 200
    response = c.post(f"/advocacy/actions/{action.pk}/edit/", {
        "language": "ar", "title": "تذكروا اليوم", "text": "", "goal": "5000", "country": "DE"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert not action.is_open and action.title == {"en": "Remember the day", "ar": "تذكروا اليوم"}
    assert action.text == {"en": "We ask the Bundestag to..."}
    assert client_for(None).get(f"/advocacy/act/{action.pk}/").status_code == 404


def test_a_letter_action_without_addressees_is_refused_and_nothing_is_saved(client_for, officer, campaign):
    before = Action.objects.count()
    response = client_for(officer).post(f"/advocacy/campaigns/{campaign.pk}/actions/new/", {
        "kind": "letter", "language": "en", "title": "Write", "text": "Dear {official}"})
    assert response.status_code == 200
    assert "A letter action needs a body" in response.content.decode()
    assert Action.objects.count() == before


def test_an_officer_of_another_organisation_cannot_add_or_edit_actions(client_for, other_officer, campaign,
                                                                      petition):
    c = client_for(other_officer)
    assert c.post(f"/advocacy/campaigns/{campaign.pk}/actions/new/", {
        "kind": "petition", "language": "en", "title": "Mine", "text": "x"}).status_code == 403
    assert c.post(f"/advocacy/actions/{petition.pk}/edit/", {
        "language": "en", "title": "Mine", "text": "x", "is_open": "on"}).status_code == 403
    petition.refresh_from_db()
    assert petition.title == {"en": "Visas for students"}


@pytest.mark.parametrize("url", ["/advocacy/campaigns/new/", "/advocacy/campaigns/{campaign}/edit/",
                                 "/advocacy/campaigns/{campaign}/actions/new/", "/advocacy/actions/{petition}/edit/"])
def test_the_forms_are_translated_and_right_to_left_in_arabic(url, client_for, officer, campaign, petition):
    officer.language = "ar"
    officer.save(update_fields=["language"])
    c = client_for(officer)
    html = c.get(url.format(campaign=campaign.pk, petition=petition.pk)).content.decode()
    assert 'dir="rtl"' in html and "لغة النصوص" in html  # "Language of the texts"


def test_the_service_refuses_a_partner_editing_the_campaign(campaign, other_officer, org_b):
    from korpu.advocacy import services
    from korpu.core.errors import PermissionDenied

    services.do_join_campaign(actor=other_officer, campaign=campaign, organisation=org_b)
    with pytest.raises(PermissionDenied):
        services.do_update_campaign(actor=other_officer, campaign=campaign, status="closed")
    campaign.refresh_from_db()
    assert campaign.status == "active"
