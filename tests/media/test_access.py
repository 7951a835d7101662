"""Authorization matrix of every media page and API route, for every persona.

Media data is the committee's working tool: the media team (media_officer) and committee staff
(read-only) see it; organisations' people and the public see nothing. Only the tracking pixel of
press-release e-mails is public.
"""

from __future__ import annotations

import pytest

from tests.media.conftest import ingest

PERSONAS = ["anonymous", "member", "editor", "officer", "other_officer", "staff", "admin", "media_officer"]
NO = {"anonymous": 302, "member": 403, "editor": 403, "officer": 403, "other_officer": 403}
READ = {**NO, "staff": 200, "admin": 200, "media_officer": 200}
WRITE = {**NO, "staff": 403, "admin": 200, "media_officer": 200}
API_NO = {**NO, "anonymous": 401}
API_READ = {**API_NO, "staff": 200, "admin": 200, "media_officer": 200}
API_WRITE = {**API_NO, "staff": 403, "admin": 201, "media_officer": 201}
PUBLIC = dict.fromkeys(PERSONAS, 200)

PAGES = [
    ("/media/", READ),
    ("/media/search/", READ),
    ("/media/search/?q=Aghdam", READ),
    ("/media/search/?q=restoration+of+monuments&mode=meaning", READ),
    ("/media/search/export.csv?q=mosque", READ),
    ("/media/articles/{article}/", READ),
    ("/media/stories/", READ),
    ("/media/stories/{story}/", READ),
    ("/media/outlets/", READ),
    ("/media/outlets/{outlet}/", READ),
    ("/media/contacts/", READ),
    ("/media/contacts/{contact}/", READ),
    ("/media/releases/", READ),
    ("/media/releases/{release}/", READ),
    ("/media/sources/", READ),
    ("/media/sources/{source}/", READ),
    ("/media/topics/", READ),
    ("/media/alerts/", READ),
    ("/media/alerts/{alert}/task/", WRITE),
    ("/media/o/{token}.gif", PUBLIC),
    ("/api/v1/media/articles?q=mosque", API_READ),
    ("/api/v1/media/articles/{article}", API_READ),
    ("/api/v1/media/stories/{story}", API_READ),
    ("/api/v1/media/outlets", API_READ),
    ("/api/v1/media/sources", API_READ),
]


@pytest.fixture
def objects(db, media_state, outlet, contact, admin):
    from korpu.media import services
    from korpu.media.models import Alert

    article = ingest("s2_en.html", "s2_az.txt")[0]
    release = services.do_create_press_release(actor="system", title={"en": "Aghdam mosque restored"},
                                               body={"en": "The Juma mosque in Aghdam is restored."})
    recipient = services.do_send_press_release(actor="system", release=release, contacts=[contact])[0]
    source = services.do_create_source(actor="system", url="http://127.0.0.1:9/feed.xml", outlet=outlet)
    saved = services.do_save_search(actor=admin, name="Aghdam", query="Aghdam")
    alert = Alert.objects.create(search=saved, article=article)
    return {"article": article.pk, "story": article.story_id, "outlet": outlet.pk, "contact": contact.pk,
            "release": release.pk, "source": source.pk, "alert": alert.pk, "token": recipient.token}


@pytest.fixture
def everyone(personas, media_officer):
    return {**personas, "media_officer": media_officer}


def test_every_page_and_route_answers_each_persona_as_declared(objects, everyone, client_for):
    failures = []
    for template, expected in PAGES:
        url = template.format(**objects)
        for persona in PERSONAS:
            response = client_for(everyone[persona]).get(url)
            if persona == "anonymous" and expected[persona] == 302:
                ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
            else:
                ok = response.status_code == expected[persona]
            if not ok:
                failures.append((url, persona, expected[persona], response.status_code))
    assert not failures


def test_creating_an_outlet_through_the_api_needs_the_media_team(everyone, client_for, db):
    failures = []
    for persona in PERSONAS:
        response = client_for(everyone[persona]).post(
            "/api/v1/media/outlets", {"name": f"Outlet {persona}", "country": "de", "language": "de", "kind": "tv"},
            content_type="application/json")
        if response.status_code != API_WRITE[persona]:
            failures.append((persona, API_WRITE[persona], response.status_code))
    assert not failures


def test_staff_cannot_change_media_data_through_pages(objects, everyone, client_for):
    staff = client_for(everyone["staff"])
    assert staff.post("/media/outlets/", {"name": "X", "country": "DE", "language": "de", "kind": "tv"}).status_code == 403
    assert staff.post(f"/media/contacts/{objects['contact']}/", {"action": "consent"}).status_code == 403
    assert staff.post("/media/topics/", {"topic": "x", "language": "*", "patterns": "y"}).status_code == 403
