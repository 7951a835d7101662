import re

import pytest
from django.core import mail

from korpu.advocacy import selectors, services
from korpu.advocacy.errors import AlreadyConfirmed, InvalidSupporterInput, NoAddress, UnknownToken
from korpu.advocacy.models import Letter, LetterStatus, Signature

LINK = re.compile(r"/advocacy/(?:letters/)?confirm/([^/\s]+)/")


def token_from_mail(message) -> str:
    return LINK.search(message.body).group(1)


def sign(petition, email="leyla@example.org", name="Leyla Hüseynova", **kw):
    return services.do_sign_petition(action=petition, name=name, email=email, **kw)


def test_signature_counts_only_after_the_emailed_link_is_followed(petition, immediate_tasks,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signature, created = sign(petition, country="DE")
    assert created and signature.confirmed_at is None
    assert selectors.signature_count(petition) == 0
    assert mail.outbox[-1].to == ["leyla@example.org"]
    services.do_confirm_signature(token=token_from_mail(mail.outbox[-1]))
    assert selectors.signature_count(petition) == 1


def test_a_second_confirmation_is_a_clear_message_and_counts_once(petition):
    signature, _created = sign(petition)
    token = services.token_for(signature.nonce)
    services.do_confirm_signature(token=token)
    with pytest.raises(AlreadyConfirmed) as caught:
        services.do_confirm_signature(token=token)
    assert "counted once" in str(caught.value.message)
    assert selectors.signature_count(petition) == 1


def test_signing_twice_with_the_same_address_adds_nothing(petition):
    sign(petition, email="Leyla@Example.org")
    _signature, created = sign(petition, email="leyla@example.org")
    assert not created
    assert Signature.objects.filter(action=petition).count() == 1


def test_forged_or_mistyped_tokens_are_refused(petition):
    signature, _created = sign(petition)
    with pytest.raises(UnknownToken):
        services.do_confirm_signature(token=signature.nonce + ".0000000000")
    with pytest.raises(UnknownToken):
        services.do_confirm_signature(token="garbage")


@pytest.mark.parametrize("name,email", [("", "a@example.org"), ("Ali", "not-an-address"),
                                        ("x" * 201, "a@example.org")])
def test_supporter_input_is_validated_strictly(petition, name, email):
    with pytest.raises(InvalidSupporterInput):
        sign(petition, name=name, email=email)
    assert Signature.objects.count() == 0


def test_only_the_minimum_is_stored_for_a_signature(petition):
    signature, _created = sign(petition, country="de")
    fields = {f.name for f in Signature._meta.get_fields()}
    assert fields == {"id", "action", "name", "email", "country", "nonce", "created_at", "confirmed_at"}
    assert signature.country == "DE"


def test_a_closed_petition_takes_no_signatures(petition, officer):
    services.do_close_action(actor=officer, action=petition)
    from korpu.advocacy.errors import AdvocacyError

    with pytest.raises(AdvocacyError):
        sign(petition)


def test_representatives_are_found_by_postcode(letter_action):
    found = selectors.representatives(letter_action, "101 17")
    assert [o.name for o in found] == ["Katharina Weißmann"]
    assert selectors.representatives(letter_action, "99999") == []


def test_an_emailed_letter_is_sent_after_confirmation_and_the_supporter_data_dropped(
        letter_action, officials_de, immediate_tasks, django_capture_on_commit_callbacks):
    official = officials_de["Katharina Weißmann"]
    text = services.personalise(letter_action.text_in("ar"), official=official, name="ليلى حسينوفا")
    with django_capture_on_commit_callbacks(execute=True):
        letter = services.do_write_letter(action=letter_action, official=official, name="ليلى حسينوفا",
                                          email="leyla@example.org", text=text, delivery="email", language="ar")
    assert letter.status == LetterStatus.PENDING and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.do_confirm_letter(token=token_from_mail(mail.outbox[0]))
    sent = mail.outbox[1]
    assert sent.to == [official.email] and sent.reply_to == ["leyla@example.org"]
    assert "Katharina Weißmann" in sent.body and "ليلى حسينوفا" in sent.body
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT and letter.email == "" and letter.name == "" and letter.text == ""
    assert selectors.letter_count(letter_action) == 1


def test_a_letter_to_an_official_without_an_email_address_is_refused_clearly(letter_action, officials_de):
    official = officials_de["Sabine Oberhauser"]  # postal address only
    with pytest.raises(NoAddress) as caught:
        services.do_write_letter(action=letter_action, official=official, name="Ali Həsənov", email="a@example.org",
                                 text="Dear MP", delivery="email")
    assert "no e-mail address" in str(caught.value.message)
    assert Letter.objects.count() == 0


def test_a_letter_to_an_official_with_no_address_at_all_is_refused(letter_action, officials_de):
    official = officials_de["Friedrich Lindner-Haas"]
    with pytest.raises(NoAddress) as caught:
        services.do_write_letter(action=letter_action, official=official, name="Ali Həsənov", text="Dear MP",
                                 delivery="pdf")
    assert "no address on record" in str(caught.value.message)


def test_a_printed_letter_is_a_pdf_and_keeps_nothing_personal(letter_action, officials_de):
    from korpu.advocacy.pdf import letter_pdf

    official = officials_de["Sabine Oberhauser"]
    letter = services.do_write_letter(action=letter_action, official=official, name="ليلى حسينوفا",
                                      text="السيدة أوبرهاوزر،\nنرجو دعمكم.", delivery="pdf", language="ar")
    assert letter_pdf(letter).startswith(b"%PDF")
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PRINTED and not (letter.name or letter.email or letter.text)


def test_letters_only_go_to_the_actions_targets(letter_action, importer):
    from tests.advocacy.conftest import import_file

    import_file(importer, "gb", "GB")
    from korpu.advocacy.models import Official

    outsider = Official.objects.get(name="Tariq Rahman")
    with pytest.raises(InvalidSupporterInput):
        services.do_write_letter(action=letter_action, official=outsider, name="Ali", email="a@example.org",
                                 text="Hello", delivery="email")


def test_erasing_a_person_removes_their_signatures_and_attendance(petition, interactions, org_a):
    from korpu.network.models import Person
    from korpu.network.signals import person_erased

    person = Person.objects.create(name="Leyla Hüseynova", email="leyla@example.org")
    interactions["shared"].participants.add(person)
    signature, _created = sign(petition)
    services.do_confirm_signature(token=services.token_for(signature.nonce))
    person_erased.send(sender=Person, person_id=person.pk)
    assert Signature.objects.count() == 0
    assert selectors.signature_count(petition) == 0
    assert not interactions["shared"].participants.exists()


def test_unconfirmed_signatures_are_deleted_after_thirty_days(petition):
    import datetime as dt

    from django.utils import timezone

    from korpu.advocacy.tasks import prune_unconfirmed

    old, _new = sign(petition, email="old@example.org")
    Signature.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    kept, _new = sign(petition, email="new@example.org")
    assert prune_unconfirmed.call() == 1
    assert list(Signature.objects.values_list("email", flat=True)) == ["new@example.org"]
