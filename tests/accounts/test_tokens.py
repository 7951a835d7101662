from __future__ import annotations

import json

from korpu.accounts.models import ApiToken, hash_token


def test_a_new_token_is_shown_once_and_stored_only_as_its_hash(member, client_for):
    response = client_for(member).post("/api/v1/tokens", {"name": "reporting"}, content_type="application/json")
    assert response.status_code == 201
    raw = response.json()["token"]
    token = ApiToken.objects.get(user=member)
    assert raw.startswith("korpu_")
    assert token.token_hash == hash_token(raw)
    assert raw not in json.dumps(list(ApiToken.objects.values()), default=str)
    listing = client_for(member).get("/api/v1/tokens").json()
    assert "token" not in listing[0]


def test_a_token_signs_in_api_requests(member, client):
    from korpu.accounts.services import do_create_api_token

    _token, raw = do_create_api_token(actor=member, name="script")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["email"] == "member@example.org"
    assert response.json()["roles"][0]["role"] == "member"


def test_a_revoked_token_no_longer_works(member, client):
    from korpu.accounts.services import do_create_api_token, do_revoke_api_token

    token, raw = do_create_api_token(actor=member, name="script")
    do_revoke_api_token(actor=member, token_id=token.id)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_a_wrong_token_gets_a_translated_error_in_the_one_error_format(db, client):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer korpu_not-a-token", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "unauthenticated"
    assert error["message"] == "Войдите или отправьте действующий API-токен."


def test_one_user_cannot_revoke_another_users_token(member, officer, client_for):
    from korpu.accounts.services import do_create_api_token

    token, raw = do_create_api_token(actor=member, name="mine")
    response = client_for(officer).delete(f"/api/v1/tokens/{token.id}")
    assert response.status_code == 400
    token.refresh_from_db()
    assert token.revoked_at is None


def test_malformed_json_gets_a_clear_error_and_changes_nothing(member, client_for):
    response = client_for(member).post("/api/v1/tokens", "{not json", content_type="application/json")
    assert response.status_code in {400, 422}
    assert response.json()["error"]["message"]
    assert ApiToken.objects.count() == 0


def test_token_page_shows_the_new_token_once(member, client_for):
    c = client_for(member)
    response = c.post("/accounts/tokens/", {"name": "laptop"})
    raw = response.context["new_token"]
    assert raw in response.content.decode()
    assert raw not in c.get("/accounts/tokens/").content.decode()
