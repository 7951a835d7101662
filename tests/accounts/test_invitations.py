from __future__ import annotations

import re

import pytest
from django.core import mail

from korpu.accounts.models import Invitation, RoleAssignment
from tests.conftest import ORG_A, ORG_B, make_user


def test_officer_invites_a_colleague_in_the_colleagues_language(officer, org_a, client_for,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer).post("/accounts/invite/", {
            "email": "Colleague@Example.org", "organisation": str(ORG_A), "role": "org_editor", "language": "ru",
        })
    assert response.status_code == 302
    assert Invitation.objects.get().email == "colleague@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["colleague@example.org"]
    assert message.subject == "Вас приглашают в Körpü"
    assert "Berlin Azərbaycan Evi" in message.body


def test_officer_cannot_invite_into_another_organisation(officer, org_b, client_for):
    response = client_for(officer).post("/accounts/invite/", {
        "email": "x@example.org", "organisation": str(ORG_B), "role": "member", "language": "en",
    })
    # the other organisation is not even offered
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_member_may_not_open_the_invitation_page(member, client_for):
    assert client_for(member).get("/accounts/invite/").status_code == 403


@pytest.fixture
def invitation_link(officer, org_a, django_capture_on_commit_callbacks):
    """Invite new@example.org to organisation A as `role` and return the link from the e-mail."""
    from korpu.accounts.services import do_invite_user

    def invite(role: str) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            do_invite_user(actor=officer, email="new@example.org", role_code=role, organisation_id=ORG_A,
                           language="en", base_url="http://testserver/")
        return re.search(r"http://testserver(/accounts/invitations/\S+/)", mail.outbox[-1].body).group(1)

    return invite


def test_accepting_an_invitation_grants_its_role(invitation_link, client_for):
    link = invitation_link("org_editor")
    newcomer = make_user("new@example.org")
    response = client_for(newcomer).post(link)
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=newcomer, role__code="org_editor", organisation_id=ORG_A).exists()
    # a second use of the link is refused
    assert client_for(newcomer).post(link).status_code == 400


def test_an_invitation_cannot_be_taken_by_another_address(invitation_link, client_for):
    link = invitation_link("member")
    intruder = make_user("intruder@example.org")
    response = client_for(intruder).post(link)
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=intruder).exists()
