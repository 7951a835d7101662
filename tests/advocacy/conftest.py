"""Advocacy fixtures: officials imported from the shipped Popolo files, a public campaign with a
letter action (by constituency) and a petition, and interactions of organisations A and B."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings):
    """Run background tasks at once (e-mails land in mail.outbox)."""
    settings.TASKS = IMMEDIATE


@pytest.fixture
def importer(db):
    """Committee staff who import officials (no MFA needed for services)."""
    from tests.conftest import make_user

    return make_user("importer@example.org", role="committee_staff")


def popolo(code: str) -> bytes:
    return (EXAMPLES / f"popolo-{code}.json").read_bytes()


def import_file(actor, code: str, country: str, kind: str = "popolo", raw: bytes | None = None, **kw):
    from korpu.advocacy import services

    batch = services.do_preview_import(actor=actor, kind=kind, country=country, raw=raw or popolo(code), **kw)
    assert not batch.report["errors"], batch.report["errors"]
    return services.do_apply_import(actor=actor, batch=batch)


@pytest.fixture
def officials_de(importer):
    import_file(importer, "de", "DE")
    from korpu.advocacy.models import Official

    return {o.name: o for o in Official.objects.filter(country="DE")}


@pytest.fixture
def bundestag(officials_de):
    from korpu.advocacy.models import Body

    return Body.objects.get(country="DE", external_id="de-bundestag")


@pytest.fixture
def postcodes_de(importer, officials_de):
    csv_text = "postcode,constituency\n10117,Berlin-Mitte\n10178,Berlin-Mitte\n50667,Köln I\n"
    return import_file(importer, "", "DE", kind="postcodes_csv", raw=csv_text.encode())


@pytest.fixture
def campaign(org_a, org_b, officer, officials_de):
    from korpu.advocacy import services

    return services.do_create_campaign(
        actor=officer, organisation=org_a, title={"en": "Visa facilitation", "az": "Viza sadələşdirilməsi"},
        issue="visa", summary={"en": "Easier visas for students."}, goals=[{"en": "A resolution by spring"}],
        asks=[{"en": "Support the motion"}], country="DE", is_public=True, starts_on=dt.date(2026, 1, 10),
        target_official_ids=[officials_de["Katharina Weißmann"].pk])


@pytest.fixture
def letter_action(campaign, officer, bundestag, postcodes_de):
    from korpu.advocacy import services

    return services.do_create_action(
        actor=officer, campaign=campaign, kind="letter", body=bundestag,
        title={"en": "Write to your MP", "ar": "اكتب إلى نائبك"},
        text={"en": "Dear {official},\n\nPlease support visa facilitation.\n\n{name}",
              "ar": "السيد/السيدة {official}،\n\nنرجو دعمكم لتسهيل التأشيرات.\n\n{name}"})


@pytest.fixture
def petition(campaign, officer):
    from korpu.advocacy import services

    return services.do_create_action(actor=officer, campaign=campaign, kind="petition",
                                     title={"en": "Visas for students"}, text={"en": "We ask the Bundestag..."},
                                     goal=1000)


@pytest.fixture
def interactions(org_a, org_b, officer, other_officer, officials_de):
    """A's meeting shared with the committee, A's organisations-only call, and B's meeting."""
    from korpu.advocacy import services

    weissmann = officials_de["Katharina Weißmann"]
    shared = services.do_record_interaction(
        actor=officer, organisation=org_a, kind="meeting", occurred_on=dt.date(2026, 3, 2),
        topic="Visa facilitation for students", official_ids=[weissmann.pk], asked="Co-sign the motion",
        promised="Will raise it in committee", visibility="committee",
        follow_ups=[("Send the briefing", dt.date(2026, 3, 9))])
    private = services.do_record_interaction(
        actor=officer, organisation=org_a, kind="call", occurred_on=dt.date(2026, 3, 5), topic="Private call",
        official_ids=[weissmann.pk], visibility="organisations")
    other = services.do_record_interaction(
        actor=other_officer, organisation=org_b, kind="meeting", occurred_on=dt.date(2026, 2, 1),
        topic="B's meeting", official_ids=[officials_de["Jonas Brückner"].pk], visibility="organisations")
    return {"shared": shared, "private": private, "other": other}
