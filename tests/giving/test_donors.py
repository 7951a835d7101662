"""Donors: people, users and organisations giving in their own name."""

from __future__ import annotations

import pytest

from korpu.giving.models import Donor, Gift
from tests.giving.test_api import post, token  # noqa: F401  (the token fixture)


@pytest.fixture
def organisation(db):
    from korpu.network.models import Organisation

    return Organisation.objects.create(name="Azərbaycan Evi Berlin e.V.", country="DE", email="info@example.org")


def test_save_donor_for_an_organisation_is_found_again(organisation):
    from korpu.core.models import AuditEntry
    from korpu.giving.services import do_save_donor

    first = do_save_donor(actor="system", organisation=organisation, display="as_written")
    again = do_save_donor(actor="system", organisation=organisation, display="as_written")
    assert first.pk == again.pk and first.organisation_id == organisation.pk
    assert Donor.objects.filter(organisation=organisation).count() == 1
    assert AuditEntry.objects.filter(object_id=str(first.pk), action="create").count() == 1


def test_signed_in_donor_can_give_for_an_organisation(organisation, member):
    from korpu.giving.services import do_save_donor

    own = do_save_donor(actor=member, user=member, email=member.email)
    assert own.organisation_id is None
    for_org = do_save_donor(actor=member, user=member, organisation=organisation)
    assert for_org.pk == own.pk
    own.refresh_from_db()
    assert own.organisation == organisation


def test_api_donation_in_an_organisations_name(client, token, campaign, organisation):  # noqa: F811
    body = {"campaign": str(campaign.pk), "amount": "100", "currency": "AZN", "donor_organisation": str(organisation.pk)}
    first = post(client, token, body, key="org-1")
    assert first.status_code == 201, first.content
    second = post(client, token, {**body, "amount": "5"}, key="org-2")
    assert second.status_code == 201, second.content
    gifts = Gift.objects.filter(donor__organisation=organisation)
    assert gifts.count() == 2 and len({g.donor_id for g in gifts}) == 1
    donor = gifts.first().donor
    assert donor.person_id is None and donor.user_id is None and donor.country == "DE"


def test_api_refuses_an_unknown_organisation(client, token, campaign):  # noqa: F811
    import uuid

    body = {"campaign": str(campaign.pk), "amount": "100", "currency": "AZN", "donor_organisation": str(uuid.uuid4())}
    response = post(client, token, body, key="org-x")
    assert response.status_code == 422, response.content
    assert "organisation" in response.json()["error"]["message"]
    assert not Gift.objects.exists() and not Donor.objects.exists()
