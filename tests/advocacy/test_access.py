"""Authorization matrix of every advocacy page and API route × persona (real objects from fixtures).

Officials, bodies, public campaigns, open actions and public outcomes are public-position data;
interaction records are read only by the organisations involved and, where their visibility
allows, committee staff."""

import json
import uuid

import pytest

PERSONAS = ["anonymous", "member", "editor", "officer", "other_officer", "staff", "admin"]


def row(**expected):
    assert set(expected) == set(PERSONAS)
    return [expected[p] for p in PERSONAS]


ALL_200 = row(anonymous=200, member=200, editor=200, officer=200, other_officer=200, staff=200, admin=200)

PAGES = {
    "/advocacy/": ALL_200,
    "/advocacy/officials/": ALL_200,
    "/advocacy/officials/{official}/": ALL_200,
    "/advocacy/bodies/{body}/": ALL_200,
    "/advocacy/campaigns/{campaign}/": ALL_200,
    "/advocacy/campaigns/{draft}/": row(anonymous=404, member=404, editor=200, officer=200, other_officer=404,
                                        staff=200, admin=200),
    # Campaign and action forms: organisation admins; editing a campaign is for its lead's admins only.
    "/advocacy/campaigns/new/": row(anonymous=302, member=403, editor=403, officer=200, other_officer=200,
                                    staff=403, admin=200),
    "/advocacy/campaigns/{campaign}/edit/": row(anonymous=302, member=403, editor=403, officer=200,
                                                other_officer=403, staff=403, admin=200),
    "/advocacy/campaigns/{draft}/edit/": row(anonymous=302, member=403, editor=403, officer=200,
                                             other_officer=404, staff=403, admin=200),
    "/advocacy/campaigns/{campaign}/actions/new/": row(anonymous=302, member=403, editor=403, officer=200,
                                                       other_officer=403, staff=403, admin=200),
    "/advocacy/actions/{petition}/edit/": row(anonymous=302, member=403, editor=403, officer=200,
                                              other_officer=403, staff=403, admin=200),
    "/advocacy/act/{petition}/": ALL_200,
    "/advocacy/act/{letter}/": ALL_200,
    "/advocacy/confirm/{token}/": ALL_200,
    "/advocacy/letters/confirm/{token}/": ALL_200,
    "/advocacy/outcomes/": ALL_200,
    "/advocacy/map/": ALL_200,
    "/advocacy/interactions/": row(anonymous=302, member=403, editor=200, officer=200, other_officer=200, staff=200,
                                   admin=200),
    "/advocacy/interactions/{shared}/": row(anonymous=302, member=404, editor=200, officer=200, other_officer=404,
                                            staff=200, admin=200),
    "/advocacy/interactions/{private}/": row(anonymous=302, member=404, editor=200, officer=200, other_officer=404,
                                             staff=404, admin=200),
    "/advocacy/interactions/{shared}/attachments/{attachment}/": row(
        anonymous=302, member=404, editor=200, officer=200, other_officer=404, staff=200, admin=200),
    "/advocacy/interactions/new/": row(anonymous=302, member=403, editor=200, officer=200, other_officer=200,
                                       staff=403, admin=200),
    "/advocacy/outcomes/new/": row(anonymous=302, member=403, editor=200, officer=200, other_officer=200, staff=403,
                                   admin=200),
    "/advocacy/register/": row(anonymous=302, member=403, editor=403, officer=200, other_officer=200, staff=200,
                               admin=200),
    "/advocacy/import/": row(anonymous=302, member=403, editor=403, officer=200, other_officer=200, staff=200,
                             admin=200),
    "/advocacy/petitions/{petition}/signatures.csv": row(anonymous=302, member=403, editor=403, officer=200,
                                                         other_officer=403, staff=200, admin=200),
}

API_GET = {
    "/api/v1/officials": ALL_200,
    "/api/v1/officials/{official}": ALL_200,
    "/api/v1/officials/{official}/scorecard": ALL_200,
    "/api/v1/bodies": ALL_200,
    "/api/v1/bodies/{body}": ALL_200,
    "/api/v1/advocacy-campaigns": ALL_200,
    "/api/v1/advocacy-campaigns/{campaign}": ALL_200,
    "/api/v1/advocacy-campaigns/{draft}": row(anonymous=404, member=404, editor=200, officer=200, other_officer=404,
                                              staff=200, admin=200),
    "/api/v1/actions": ALL_200,
    "/api/v1/actions/{petition}": ALL_200,
    "/api/v1/actions/{letter}/representatives?postcode=10117": ALL_200,
    "/api/v1/outcomes": ALL_200,
    "/api/v1/interactions": row(anonymous=401, member=403, editor=200, officer=200, other_officer=200, staff=200,
                                admin=200),
    "/api/v1/interactions/{shared}": row(anonymous=401, member=403, editor=200, officer=200, other_officer=404,
                                         staff=200, admin=200),
    "/api/v1/interactions/{private}": row(anonymous=401, member=403, editor=200, officer=200, other_officer=404,
                                          staff=404, admin=200),
    "/api/v1/interactions/register?country=DE": row(anonymous=401, member=403, editor=403, officer=200,
                                                    other_officer=200, staff=200, admin=200),
    "/api/v1/petitions/{petition}/signatures": row(anonymous=401, member=403, editor=403, officer=200,
                                                   other_officer=403, staff=200, admin=200),
}

CREATE_A = row(anonymous=401, member=403, editor=201, officer=201, other_officer=403, staff=403, admin=201)
MANAGE_A = row(anonymous=401, member=403, editor=403, officer=201, other_officer=403, staff=403, admin=201)
API_POST = {
    "/api/v1/interactions": CREATE_A,
    "/api/v1/outcomes": CREATE_A,
    "/api/v1/advocacy-campaigns": MANAGE_A,
    "/api/v1/actions": MANAGE_A,
    "/api/v1/officials": row(anonymous=401, member=403, editor=403, officer=201, other_officer=201, staff=201,
                             admin=201),
    "/api/v1/petitions/{petition}/signatures": row(anonymous=201, member=201, editor=201, officer=201,
                                                   other_officer=201, staff=201, admin=201),
}


@pytest.fixture
def objects(org_a, officer, campaign, letter_action, petition, interactions, bundestag, officials_de, settings,
            tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from korpu.advocacy import services

    settings.MEDIA_ROOT = tmp_path
    attachment = services.do_add_attachment(actor=officer, interaction=interactions["shared"],
                                            upload=SimpleUploadedFile("minutes.txt", b"We met."))
    draft = services.do_create_campaign(actor=officer, organisation=org_a, title={"en": "Draft"}, issue="trade",
                                        status="draft")
    return {"official": officials_de["Katharina Weißmann"].pk, "body": bundestag.pk, "campaign": campaign.pk,
            "draft": draft.pk, "petition": petition.pk, "letter": letter_action.pk,
            "shared": interactions["shared"].pk, "private": interactions["private"].pk,
            "token": services.token_for("nonexistent"), "attachment": attachment.pk}


def payload(path, persona, objects, org_a):
    n = PERSONAS.index(persona)
    if path == "/api/v1/interactions":
        return {"organisation_id": str(org_a.pk), "kind": "meeting", "occurred_on": "2026-03-01",
                "topic": f"Meeting {n}", "official_ids": [str(objects["official"])]}
    if path == "/api/v1/outcomes":
        return {"organisation_id": str(org_a.pk), "kind": "statement", "title": f"Statement {n}",
                "occurred_on": "2026-03-01", "official_id": str(objects["official"])}
    if path == "/api/v1/advocacy-campaigns":
        return {"organisation_id": str(org_a.pk), "title": {"en": f"Campaign {n}"}, "issue": "resolution"}
    if path == "/api/v1/actions":
        return {"campaign_id": str(objects["campaign"]), "kind": "petition", "title": {"en": f"Petition {n}"},
                "text": {"en": "We ask"}}
    if path == "/api/v1/officials":
        names = ["Anna Schulz", "Bernd Vogel", "Clara Fuchs", "Dieter Krause", "Erika Brandt", "Frank Wolff",
                 "Greta Lange"]
        return {"name": names[n], "country": "AT"}
    return {"name": "Aygün Kazımova", "email": f"supporter{n}@example.org"}


def test_every_page_answers_each_persona_as_expected(objects, personas, client_for):
    failures = []
    for template, expected in PAGES.items():
        url = template.format(**objects)
        for persona, status in zip(PERSONAS, expected, strict=True):
            got = client_for(personas[persona]).get(url).status_code
            if got != status:
                failures.append(f"{persona} GET {url}: {got} (expected {status})")
    assert not failures, "\n".join(failures)


def test_every_api_read_answers_each_persona_as_expected(objects, personas, client_for):
    failures = []
    for template, expected in API_GET.items():
        url = template.format(**objects)
        for persona, status in zip(PERSONAS, expected, strict=True):
            got = client_for(personas[persona]).get(url).status_code
            if got != status:
                failures.append(f"{persona} GET {url}: {got} (expected {status})")
    assert not failures, "\n".join(failures)


def test_every_api_write_answers_each_persona_as_expected(objects, personas, client_for, org_a):
    failures = []
    for template, expected in API_POST.items():
        url = template.format(**objects)
        for persona, status in zip(PERSONAS, expected, strict=True):
            body = json.dumps(payload(template, persona, objects, org_a))
            response = client_for(personas[persona]).post(url, body, content_type="application/json")
            if response.status_code != status:
                failures.append(f"{persona} POST {url}: {response.status_code} (expected {status}) "
                                f"{response.content[:200]!r}")
    assert not failures, "\n".join(failures)


def test_unknown_ids_are_404_not_500(client_for, admin, db):
    c = client_for(admin)
    missing = uuid.uuid4()
    for url in (f"/advocacy/officials/{missing}/", f"/advocacy/interactions/{missing}/",
                f"/advocacy/act/{missing}/", f"/api/v1/officials/{missing}", f"/api/v1/interactions/{missing}"):
        assert c.get(url).status_code == 404, url
