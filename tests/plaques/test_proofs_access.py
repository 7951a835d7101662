"""Authorization matrix of every plaques page and API route × persona (real objects)."""

import pytest

from korpu.plaques import services
from korpu.plaques.rendering import NameEntry
from tests.revival import factories
from tests.revival.fixtures import *  # noqa: F401,F403

PERSONAS = ["anonymous", "member", "editor", "officer", "other_officer", "staff", "admin"]


def row(*codes):
    return dict(zip(PERSONAS, codes, strict=True))


OFFICERS = row(302, 403, 403, 403, 403, 403, 200)
OFFICERS_POST = row(302, 403, 403, 403, 403, 403, 302)
PAGES = [
    ("get", "/plaques/", OFFICERS),
    ("get", "/plaques/mine/", row(302, 200, 200, 200, 200, 200, 200)),
    ("get", "/plaques/new/{slug}/", OFFICERS),
    ("get", "/plaques/{plaque}/", OFFICERS),
    ("get", "/plaques/{plaque}/versions/", OFFICERS),
    ("post", "/plaques/{plaque}/proofs/", OFFICERS_POST),
    ("post", "/plaques/proofs/{proof}/decide/", OFFICERS_POST),
    ("get", "/plaques/proofs/{proof}/proof.pdf", OFFICERS),
    ("get", "/plaques/proofs/{sent}/engraver.zip", OFFICERS),
    ("get", "/api/v1/plaques/mine", row(401, 200, 200, 200, 200, 200, 200)),
    ("get", "/api/v1/plaques/{plaque}/proofs", row(401, 403, 403, 403, 403, 403, 200)),
]


@pytest.fixture
def world(foundation, foundation_2, fundraising, make_proof):
    plaque = factories.plaque(foundation, fundraising)
    names = [NameEntry("Şəmsi Əliyev", "Qızıl"), NameEntry("Zaur Həsənov", "Gümüş")]
    sent = make_proof(foundation, plaque, names)
    services.do_approve_proof(actor=foundation_2, proof=sent)
    services.do_send_proof(actor=foundation_2, proof=sent)
    draft = make_proof(foundation, plaque, names)
    return {"slug": fundraising.slug, "plaque": plaque.pk, "proof": draft.pk, "sent": sent.pk}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "url", "expected"), PAGES, ids=[f"{m} {u}" for m, u, _e in PAGES])
def test_access(persona, method, url, expected, personas, world, client_for):
    client = client_for(personas[persona])
    target = url.format(**world)
    response = client.get(target) if method == "get" else client.post(target, {})
    assert response.status_code == expected[persona], (persona, method, target, response.status_code)
