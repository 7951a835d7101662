"""Gifts given in an organisation's name put the organisation's registered name on the plaque."""

import pytest

from korpu.plaques import selectors, services
from tests.conftest import make_user
from tests.revival import factories
from tests.revival.fixtures import *  # noqa: F401,F403


@pytest.fixture
def rashad(db):
    """A registry person who gives for his association; he has not agreed to be named himself."""
    from korpu.network.models import Consent, ConsentPurpose, Person

    person = Person.objects.create(name="Rəşad Məmmədov", script="Latn", user=make_user("rashad@example.org"))
    Consent.objects.create(person=person, purpose=ConsentPurpose.NAMED_IN_PUBLIC, granted=False, source="self")
    return person


def test_an_organisation_is_named_by_its_registered_name_not_the_person_who_gave(foundation, fundraising, rashad):
    house = factories.organisation_donor("Berlin Azərbaycan Evi e.V.", person=rashad)
    factories.give(fundraising, 60_000, key="o1", donor=house)
    factories.give(fundraising, 60_000, key="o2", donor=house)
    factories.give(fundraising, 20_000, key="p1", donor=factories.donor("Aysel Kərimova"))
    proof = services.do_make_proof(actor=foundation, plaque=factories.plaque(foundation, fundraising))
    assert [(r["text"], r["tier"], r["net_minor"]) for r in proof.names] == [
        ("Berlin Azərbaycan Evi e.V.", "Qızıl", 120_000), ("Aysel Kərimova", "Gümüş", 20_000)]
    assert "Rəşad" not in str(proof.names)
    assert proof.names[0]["organisation"] == str(house.organisation_id)
    assert proof.anonymous_count == 0


def test_an_organisation_that_chose_to_stay_anonymous_is_counted_not_named(foundation, fundraising):
    quiet = factories.organisation_donor("Lyon Azərbaycan Mədəniyyət Mərkəzi", display="anonymous")
    factories.give(fundraising, 90_000, key="q", donor=quiet)
    factories.give(fundraising, 20_000, key="p", donor=factories.donor("Aysel Kərimova"))
    proof = services.do_make_proof(actor=foundation, plaque=factories.plaque(foundation, fundraising))
    assert [r["text"] for r in proof.names] == ["Aysel Kərimova"]
    assert proof.anonymous_count == 1


def test_the_organisations_name_is_engraved_as_registered_never_in_another_form(foundation, fundraising):
    form = factories.organisation_donor("Azərbaycan Evi", display="other_form")
    form.display_form = "AZERBAIJAN HOUSE"   # a form meant for a person's name does not rename an organisation
    form.save(update_fields=["display_form"])
    factories.give(fundraising, 30_000, key="f", donor=form)
    proof = services.do_make_proof(actor=foundation, plaque=factories.plaque(foundation, fundraising))
    assert [r["text"] for r in proof.names] == ["Azərbaycan Evi"]


def test_the_person_who_gave_for_an_organisation_sees_its_line(foundation, fundraising, rashad, client_for):
    house = factories.organisation_donor("Berlin Azərbaycan Evi e.V.", person=rashad)
    factories.give(fundraising, 60_000, key="o1", donor=house)
    services.do_make_proof(actor=foundation, plaque=factories.plaque(foundation, fundraising))
    lines = selectors.lines_naming(rashad.user)
    assert [line["row"]["text"] for line in lines] == ["Berlin Azərbaycan Evi e.V."]
    assert "Berlin Azərbaycan Evi e.V." in client_for(rashad.user).get("/plaques/mine/").content.decode()
