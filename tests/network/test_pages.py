import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from korpu.core.models import AuditEntry
from korpu.network import services
from korpu.network.models import Organisation, Person

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(org, n, prefix):
    for i in range(n):
        Organisation.objects.create(name=f"{prefix} Club {i}", country="DE", city="Berlin", status="verified")
        services.do_create_person(actor="system", organisation=org, name=f"Aysel {prefix}{i} Quliyeva",
                                  consents={"share_committee": True})


@pytest.mark.parametrize("persona", ["anonymous", "officer", "staff"])
def test_directory_organisation_and_person_pages_use_constant_queries(client_for, personas, org_a, person_a, persona):
    client = client_for(personas[persona])
    urls = ["/network/", f"/network/organisations/{org_a.pk}/"]
    if persona != "anonymous":
        urls.append(f"/network/people/{person_a.pk}/")
    small = [_queries(client, url) for url in urls]
    _grow(org_a, 30, "x")
    large = [_queries(client, url) for url in urls]
    # Staff reads are audited per person shown (one insert each, up to the page size of 50).
    if persona == "staff":
        assert large[0] == small[0] and large[2] == small[2]
    else:
        assert large == small


def test_directory_searches_names_in_any_script(client, org_a, org_b):
    services.do_update_organisation(actor="system", organisation=org_a, names={"ru": "Азербайджанский дом Берлина"})
    assert "Berlin Azərbaycan Evi" in client.get("/network/?q=Азербайджанский").content.decode()
    assert "Lyon" not in client.get("/network/?q=Berlin&country=DE").content.decode()


def test_public_organisation_page_shows_no_members(client, org_a, person_a):
    assert "Məmmədov" not in client.get(f"/network/organisations/{org_a.pk}/").content.decode()


def test_staff_see_consented_members_only_and_the_read_is_audited(client_for, staff, org_a, person_a, private_a):
    body = client_for(staff).get(f"/network/organisations/{org_a.pk}/").content.decode()
    assert "Əli Məmmədov" in body and "Leyla Quliyeva" not in body
    client_for(staff).get(f"/network/people/{person_a.pk}/")
    assert AuditEntry.objects.filter(action="read", object_id=str(person_a.pk)).exists()


def test_person_downloads_own_data_and_erases_it(client_for, member, org_a):
    person = services.do_create_person(actor="system", organisation=org_a, user=member, name="Elif Yılmaz",
                                       email="elif@example.org")
    client = client_for(member)
    data = json.loads(client.get("/network/me/export.json").content)
    assert data["name"] == "Elif Yılmaz" and data["memberships"][0]["organisation"] == org_a.name
    assert "Elif Yılmaz" in client.get("/network/me/export.csv").content.decode("utf-8-sig")
    client.post("/network/me/consents/", {"newsletter": "on"})
    assert Person.objects.get(pk=person.pk).consents.filter(purpose="newsletter", granted=True, source="self").exists()
    assert client.post("/network/me/erase/", {"confirm": "wrong"}).status_code == 200
    client.post("/network/me/erase/", {"confirm": "ERASE"})
    assert Person.objects.get(pk=person.pk).name == "[erased]"


def test_names_with_bidi_controls_are_refused_on_the_page(client_for, officer, org_a):
    response = client_for(officer).post(f"/network/organisations/{org_a.pk}/people/new/",
                                        {"name": "Ali\u202eveyilaM", "role": "member"})
    assert response.status_code == 200 and not Person.objects.exists()


def test_dashboard_draws_the_map_and_links_to_the_directory(client_for, staff, org_a, person_a):
    body = client_for(staff).get("/network/dashboard/").content.decode()
    assert "<svg" in body and "?country=DE" in body and "style=" not in body


def test_export_contains_only_what_the_viewer_may_see(client_for, other_officer, person_a, person_b):
    body = b"".join(client_for(other_officer).get("/network/export/people.csv").streaming_content).decode()
    assert "Rəşad Həsənov" in body and "Məmmədov" not in body
