"""Authorization matrix of every page and API route of the registry × every persona.

Codes: 200/201 allowed, 302 to sign-in (or after a successful POST), 401 no credentials (API),
403 lacks the permission everywhere, 404 holds it but not for this object (no leak of existence).
"""

import pytest

PERSONAS = ["anonymous", "member", "editor", "officer", "other_officer", "staff", "admin"]


@pytest.fixture
def world(db, org_a, org_b, person_a, private_a, person_b, member, officer):
    from korpu.network import imports, services
    from korpu.network.models import DuplicateCandidate, Organisation

    proposed = Organisation.objects.create(name="Proposed Society", country="IT", status="proposed")
    services.do_create_person(actor="system", user=member, name="Elif Yılmaz")
    twin = services.do_create_person(actor="system", organisation=org_a, name="Ali Mammadov", email="ali@example.org",
                                     consents={"share_committee": True})
    a, b = sorted([person_a, twin], key=lambda p: str(p.pk))
    DuplicateCandidate.objects.create(a=a, b=b, score=0.9, reasons=["test"])
    job = imports.do_upload_import(actor=officer, kind="people", filename="p.csv", content=b"name\nAysel\n",
                                   organisation=org_a)
    return {"org_a": org_a.pk, "proposed": proposed.pk, "person_a": person_a.pk, "private_a": private_a.pk,
            "job": job.pk}


# (method, url template, expected per persona in PERSONAS order)
PAGES = [
    ("get", "/network/", [200, 200, 200, 200, 200, 200, 200]),
    ("get", "/network/organisations/{org_a}/", [200, 200, 200, 200, 200, 200, 200]),
    ("get", "/network/organisations/{proposed}/", [404, 404, 404, 404, 404, 200, 200]),
    ("get", "/network/organisations/apply/", [302, 200, 200, 200, 200, 200, 200]),
    ("get", "/network/organisations/applications/", [302, 403, 403, 403, 403, 200, 200]),
    ("get", "/network/organisations/{org_a}/edit/", [302, 403, 403, 200, 403, 403, 200]),
    ("post", "/network/organisations/{proposed}/verify/", [302, 403, 403, 403, 403, 302, 302]),
    ("get", "/network/organisations/{org_a}/people/new/", [302, 403, 200, 200, 404, 403, 200]),
    ("get", "/network/people/", [302, 200, 200, 200, 200, 200, 200]),
    ("get", "/network/people/{person_a}/", [302, 404, 200, 200, 404, 200, 200]),
    ("get", "/network/people/{private_a}/", [302, 404, 200, 200, 404, 404, 404]),
    ("get", "/network/people/{person_a}/edit/", [302, 404, 200, 200, 404, 404, 200]),
    ("get", "/network/me/", [302, 200, 200, 200, 200, 200, 200]),
    ("get", "/network/me/export.json", [302, 200, 404, 404, 404, 404, 404]),
    ("get", "/network/me/export.csv", [302, 200, 404, 404, 404, 404, 404]),
    ("get", "/network/me/erase/", [302, 200, 404, 404, 404, 404, 404]),
    ("get", "/network/imports/new/", [302, 403, 403, 200, 200, 200, 200]),
    ("get", "/network/imports/{job}/", [302, 403, 403, 200, 404, 200, 200]),
    ("get", "/network/export/people.csv", [302, 403, 200, 200, 200, 200, 200]),
    ("get", "/network/export/organisations.xlsx", [302, 403, 200, 200, 200, 200, 200]),
    ("get", "/network/duplicates/", [302, 403, 403, 200, 200, 200, 200]),
    ("get", "/network/dashboard/", [302, 403, 403, 403, 403, 200, 200]),
    # API
    ("get", "/api/v1/organisations", [200, 200, 200, 200, 200, 200, 200]),
    ("get", "/api/v1/organisations/{proposed}", [404, 404, 404, 404, 404, 200, 200]),
    ("get", "/api/v1/people", [401, 200, 200, 200, 200, 200, 200]),
    ("get", "/api/v1/people/{person_a}", [401, 404, 200, 200, 404, 200, 200]),
    ("get", "/api/v1/people/{private_a}", [401, 404, 200, 200, 404, 404, 404]),
    ("get", "/api/v1/people/{private_a}/variants", [401, 404, 200, 200, 404, 404, 404]),
    ("get", "/api/v1/people/search?q=Mammadov", [401, 200, 200, 200, 200, 200, 200]),
    ("get", "/api/v1/memberships", [401, 200, 200, 200, 200, 200, 200]),
    ("get", "/api/v1/duplicates", [401, 403, 403, 200, 200, 200, 200]),
    ("post", "/api/v1/organisations/{proposed}/verify", [401, 403, 403, 403, 403, 200, 200]),
]


@pytest.mark.parametrize(("method", "template", "expected"), PAGES, ids=[f"{m} {t}" for m, t, _e in PAGES])
def test_access_matrix(client_for, personas, world, method, template, expected):
    url = template.format(**world)
    for persona, status in zip(PERSONAS, expected, strict=True):
        client = client_for(personas[persona])
        response = getattr(client, method)(url)
        assert response.status_code == status, f"{persona} {method.upper()} {url}: {response.status_code}"
        if status == 302 and persona == "anonymous":
            assert "/accounts/login/" in response["Location"]


CREATE = [401, 403, 201, 201, 403, 403, 201]


def test_api_create_person_matrix(client_for, personas, world):
    for persona, status in zip(PERSONAS, CREATE, strict=True):
        response = client_for(personas[persona]).post(
            "/api/v1/people", {"organisation_id": str(world["org_a"]), "name": f"Nigar {persona.title()}"},
            content_type="application/json")
        assert response.status_code == status, f"{persona}: {response.status_code} {response.content[:200]}"
