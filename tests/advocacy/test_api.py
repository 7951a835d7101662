import json

from django.core import mail

from korpu.advocacy import services
from korpu.advocacy.models import Official, Signature
from tests.advocacy.conftest import popolo


def post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_anyone_can_sign_a_petition_and_confirm_it_once(client, petition, immediate_tasks,
                                                        django_capture_on_commit_callbacks):
    url = f"/api/v1/petitions/{petition.pk}/signatures"
    with django_capture_on_commit_callbacks(execute=True):
        answer = post(client, url, {"name": "Elif Yılmaz", "email": "elif@example.org", "country": "DE"})
    assert answer.status_code == 201 and answer.json()["status"] == "pending"
    again = post(client, url, {"name": "Elif Yılmaz", "email": "elif@example.org"})
    assert again.status_code == 200 and again.json()["new"] is False
    token = services.token_for(Signature.objects.get().nonce)
    assert token in mail.outbox[0].body
    first = post(client, "/api/v1/petitions/signatures/confirm", {"token": token})
    assert first.status_code == 200 and first.json()["count"] == 1
    second = post(client, "/api/v1/petitions/signatures/confirm", {"token": token})
    assert second.status_code == 409 and second.json()["error"]["code"] == "already_confirmed"
    assert client.get(f"/api/v1/actions/{petition.pk}").json()["count"] == 1


def test_a_bad_signature_is_answered_with_a_clear_error(client, petition):
    answer = post(client, f"/api/v1/petitions/{petition.pk}/signatures", {"name": "", "email": "x"})
    assert answer.status_code == 422
    assert answer.json()["error"]["message"] == "Write your name."
    assert Signature.objects.count() == 0


def test_signatures_are_exported_only_to_the_campaigns_organisers(client_for, petition, officer, other_officer):
    signature, _new = services.do_sign_petition(action=petition, name="Elif Yılmaz", email="elif@example.org")
    services.do_confirm_signature(token=services.token_for(signature.nonce))
    url = f"/api/v1/petitions/{petition.pk}/signatures"
    rows = client_for(officer).get(url).json()["items"]
    assert [r["name"] for r in rows] == ["Elif Yılmaz"] and "email" not in rows[0]
    assert client_for(other_officer).get(url).status_code == 403


def test_officials_are_searched_across_scripts(client, importer):
    from tests.advocacy.conftest import import_file

    import_file(importer, "ru", "RU")
    items = client.get("/api/v1/officials", {"q": "Elmira Hasanova"}).json()["items"]
    assert items[0]["name"] == "Эльмира Гасанова"


def test_import_through_the_api_previews_then_applies(client_for, importer):
    c = client_for(importer)
    content = popolo("fr").decode()
    preview = post(c, "/api/v1/officials/import", {"kind": "popolo", "country": "FR", "content": content})
    assert preview.status_code == 200 and preview.json()["report"]["errors"] == []
    assert Official.objects.count() == 0
    applied = post(c, f"/api/v1/officials/import/{preview.json()['id']}/apply", {})
    assert applied.status_code == 201 and applied.json()["counts"]["officials_created"] == 3


def test_a_pdf_letter_comes_back_as_pdf(client, letter_action, officials_de):
    official = officials_de["Sabine Oberhauser"]
    answer = post(client, f"/api/v1/actions/{letter_action.pk}/letters",
                  {"official_id": str(official.pk), "name": "Ali Həsənov", "text": "Sehr geehrte Frau Oberhauser,",
                   "delivery": "pdf"})
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"


def test_a_letter_without_address_is_refused_with_422(client, letter_action, officials_de):
    official = officials_de["Sabine Oberhauser"]
    answer = post(client, f"/api/v1/actions/{letter_action.pk}/letters",
                  {"official_id": str(official.pk), "name": "Ali Həsənov", "email": "ali@example.org",
                   "text": "Hello", "delivery": "email"})
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "no_address"


def test_interactions_are_recorded_through_the_api(client_for, officer, org_a, officials_de):
    answer = post(client_for(officer), "/api/v1/interactions", {
        "organisation_id": str(org_a.pk), "kind": "meeting", "occurred_on": "2026-03-02", "topic": "Trade link",
        "official_ids": [str(officials_de["Jonas Brückner"].pk)],
        "follow_ups": [{"description": "Send figures", "due_on": "2026-03-10"}]})
    assert answer.status_code == 201, answer.json()
    assert answer.json()["follow_ups"][0]["description"] == "Send figures"


def test_the_register_export_is_csv(client_for, officer, interactions):
    answer = client_for(officer).get("/api/v1/interactions/register", {"country": "DE"})
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "date,country,kind,official,body,topic,organisations" and len(lines) == 3
