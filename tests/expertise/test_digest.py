"""The expert's digest by e-mail: opted-in, consenting experts get the open needs they fit, once, in
their own language, with a signed unsubscribe link that works without signing in."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail

from korpu.core import links
from korpu.expertise import services, tasks
from korpu.expertise.models import ExpertProfile

NOON = dt.datetime(2026, 11, 28, 12, 0, 5, tzinfo=dt.UTC)


@pytest.fixture
def run_tasks_at_once(settings):
    """Tasks run where they are enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def opt_in(profile: ExpertProfile, language: str) -> ExpertProfile:
    user = profile.person.user
    user.language = language
    user.save(update_fields=["language"])
    return services.do_save_profile(actor=user, person=profile.person, digest=True)


@pytest.fixture
def russian_cardiologist(db):
    from tests.expertise.conftest import make_expert

    return make_expert(email="kardiolog@example.ru", name="Эльдар Гасанов", fields=("med.paediatric_cardiology",),
                       languages=("ru", "en"), country="RU", zone="Europe/Moscow",
                       headline="Детский кардиолог", summary={"ru": "Детский кардиолог, эхокардиография у детей."})


def post_need(institution, hospital, title: str, text: str, field: str):
    """An English course the hospital asks for, from 20 to 60 days from now."""
    today = dt.date.today()
    return services.do_post_need(actor=institution, organisation=hospital, title=title, description={"en": text},
                                 fields=[field], mode="course", work_languages=["en"],
                                 starts_on=today + dt.timedelta(days=20), ends_on=today + dt.timedelta(days=60))


def sent_to(address: str):
    return [m for m in mail.outbox if m.to == [address]]


def unsubscribe_path(message) -> str:
    found = re.search(r"https?://[^/\s]+(/expertise/digest/unsubscribe/[^\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_each_expert_gets_the_needs_they_fit_in_their_own_language(run_tasks_at_once, need, cardiologist,
                                                                    russian_cardiologist):
    opt_in(cardiologist, "az")
    opt_in(russian_cardiologist, "ru")
    tasks.send_expert_digests.call()
    [azerbaijani] = sent_to("cardio@example.de")
    [russian] = sent_to("kardiolog@example.ru")
    assert azerbaijani.subject == "Vətəndə 1 ehtiyac ekspertizanıza uyğundur"
    assert "Salam, Dr. Leyla Rəhimova," in azerbaijani.body
    assert "Uşaq kardiologiyası — Bakı Respublika Klinik Xəstəxanası" in azerbaijani.body
    assert "Sahə: Uşaq kardiologiyası" in azerbaijani.body and "Uzaqdan məsləhət" in azerbaijani.body
    assert "Bu e-poçtları dayandırın (daxil olmaq lazım deyil)" in azerbaijani.body
    assert russian.subject == "1 потребность на родине соответствует вашей экспертизе"
    assert "Здравствуйте, Эльдар Гасанов!" in russian.body
    assert "Uşaq kardiologiyası — Bakı Respublika Klinik Xəstəxanası" in russian.body
    assert "Остановить эти письма (входить не нужно)" in russian.body
    for message in (azerbaijani, russian):
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe_path(message) in message.extra_headers["List-Unsubscribe"]
        # As a mail program reads it: a bare <URL>, not RFC 2047 encoded words.
        sent = message.message().as_bytes().decode("ascii")
        header = next(line for line in sent.splitlines() if line.startswith("List-Unsubscribe:"))
        assert header == f"List-Unsubscribe: <{links.absolute(unsubscribe_path(message))}>"


def test_a_need_is_sent_to_an_expert_once_and_a_new_need_in_the_next_digest(run_tasks_at_once, need, cardiologist,
                                                                             hospital, institution):
    opt_in(cardiologist, "en")
    tasks.send_expert_digests.call()
    assert len(mail.outbox) == 1
    tasks.send_expert_digests.call()
    assert len(mail.outbox) == 1, "the same need must not be sent again"
    post_need(institution, hospital, "Echocardiography course",
              "A course on echocardiography in children with heart defects.", "med.paediatric_cardiology")
    tasks.send_expert_digests.call()
    assert len(mail.outbox) == 2
    latest = mail.outbox[-1]
    assert latest.subject == "1 need at home fits your expertise"
    assert "Echocardiography course" in latest.body
    assert "Uşaq kardiologiyası" not in latest.body


def test_a_need_outside_the_experts_field_is_not_sent(run_tasks_at_once, hospital, institution, expert_factory):
    geologist = expert_factory(email="geo@example.no", name="Geologist", fields=("1.5",), headline="Petroleum geologist",
                               summary={"en": "Sedimentary basins and reservoir geology of the Caspian."})
    opt_in(geologist, "en")
    post_need(institution, hospital, "Neonatal intensive care", "Training nurses in neonatal intensive care.",
              "med.paediatrics")
    tasks.send_expert_digests.call()
    assert mail.outbox == []


def test_nothing_is_sent_to_experts_who_withdrew_consent_or_switched_the_digest_off(
        run_tasks_at_once, need, cardiologist, russian_cardiologist, expert_factory):
    opt_in(cardiologist, "en")
    services.do_save_profile(actor=cardiologist.person.user, person=cardiologist.person, share_with_committee=False)
    opt_in(russian_cardiologist, "ru")
    services.do_save_profile(actor=russian_cardiologist.person.user, person=russian_cardiologist.person, digest=False)
    expert_factory(email="never@example.de", name="Never asked", fields=("med.paediatric_cardiology",))
    tasks.send_expert_digests.call()
    assert mail.outbox == []


def test_the_unsubscribe_link_works_without_signing_in(run_tasks_at_once, client, need, cardiologist):
    opt_in(cardiologist, "en")
    tasks.send_expert_digests.call()
    path = unsubscribe_path(mail.outbox[0])
    page = client.get(path)
    assert page.status_code == 200
    assert "Stop the e-mails" in page.content.decode()
    cardiologist.refresh_from_db()
    assert cardiologist.digest, "opening the link must not unsubscribe (link checkers open links)"
    done = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "You will not receive the needs digest any more" in done.content.decode()
    cardiologist.refresh_from_db()
    assert not cardiologist.digest


def test_a_forged_unsubscribe_link_changes_nothing(client, cardiologist):
    opt_in(cardiologist, "en")
    path = f"/expertise/digest/unsubscribe/{cardiologist.pk}:forged-signature/"
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    cardiologist.refresh_from_db()
    assert cardiologist.digest


def test_the_daily_digest_is_claimed_once_per_day_however_many_workers_ask(db):
    from django_tasks_db.models import DBTaskResult

    from korpu.core.tasks import schedule_due

    name = "korpu.expertise.tasks.send_expert_digests"
    assert name in schedule_due(now=NOON, worker="a")
    assert name not in schedule_due(now=NOON + dt.timedelta(hours=3), worker="b")
    assert DBTaskResult.objects.filter(task_path=name).count() == 1
    assert name in schedule_due(now=NOON + dt.timedelta(days=1), worker="b")
