import pytest

from korpu.core.errors import PermissionDenied
from korpu.core.models import AuditEntry
from korpu.network import selectors, services, signals
from korpu.network.errors import NetworkError
from korpu.network.models import Consent, Membership, NameKey, Organisation, Person, PersonMerge

pytestmark = pytest.mark.django_db


def test_signed_in_user_applies_and_becomes_org_admin_once_verified(member, staff):
    organisation = services.do_register_organisation(actor=member, name="Praha Azərbaycan Evi", country="CZ",
                                                     kind="community")
    assert organisation.status == "proposed"
    services.do_verify_organisation(actor=staff, organisation=organisation)
    organisation.refresh_from_db()
    assert organisation.status == "verified" and organisation.verified_by == staff
    assert member.role_assignments.filter(organisation_id=organisation.pk, role__code="org_admin").exists()


def test_member_cannot_verify_an_organisation(member):
    organisation = Organisation.objects.create(name="X", country="DE")
    with pytest.raises(PermissionDenied):
        services.do_verify_organisation(actor=member, organisation=organisation)


def test_unknown_country_is_refused(member):
    with pytest.raises(NetworkError):
        services.do_register_organisation(actor=member, name="Nowhere Club", country="XX")


@pytest.mark.parametrize("bad", ["Ali\u202eveyilaM", "Ali\x07", "x" * 5000, "   ", "12345"])
def test_bad_names_are_refused(org_a, bad):
    with pytest.raises(NetworkError):
        services.do_create_person(actor="system", organisation=org_a, name=bad)


def test_pseudonym_keeps_no_contact_data(org_a):
    person = services.do_create_person(actor="system", organisation=org_a, name="Qartal", is_pseudonym=True,
                                       email="secret@example.org", phone="+98 123")
    assert person.email == "" and person.phone == ""


def test_name_keys_cover_every_form(person_a):
    keys = set(NameKey.objects.filter(person=person_a).values_list("key", flat=True))
    assert keys


def test_search_finds_a_person_in_another_script(staff, person_a):
    hits = selectors.search_people(staff, "Мамедов Али")
    assert hits and hits[0][0] == person_a
    assert selectors.search_people(staff, "Mammadov")[0][0] == person_a


def test_search_never_shows_people_the_viewer_may_not_see(staff, other_officer, private_a):
    assert selectors.search_people(staff, "Leyla Quliyeva") == []
    assert selectors.search_people(other_officer, "Leyla Quliyeva") == []


def test_officer_sees_every_member_of_their_organisation(officer, person_a, private_a, person_b):
    assert set(selectors.people_for(officer)) == {person_a, private_a}


def test_consent_newest_decision_wins_and_staff_visibility_follows(staff, person_a):
    assert selectors.has_consent(person_a.pk, "share_committee")
    services.do_record_consent(actor="system", person=person_a, purpose="share_committee", granted=False)
    assert not selectors.has_consent(person_a.pk, "share_committee")
    assert person_a not in selectors.people_for(staff)
    assert selectors.consenting([person_a.pk], "share_committee") == set()


def test_person_corrects_own_data_but_not_others(member, person_a):
    own = services.do_create_person(actor="system", user=member, name="Elif Yılmaz")
    services.do_update_person(actor=member, person=own, city="İzmir")
    with pytest.raises(PermissionDenied):
        services.do_update_person(actor=member, person=person_a, city="Bakı")


def test_erasure_anonymises_signals_redacts_and_keeps_totals(member, org_a):
    person = services.do_create_person(actor="system", organisation=org_a, user=member, name="Elif Yılmaz",
                                       email="elif@example.org", consents={"share_committee": True})
    services.do_update_person(actor=member, person=person, city="Köln")
    received = []

    def answer(sender, person_id, **kwargs):
        received.append(person_id)

    signals.person_erased.connect(answer)
    try:
        services.do_erase_person(actor=member, person=person)
    finally:
        signals.person_erased.disconnect(answer)
    person.refresh_from_db()
    assert received == [person.pk]
    assert person.name == "[erased]" and person.email == "" and person.user is None and person.erased_at
    assert Membership.objects.filter(organisation=org_a, person=person).count() == 1
    assert not NameKey.objects.filter(person=person).exists()
    entries = AuditEntry.objects.filter(object_type="network.person", object_id=str(person.pk))
    text = " ".join(str(e.changes) + e.object_repr for e in entries)
    assert "Elif" not in text and "elif@example.org" not in text and "Köln" not in text
    assert entries.filter(action="erase").exists()


def test_nobody_else_erases_a_person(other_officer, person_a):
    with pytest.raises(PermissionDenied):
        services.do_erase_person(actor=other_officer, person=person_a)


def test_merge_keeps_every_form_sends_signal_and_can_be_undone(officer, org_a, org_b, person_a):
    twin = services.do_create_person(actor="system", organisation=org_a, name="Ali Mammadov", email="ali@example.org")
    merged = []
    signals.persons_merged.connect(lambda sender, **kw: merged.append(kw), weak=False, dispatch_uid="t")
    try:
        merge = services.do_merge_people(actor=officer, survivor=person_a, merged=twin)
    finally:
        signals.persons_merged.disconnect(dispatch_uid="t")
    assert merged == [{"survivor_id": person_a.pk, "merged_id": twin.pk, "signal": signals.persons_merged}]
    assert "Ali Mammadov" in set(person_a.variants.values_list("text", flat=True))
    assert Membership.objects.filter(person=person_a).count() == 2
    twin.refresh_from_db()
    assert twin.merged_into == person_a
    services.do_undo_merge(actor=officer, merge=merge)
    twin.refresh_from_db()
    assert twin.merged_into is None and Membership.objects.filter(person=twin).count() == 1
    assert "Ali Mammadov" not in set(person_a.variants.values_list("text", flat=True))
    assert PersonMerge.objects.get(pk=merge.pk).undone_at


def test_officer_cannot_merge_people_they_cannot_see(officer, person_a, person_b):
    with pytest.raises(PermissionDenied):
        services.do_merge_people(actor=officer, survivor=person_a, merged=person_b)


def test_duplicate_detection_finds_the_same_person_across_scripts(org_a, org_b, person_a):
    from korpu.network.duplicates import do_find_duplicates
    from korpu.network.models import DuplicateCandidate

    twin = services.do_create_person(actor="system", organisation=org_b, name="Али Мамедов", email="ali@example.org",
                                     country="DE", city="Berlin")
    services.do_create_person(actor="system", organisation=org_b, name="Nigar Əliyeva", email="nigar@example.org")
    do_find_duplicates(actor="system")
    pairs = {frozenset((c.a_id, c.b_id)) for c in DuplicateCandidate.objects.all()}
    assert pairs == {frozenset((person_a.pk, twin.pk))}


def test_consent_rows_are_history(person_a):
    services.do_record_consent(actor="system", person=person_a, purpose="newsletter", granted=True)
    services.do_record_consent(actor="system", person=person_a, purpose="newsletter", granted=False)
    assert Consent.objects.filter(person=person_a, purpose="newsletter").count() == 2
    assert Person.objects.get(pk=person_a.pk).shares_with_committee


def test_rekey_all_rebuilds_the_keys_and_search_still_works(staff, person_a, private_a):
    from korpu.network.services import rekey_all

    before = set(NameKey.objects.values_list("person_id", "key"))
    NameKey.objects.filter(person=person_a).delete()
    assert rekey_all() == len(before)
    assert set(NameKey.objects.values_list("person_id", "key")) == before
    assert selectors.search_people(staff, "Мамедов")[0][0] == person_a
