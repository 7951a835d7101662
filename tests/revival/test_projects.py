import pytest

from korpu.core.models import AuditEntry
from korpu.revival import services
from korpu.revival.errors import RevivalError
from korpu.revival.models import ProjectStatus
from tests.revival import factories


def test_creating_a_project_writes_an_audit_row(foundation):
    p = factories.project(foundation, status="proposed")
    assert p.slug == "upper-govhar-agha-mosque"
    assert AuditEntry.objects.filter(object_type="revival.project", object_id=str(p.pk), action="create").exists()


def test_status_moves_only_forward_along_the_flow(foundation, proposed):
    with pytest.raises(RevivalError):
        services.do_change_project_status(actor=foundation, project=proposed, status=ProjectStatus.COMPLETED)


def test_a_project_is_completed_only_when_every_milestone_is_done(foundation, fundraising):
    factories.milestone_with_evidence(foundation, fundraising)
    p = services.do_change_project_status(actor=foundation, project=fundraising, status="in_progress")
    with pytest.raises(RevivalError, match="milestone"):
        services.do_change_project_status(actor=foundation, project=p, status="completed")


def test_unknown_district_is_refused(foundation):
    with pytest.raises(RevivalError, match="district"):
        services.do_create_project(actor=foundation, title={"en": "X"}, kind="school", district="atlantis")


def test_catalogue_hides_proposed_projects_from_the_public(client, fundraising, proposed):
    response = client.get("/revival/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Upper Govhar Agha Mosque" in body
    assert "Aghdam school" not in body
    assert "<progress" in body and "<svg" in body and "style=" not in body


def test_catalogue_filters_by_kind(client, fundraising, foundation):
    factories.project(foundation, slug="school", kind="school", title={"en": "Fuzuli school"},
                      district="fuzuli", settlement="fuzuli")
    body = client.get("/revival/", {"kind": "school"}).content.decode()
    assert "Fuzuli school" in body and "Govhar" not in body


def test_project_page_speaks_the_readers_language(client, fundraising):
    body = client.get("/revival/p/govhar-agha/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Мечеть Верхняя Гевхар-ага" in body


def test_project_page_body_is_cached_per_language(client, fundraising, django_assert_max_num_queries):
    client.get("/revival/p/govhar-agha/")
    with django_assert_max_num_queries(8):
        response = client.get("/revival/p/govhar-agha/")
    assert response.status_code == 200


def test_project_page_is_rebuilt_after_a_change(client, foundation, fundraising):
    client.get("/revival/p/govhar-agha/")
    factories.milestone_with_evidence(foundation, fundraising, title={"en": "Minaret repair"})
    assert "Minaret repair" in client.get("/revival/p/govhar-agha/").content.decode()


def test_proposed_project_page_is_not_found_for_the_public(client, proposed):
    assert client.get(f"/revival/p/{proposed.slug}/").status_code == 404


def test_catalogue_list_query_count_does_not_grow_with_projects(client, foundation, django_assert_max_num_queries):
    for n in range(6):
        factories.project(foundation, slug=f"p{n}", title={"en": f"Project {n}"})
    with django_assert_max_num_queries(6):
        assert client.get("/revival/").status_code == 200


def test_network_organisation_panel_lists_projects_it_is_a_partner_of(foundation, fundraising, org_a):
    from korpu.revival import services as revival
    from korpu.revival.panels import organisation_panel

    revival.do_add_partner(actor=foundation, project=fundraising, role="contractor", organisation=org_a)
    context = organisation_panel(None, org_a)
    assert context["revival_projects"] == [fundraising]


def test_api_lists_public_projects_with_progress(client, fundraising, proposed):
    body = client.get("/api/v1/revival/projects").json()
    assert [p["slug"] for p in body] == ["govhar-agha"]
    assert body[0]["progress"]["funding_percent"] == 0


def test_api_offer_with_an_unknown_kind_is_refused(member, fundraising, client_for):
    response = client_for(member).post("/api/v1/revival/projects/govhar-agha/offers",
                                       {"kind": "gold", "country": "DE"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_officer_creates_a_project_through_the_form(foundation, client_for):
    response = client_for(foundation).post("/revival/manage/new/", {
        "kind": "school", "district": "lachin", "settlement": "lachin", "budget": "150000.00", "currency": "AZN",
        "title_az": "Laçın məktəbi", "title_en": "Lachin school"})
    assert response.status_code == 302
    from korpu.revival.models import Project

    project = Project.objects.get(slug="lachin-school")
    assert project.budget_minor == 15_000_000 and project.status == "proposed"


def test_map_is_an_svg_with_a_link_per_project(client, fundraising):
    body = client.get("/revival/").content.decode()
    assert body.count('class="revival-map-link"') == 1
    assert 'href="/revival/p/govhar-agha/"' in body
