"""Authorization matrix of every revival page and API route × persona (real objects)."""

import pytest

from korpu.revival import services
from tests.revival import factories

PERSONAS = ["anonymous", "member", "editor", "officer", "other_officer", "staff", "admin"]
SIGN_IN = 302


def row(*codes):
    return dict(zip(PERSONAS, codes, strict=True))


EVERYONE = row(200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = row(SIGN_IN, 200, 200, 200, 200, 200, 200)
OFFICERS_ONLY = row(SIGN_IN, 403, 403, 403, 403, 403, 200)
OFFICERS_ONLY_POST = row(SIGN_IN, 403, 403, 403, 403, 403, 302)
DASHBOARD = row(SIGN_IN, 403, 403, 403, 403, 200, 200)
API_EVERYONE = row(200, 200, 200, 200, 200, 200, 200)
API_SIGNED_IN = row(401, 200, 200, 200, 200, 200, 200)
API_OFFICERS = row(401, 403, 403, 403, 403, 403, 200)
API_DASHBOARD = row(401, 403, 403, 403, 403, 200, 200)

PAGES = [
    ("get", "/revival/", EVERYONE),
    ("get", "/revival/p/{slug}/", EVERYONE),
    ("get", "/revival/p/{proposed}/", row(404, 404, 404, 404, 404, 404, 200)),
    ("get", "/revival/p/{slug}/offer/", SIGNED_IN),
    ("get", "/revival/photos/{photo}/", EVERYONE),
    ("get", "/revival/evidence/{evidence}/", EVERYONE),
    ("get", "/revival/transparency/", EVERYONE),
    ("get", "/revival/offers/", SIGNED_IN),
    ("post", "/revival/offers/{offer}/withdraw/", row(SIGN_IN, 302, 404, 404, 404, 404, 302)),
    ("get", "/revival/dashboard/", DASHBOARD),
    ("get", "/revival/manage/", OFFICERS_ONLY),
    ("get", "/revival/manage/new/", OFFICERS_ONLY),
    ("get", "/revival/manage/{slug}/", OFFICERS_ONLY),
    ("post", "/revival/manage/{slug}/status/", OFFICERS_ONLY_POST),
    ("post", "/revival/manage/{slug}/partners/", OFFICERS_ONLY_POST),
    ("post", "/revival/manage/{slug}/photos/", OFFICERS_ONLY_POST),
    ("post", "/revival/manage/{slug}/milestones/", OFFICERS_ONLY_POST),
    ("post", "/revival/manage/{slug}/milestones/{milestone}/evidence/", OFFICERS_ONLY_POST),
    ("post", "/revival/manage/{slug}/milestones/{milestone}/status/", OFFICERS_ONLY_POST),
    ("post", "/revival/manage/{slug}/milestones/{milestone}/payouts/", OFFICERS_ONLY_POST),
    ("post", "/revival/manage/{slug}/payouts/{payout}/", OFFICERS_ONLY_POST),
    ("post", "/revival/manage/{slug}/offers/{offer}/", OFFICERS_ONLY_POST),
    ("get", "/api/v1/revival/projects", API_EVERYONE),
    ("get", "/api/v1/revival/projects/{slug}", API_EVERYONE),
    ("get", "/api/v1/revival/projects/{proposed}", row(404, 404, 404, 404, 404, 404, 200)),
    ("post-json", "/api/v1/revival/projects/{slug}/offers", row(401, 201, 201, 201, 201, 201, 201)),
    ("get", "/api/v1/revival/offers", API_SIGNED_IN),
    ("post", "/api/v1/revival/payouts/{payout}/approve", API_OFFICERS),
    ("get", "/api/v1/revival/participation", API_DASHBOARD),
]


@pytest.fixture
def world(foundation, fundraising, proposed, member):
    milestone = services.do_add_milestone(actor=foundation, project=fundraising, title={"en": "Roof"},
                                          amount_minor=100_000)
    evidence = services.do_add_evidence(actor=foundation, milestone=milestone, kind="photo",
                                        upload=factories.upload(factories.jpeg_with_gps()))
    photo = services.do_add_photo(actor=foundation, project=fundraising, kind="before",
                                  upload=factories.upload(factories.jpeg_with_gps()))
    payout = services.do_request_payout(actor=foundation, milestone=milestone, amount_minor=1_000, payee="X")
    offer = services.do_make_offer(actor=member, project=fundraising, kind="expertise", country="DE",
                                   details={"field": "architecture"})
    return {"slug": fundraising.slug, "proposed": proposed.slug, "milestone": milestone.pk, "evidence": evidence.pk,
            "photo": photo.pk, "payout": payout.pk, "offer": offer.pk}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "url", "expected"), PAGES, ids=[f"{m} {u}" for m, u, _e in PAGES])
def test_access(persona, method, url, expected, personas, world, client_for):
    client = client_for(personas[persona])
    target = url.format(**world)
    if method == "get":
        response = client.get(target)
    elif method == "post-json":
        response = client.post(target, {"kind": "expertise", "country": "DE", "details": {"field": "masonry"}},
                               content_type="application/json")
    else:
        response = client.post(target, {})
    assert response.status_code == expected[persona], (persona, method, target, response.status_code)
    if response.status_code == SIGN_IN and persona == "anonymous":
        assert "/accounts/login/" in response["Location"]


def test_every_revival_url_is_in_the_matrix():
    from korpu.revival.urls import urlpatterns

    listed = {u.split("{")[0] for _m, u, _e in PAGES}
    for pattern in urlpatterns:
        prefix = "/revival/" + str(pattern.pattern).split("<")[0]
        assert any(item.startswith(prefix) for item in listed), prefix
