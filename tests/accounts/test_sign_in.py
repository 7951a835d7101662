from __future__ import annotations

from django.test import Client

from korpu.core.models import AuditEntry
from tests.conftest import PASSWORD


def test_staff_without_a_second_factor_is_sent_to_set_one_up(db, client_for):
    from tests.conftest import make_user

    staff = make_user("newstaff@example.org", role="committee_staff")
    response = client_for(staff).get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_staff_with_a_second_factor_reaches_the_pages(staff, client_for):
    assert client_for(staff).get("/").status_code == 200


def test_members_need_no_second_factor(member, client_for):
    assert client_for(member).get("/").status_code == 200


def test_password_sign_in_is_audited_with_the_address(member):
    c = Client(REMOTE_ADDR="198.51.100.4")
    response = c.post("/accounts/login/", {"login": "member@example.org", "password": PASSWORD})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="sign_in")
    assert entry.actor == member
    assert entry.ip_address == "198.51.100.4"


def test_repeated_wrong_passwords_lock_the_account_with_a_translated_message(member, settings):
    settings.AXES_FAILURE_LIMIT = 3
    c = Client(HTTP_ACCEPT_LANGUAGE="tr")
    for _ in range(3):
        c.post("/accounts/login/", {"login": "member@example.org", "password": "wrong"})
    response = c.post("/accounts/login/", {"login": "member@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Çok fazla deneme" in response.content.decode()
    assert "_auth_user_id" not in c.session


def test_an_expired_session_form_post_gets_a_clear_message(member):
    c = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    response = c.post("/accounts/login/", {"login": "member@example.org", "password": PASSWORD})
    assert response.status_code == 403
    assert "Your session has expired" in response.content.decode()
