"""Registry fixtures: people in organisations A and B, with and without consent to share with the committee."""

import pytest


@pytest.fixture
def person_a(db, org_a):
    """A member of organisation A who consented to be shared with the committee."""
    from korpu.network import services

    return services.do_create_person(actor="system", organisation=org_a, name="Əli Məmmədov", email="ali@example.org",
                                     country="DE", city="Berlin", consents={"share_committee": True},
                                     variants=[("Али Мамедов", "cyrillic")])


@pytest.fixture
def private_a(db, org_a):
    """A member of organisation A who gave no consent: the committee must not see them."""
    from korpu.network import services

    return services.do_create_person(actor="system", organisation=org_a, name="Leyla Quliyeva", email="leyla@example.org",
                                     country="DE", city="Berlin")


@pytest.fixture
def person_b(db, org_b):
    """A member of organisation B (no consent)."""
    from korpu.network import services

    return services.do_create_person(actor="system", organisation=org_b, name="Rəşad Həsənov", country="FR", city="Lyon")
