"""Media services: contacts and consent, erasure, press releases, topics, search, alerts → tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from tests.media.conftest import ingest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_state")]


def test_contact_details_need_consent(outlet):
    from korpu.core.errors import KorpuError
    from korpu.media.services import do_create_contact

    with pytest.raises(KorpuError):
        do_create_contact(actor="system", name="No Consent", email="x@example.org", outlets=[outlet])
    contact = do_create_contact(actor="system", name="No Consent", outlets=[outlet])
    assert contact.email == "" and not contact.may_contact


def test_withdrawing_consent_deletes_the_contact_details(contact):
    from korpu.media.services import do_set_contact_consent

    do_set_contact_consent(actor="system", contact=contact, consent=False, note="asked by phone")
    contact.refresh_from_db()
    assert (contact.email, contact.phone, contact.consent) == ("", "", False)


def test_erasing_a_registry_person_anonymises_their_media_contact_and_mentions(org_a, outlet):
    from korpu.media.models import MediaContact, Mention
    from korpu.media.services import do_create_contact, do_record_interaction
    from korpu.network import services as network

    person = network.do_create_person(actor="system", organisation=org_a, name="Fuad Muradov")
    contact = do_create_contact(actor="system", person=person, email="fuad@example.org", consent=True, outlets=[outlet])
    do_record_interaction(actor="system", contact=contact, kind="interview", happened_on=dt.date(2024, 5, 1),
                          summary="Talked about Shusha with Fuad Muradov")
    (article,) = ingest("s1_en.txt")
    assert Mention.objects.filter(kind="person", entity_id=str(person.pk)).exists()
    network.do_erase_person(actor="system", person=person)
    contact = MediaContact.objects.get(pk=contact.pk)
    assert contact.person is None and contact.email == "" and contact.erased_at is not None
    assert contact.interactions.get().summary == ""
    assert not Mention.objects.filter(kind="person", entity_id=str(person.pk)).exists()


def test_registry_organisations_are_found_in_articles_in_any_script(org_a):
    from korpu.media.models import Mention
    from korpu.network.models import Organisation

    Organisation.objects.filter(pk=org_a.pk).update(name="Juma Mosque", names={"ar": "مسجد الجمعة"})
    ingest("s2_en.html", "s2_ar.txt")
    assert Mention.objects.filter(kind="organisation", entity_id=str(org_a.pk)).count() == 2


def test_topic_rules_apply_per_language():
    from korpu.media.services import do_save_topic_rule

    do_save_topic_rule(actor="system", topic="heritage", language="en", patterns="restor\nmosque")
    do_save_topic_rule(actor="system", topic="heritage", language="ar", patterns="ترميم")
    en, ar, football = ingest("s2_en.html", "s2_ar.txt", "u_en_football.html")
    assert en.topics == ["heritage"] and ar.topics == ["heritage"] and football.topics == []


def test_a_press_release_goes_out_in_each_journalists_language_and_tracks_opening_and_publication(outlet, contact,
                                                                                                 client,
                                                                                                 django_capture_on_commit_callbacks):
    from korpu.media.models import Recipient
    from korpu.media.services import (
        do_create_contact,
        do_create_press_release,
        do_send_press_release,
    )

    russian = do_create_contact(actor="system", name="Иван Петров", email="ivan@example.ru", languages=["ru", "en"],
                                consent=True)
    silent = do_create_contact(actor="system", name="Without consent")
    release = do_create_press_release(
        actor="system",
        title={"en": "Juma Mosque in Aghdam restored", "ru": "В Агдаме восстановлена мечеть Джума"},
        body={"en": "Restoration of the historic Juma Mosque in Aghdam has been completed; the minarets, walls "
                    "and interior ornaments were returned to their original form.",
              "ru": "Завершена реставрация исторической мечети Джума в Агдаме."})
    with django_capture_on_commit_callbacks(execute=True):
        sent = do_send_press_release(actor="system", release=release, contacts=[contact, russian, silent])
    assert {r.contact_id: r.language for r in sent} == {contact.pk: "en", russian.pk: "ru"}
    assert sorted(m.subject for m in mail.outbox) == sorted(["Juma Mosque in Aghdam restored",
                                                             "В Агдаме восстановлена мечеть Джума"])
    token = Recipient.objects.get(contact=contact).token
    assert client.get(f"/media/o/{token}.gif")["Content-Type"] == "image/gif"
    assert Recipient.objects.get(contact=contact).opened_at is not None
    (article,) = ingest("s2_en.html")
    article.outlet = outlet
    article.save(update_fields=["outlet"])
    from korpu.media.services import link_releases

    assert link_releases([article]) == 1
    assert Recipient.objects.get(contact=contact).article == article
    assert release.coverage.get() == article


def test_full_text_search_finds_words_in_any_script():
    from korpu.media import search

    az, en, ar, football = ingest("s2_az.txt", "s2_en.html", "s2_ar.txt", "u_en_football.html")
    assert search.text_ids("Aghdam mosque") == [en.pk]
    assert search.text_ids("مسجد") == [ar.pk]
    assert search.text_ids("məscid") == [az.pk] or az.pk in search.text_ids("məscid")
    assert search.text_ids("Qarabag") == [] or football.pk in search.text_ids("Qarabag")
    assert search.text_ids('"; DROP TABLE x') == []


def test_search_by_meaning_finds_the_arabic_article():
    from korpu.media import search

    ar, football, metro = ingest("s2_ar.txt", "u_en_football.html", "u_ru_metro.txt")
    (best, _score), *_rest = search.meaning_ids("restoration of monuments")
    assert best == ar.pk


def test_export_streams_every_match_as_csv(admin, client_for):
    ingest("s2_az.txt", "s2_en.html", "s2_ar.txt", "s2_ru.txt", "u_en_football.html")
    response = client_for(admin).get("/media/search/export.csv?q=Aghdam")
    assert response.streaming
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("id,published,language") and len(lines) == 2


def test_a_saved_search_raises_an_alert_that_becomes_a_coordination_task(media_officer, org_a, client_for):
    from korpu.coordination.models import Task
    from korpu.media.models import Alert
    from korpu.media.services import do_create_task_from_alert, do_save_search

    do_save_search(actor=media_officer, name="Aghdam", query="Aghdam", frequency="immediate")
    do_save_search(actor=media_officer, name="Heritage", query="restoration of monuments", mode="meaning",
                   frequency="digest")
    (article,) = ingest("s2_en.html")
    alert = Alert.objects.get(search__name="Aghdam")
    assert alert.emailed_at is not None and mail.outbox[-1].to == ["press@example.org"]
    task = do_create_task_from_alert(actor=media_officer, alert=alert, title="Offer an op-ed", organisation=org_a,
                                     due=dt.date(2024, 6, 1))
    assert Task.objects.get(pk=task.pk).source_ref == f"media:alert:{alert.pk}"
    alert.refresh_from_db()
    assert alert.task_id == task.pk
    assert client_for(media_officer).get("/media/alerts/").status_code == 200


def test_the_alert_task_page_creates_the_task(media_officer, org_a, client_for):
    from korpu.media.models import Alert
    from korpu.media.services import do_save_search

    do_save_search(actor=media_officer, name="Aghdam", query="Aghdam", frequency="none")
    ingest("s2_en.html")
    alert = Alert.objects.get()
    response = client_for(media_officer).post(f"/media/alerts/{alert.pk}/task/", {
        "title": "Ask for a correction", "organisation": str(org_a.pk), "description": "Wrong date"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.task_id is not None


def test_the_dashboard_draws_svg_charts_with_few_queries(media_officer, client_for, django_assert_max_num_queries):
    ingest("s2_az.txt", "s2_en.html", "s2_ar.txt", "u_en_football.html")
    client = client_for(media_officer)
    client.get("/media/")
    with django_assert_max_num_queries(20):
        response = client.get("/media/")
    html = response.content.decode()
    assert "<svg" in html and "style=" not in html.split("<main", 1)[1]


def test_the_story_page_shows_first_publisher_copies_and_languages(media_officer, client_for):
    az, en, ar = ingest("s2_az.txt", "s2_en.html", "s2_ar.txt")
    assert az.story_id == en.story_id == ar.story_id
    html = client_for(media_officer).get(f"/media/stories/{az.story_id}/").content.decode()
    assert "ar × 1" in html and "az × 1" in html and "en × 1" in html


def test_the_organisation_page_shows_press_mentions_to_media_readers_only(org_a, media_officer, officer, client_for):
    from korpu.network.models import Organisation

    Organisation.objects.filter(pk=org_a.pk).update(name="Juma Mosque")
    ingest("s2_en.html")
    url = f"/network/organisations/{org_a.pk}/"
    assert "In the press" in client_for(media_officer).get(url).content.decode()
    assert "In the press" not in client_for(officer).get(url).content.decode()
