"""Authorization matrix of every expertise page and API route, for every persona.

Columns: the shared personas (tests/conftest.py) and, for this app, `institution` — the account of
a hospital at home (organisation role `institution` in the hospital).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.expertise.conftest import make_expert

PERSONAS = ["anonymous", "member", "editor", "officer", "other_officer", "staff", "admin", "institution"]


def _row(anonymous, member, editor, officer, other_officer, staff, admin, institution):
    return dict(zip(PERSONAS, [anonymous, member, editor, officer, other_officer, staff, admin, institution],
                    strict=True))


@pytest.fixture
def world(personas, institution, need, cardiologist):
    from korpu.expertise.services import do_propose_engagement

    engagement = do_propose_engagement(actor=institution, need=need, profile=cardiologist)
    return {**personas, "institution": institution, "need": need, "expert": cardiologist,
            "engagement": engagement}


PAGES = [
    # (path template, expected by persona)
    ("/expertise/", _row(302, 200, 200, 200, 200, 200, 200, 200)),
    ("/expertise/profile/", _row(302, 200, 200, 200, 200, 200, 200, 200)),
    ("/expertise/digest/", _row(302, 200, 200, 200, 200, 200, 200, 200)),
    ("/expertise/experts/", _row(302, 403, 403, 403, 403, 200, 200, 403)),
    ("/expertise/experts/{expert}/", _row(302, 404, 404, 404, 404, 200, 200, 200)),
    ("/expertise/needs/", _row(302, 403, 403, 403, 403, 200, 200, 200)),
    ("/expertise/needs/new/", _row(302, 403, 403, 403, 403, 403, 200, 200)),
    ("/expertise/needs/{need}/", _row(302, 403, 403, 403, 403, 200, 200, 200)),
    ("/expertise/engagements/", _row(302, 200, 200, 200, 200, 200, 200, 200)),
    ("/expertise/engagements/{engagement}/", _row(302, 404, 404, 404, 404, 200, 200, 200)),
    ("/expertise/dashboard/", _row(302, 403, 403, 403, 403, 200, 200, 403)),
    ("/expertise/embeddings/", _row(302, 403, 403, 403, 403, 200, 200, 403)),
    ("/api/v1/experts", _row(401, 200, 200, 200, 200, 200, 200, 200)),
    ("/api/v1/experts/{expert}", _row(401, 404, 404, 404, 404, 200, 200, 200)),
    ("/api/v1/needs", _row(401, 200, 200, 200, 200, 200, 200, 200)),
    ("/api/v1/needs/{need}", _row(401, 404, 404, 404, 404, 200, 200, 200)),
    ("/api/v1/needs/{need}/matches", _row(401, 404, 404, 404, 404, 200, 200, 200)),
    ("/api/v1/engagements", _row(401, 200, 200, 200, 200, 200, 200, 200)),
    ("/api/v1/engagements/{engagement}", _row(401, 404, 404, 404, 404, 200, 200, 200)),
]


def _path(template: str, world) -> str:
    return template.format(expert=world["expert"].pk, need=world["need"].pk, engagement=world["engagement"].pk)


@pytest.mark.parametrize(("template", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_get_matrix(world, client_for, template, expected):
    path = _path(template, world)
    got = {persona: client_for(world[persona]).get(path).status_code for persona in PERSONAS}
    assert got == expected


def test_post_need_matrix(world, client_for, hospital):
    today = dt.date.today()
    body = {"organisation_id": str(hospital.pk), "title": "Radiologiya", "description": {"az": "MRT üzrə kurs."},
            "fields": ["med.radiology"], "mode": "course", "work_languages": ["az"],
            "starts_on": str(today), "ends_on": str(today + dt.timedelta(days=30))}
    got = {p: client_for(world[p]).post("/api/v1/needs", json.dumps(body), content_type="application/json").status_code
           for p in PERSONAS}
    assert got == _row(401, 403, 403, 403, 403, 403, 201, 201)


def test_post_engagement_matrix(world, client_for):
    got = {}
    for persona in PERSONAS:
        expert = make_expert(name=f"Expert {persona}", fields=("med.cardiology",))
        body = {"need_id": str(world["need"].pk), "expert_id": str(expert.pk)}
        got[persona] = client_for(world[persona]).post("/api/v1/engagements", json.dumps(body),
                                                       content_type="application/json").status_code
    assert got == _row(401, 404, 404, 404, 404, 201, 201, 201)


def test_propose_page_matrix(world, client_for):
    got = {}
    for persona in PERSONAS:
        expert = make_expert(name=f"Expert {persona}", fields=("med.cardiology",))
        got[persona] = client_for(world[persona]).post(
            f"/expertise/needs/{world['need'].pk}/propose/{expert.pk}/").status_code
    assert got == _row(302, 403, 403, 403, 403, 302, 302, 302)


def test_engagement_action_matrix(world, client_for):
    """Only the two sides and committee staff act on an engagement; others do not learn it exists."""
    path = f"/api/v1/engagements/{world['engagement'].pk}/actions"
    got = {p: client_for(world[p]).post(path, json.dumps({"action": "agree"}),
                                        content_type="application/json").status_code for p in PERSONAS}
    # Staff and admin are neither side: agreeing is for the expert and the institution.
    assert got == _row(401, 404, 404, 404, 404, 403, 403, 200)


def test_verify_credential_matrix(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from korpu.expertise.services import do_upload_credential

    expert = world["expert"]
    got = {}
    for persona in PERSONAS:
        credential = do_upload_credential(actor="system", profile=expert, kind="degree", title="MD",
                                          document=SimpleUploadedFile("md.pdf", b"%PDF-1.4"))
        got[persona] = client_for(world[persona]).post(f"/expertise/credentials/{credential.pk}/verify/",
                                                       {"decision": "verify"}).status_code
        credential.document.delete(save=False)
    assert got == _row(302, 403, 403, 403, 403, 302, 302, 403)
