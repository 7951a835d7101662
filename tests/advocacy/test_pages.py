import datetime as dt

import pytest

from korpu.advocacy import services


@pytest.fixture
def more_outcomes(interactions, org_a, officer, officials_de, campaign):
    for i, official in enumerate(officials_de.values()):
        services.do_record_outcome(actor=officer, organisation=org_a, kind="statement", title=f"Statement {i}",
                                   occurred_on=dt.date(2026, 3, 1 + i), official=official, campaign_ids=[campaign.pk])


@pytest.mark.parametrize("url", ["/advocacy/officials/", "/advocacy/outcomes/", "/advocacy/interactions/",
                                 "/advocacy/", "/advocacy/map/"])
def test_list_pages_use_a_bounded_number_of_queries(url, more_outcomes, officer, client_for,
                                                    django_assert_max_num_queries):
    c = client_for(officer)
    with django_assert_max_num_queries(22):
        assert c.get(url).status_code == 200


def test_the_official_page_shows_public_data_and_the_scorecard_to_anyone(client, officials_de, more_outcomes):
    official = officials_de["Katharina Weißmann"]
    html = client.get(f"/advocacy/officials/{official.pk}/").content.decode()
    assert "katharina.weissmann@bundestag.example" in html and "Berlin-Mitte" in html
    assert "Visa facilitation for students" not in html  # interaction records stay with the organisations


def test_the_import_page_previews_errors_and_imports_nothing(client_for, officer, org_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from korpu.advocacy.models import Official

    c = client_for(officer)
    bad = SimpleUploadedFile("mps.json", b'{"persons": [{"id": "p1", "name": ""}], "shoe_size": 1}')
    response = c.post("/advocacy/import/", {"kind": "popolo", "country": "DE", "file": bad}, follow=True)
    html = response.content.decode()
    assert "This person has no name." in html and "shoe_size" in html
    assert Official.objects.count() == 0


def test_the_register_page_downloads_csv(client_for, officer, interactions):
    response = client_for(officer).get("/advocacy/register/", {"format": "csv", "country": "DE"})
    assert response["Content-Type"].startswith("text/csv")
    assert "Visa facilitation for students" in response.content.decode("utf-8-sig")


def test_pages_render_in_arabic_right_to_left(client, petition):
    client.cookies["django_language"] = "ar"
    html = client.get(f"/advocacy/act/{petition.pk}/").content.decode()
    assert 'dir="rtl"' in html and "وقّع" in html


def test_attachments_are_recorded_and_served_only_to_readers(client_for, officer, other_officer, officials_de,
                                                             org_a, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from korpu.advocacy.models import Attachment, Interaction

    settings.MEDIA_ROOT = tmp_path
    c = client_for(officer)
    response = c.post("/advocacy/interactions/new/", {
        "organisation": str(org_a.pk), "kind": "meeting", "occurred_on": "2026-03-02", "topic": "Minutes attached",
        "officials": [str(officials_de["Jonas Brückner"].pk)], "visibility": "organisations",
        "follow_up": "Send thanks", "follow_up_due": "2026-03-05",
        "attachment": SimpleUploadedFile("minutes.txt", b"We met.")})
    interaction = Interaction.objects.get(topic="Minutes attached")
    assert response.status_code == 302 and interaction.follow_ups.count() == 1
    attachment = Attachment.objects.get(interaction=interaction)
    url = f"/advocacy/interactions/{interaction.pk}/attachments/{attachment.pk}/"
    assert b"".join(c.get(url).streaming_content) == b"We met."
    assert client_for(other_officer).get(url).status_code == 404


def test_the_map_shades_countries_with_activity_and_links_to_their_outcomes(client_for, officer, more_outcomes):
    import re

    html = client_for(officer).get("/advocacy/map/").content.decode()
    germany = re.search(r'<a href="/advocacy/outcomes/\?country=DE"><path class="map-step-(\d)"[^>]*data-country="DE"',
                        html)
    assert germany and germany.group(1) == "5"  # the busiest country is the darkest
    assert re.search(r'<path class="map-step-0"[^>]*data-country="FR"', html)
    assert "Germany: 2 interactions" in html


def test_the_import_page_previews_matches_then_imports_everything_at_once(client_for, officer, org_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from korpu.advocacy.models import Official
    from tests.advocacy.conftest import popolo

    c = client_for(officer)
    response = c.post("/advocacy/import/", {"kind": "popolo", "country": "DE",
                                            "file": SimpleUploadedFile("de.json", popolo("de"))})
    assert response.status_code == 302
    preview = c.get(response["Location"]).content.decode()
    assert "Katharina Weißmann" in preview and Official.objects.count() == 0  # nothing before applying
    done = c.post(response["Location"]).content.decode()
    assert Official.objects.filter(country="DE").count() > 0
    assert "Imported:" in done
    again = c.post(response["Location"])
    assert Official.objects.filter(country="DE").count() == Official.objects.count()  # applied once, no copies
    assert again.status_code == 200


def test_the_official_page_shows_the_score_of_their_outcomes(client, officials_de, officer, org_a):
    import datetime as dt

    official = officials_de["Katharina Weißmann"]
    for stance in ("supportive", "supportive", "opposed"):
        services.do_record_outcome(actor=officer, organisation=org_a, kind="vote", stance=stance, title=f"Vote {stance}",
                                   occurred_on=dt.date(2026, 3, 1), official=official)
    html = client.get(f"/advocacy/officials/{official.pk}/").content.decode()
    assert "Vote opposed" in html and "33" in html  # (2 − 1) / 3 supportive minus opposed, as a score
