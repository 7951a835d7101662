"""Demo data: officials of Germany, France, the United Kingdom and Russia imported from the Popolo
files shipped in docs/examples/, postcode tables, campaigns with a letter action and a petition,
interactions and outcomes. Idempotent: a second run adds nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from django.db import transaction

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
COUNTRIES = [("de", "DE"), ("fr", "FR"), ("gb", "GB"), ("ru", "RU")]
POSTCODES = {
    "DE": "postcode,constituency\n10115,Berlin-Mitte\n10117,Berlin-Mitte\n10178,Berlin-Mitte\n22765,Hamburg-Altona\n"
          "81369,München-Süd\n50667,Köln I\n70173,Stuttgart I\n",
    "GB": "postcode,constituency\nSW1A 2AA,Cities of London and Westminster\nEC2V 7HH,Cities of London and Westminster\n"
          "B16 8QG,Birmingham Ladywood\nEH9 1PR,Edinburgh South\nM1 5GD,Manchester Central\n",
}


def _organisation(country: str):
    from korpu.network.models import Organisation

    return (Organisation.objects.filter(country=country, status="verified").order_by("created_at").first()
            or Organisation.objects.order_by("created_at").first())


def load(*, out: TextIO) -> None:
    from korpu.accounts.models import User
    from korpu.advocacy import services
    from korpu.advocacy.models import Body
    from korpu.core.demo import demo_email

    if Body.objects.filter(country="DE", external_id="de-bundestag").exists():
        print("  advocacy: already loaded", file=out)
        return
    actor = User.objects.filter(email=demo_email("admin")).first()
    if actor is None or _organisation("DE") is None:
        print("  advocacy: skipped (no demo admin or organisations)", file=out)
        return
    with transaction.atomic():
        officials = 0
        for code, country in COUNTRIES:
            path = EXAMPLES / f"popolo-{code}.json"
            if not path.exists():
                continue
            batch = services.do_preview_import(actor=actor, kind="popolo", country=country, raw=path.read_bytes(),
                                               filename=path.name)
            officials += services.do_apply_import(actor=actor, batch=batch)["officials_created"]
        for country, table in POSTCODES.items():
            batch = services.do_preview_import(actor=actor, kind="postcodes_csv", country=country, raw=table.encode(),
                                               filename=f"postcodes-{country.lower()}.csv")
            services.do_apply_import(actor=actor, batch=batch)
        campaigns, interactions, outcomes = _campaigns(actor)
    print(f"  advocacy: {officials} officials in {len(COUNTRIES)} countries, {campaigns} campaigns, "
          f"{interactions} interactions, {outcomes} outcomes", file=out)


def _campaigns(actor) -> tuple[int, int, int]:
    from korpu.advocacy import services
    from korpu.advocacy.models import Body, Official

    def person(name):
        return Official.objects.get(name=name)

    def body(ref):
        return Body.objects.get(external_id=ref)

    de, fr, gb, ru = (_organisation(c) for c in ("DE", "FR", "GB", "RU"))
    today = dt.date.today()

    visa = services.do_create_campaign(
        actor=actor, organisation=de, issue="visa", country="DE", is_public=True, starts_on=today - dt.timedelta(days=90),
        ends_on=today + dt.timedelta(days=120),
        title={"az": "Tələbələr üçün viza sadələşdirilməsi", "en": "Visa facilitation for students",
               "de": "Visaerleichterungen für Studierende", "ru": "Упрощение визового режима для студентов",
               "tr": "Öğrenciler için vize kolaylığı", "ar": "تسهيل التأشيرات للطلاب"},
        summary={"az": "Azərbaycanlı tələbələr üçün viza prosedurlarının sadələşdirilməsi.",
                 "en": "Simpler, faster visas for Azerbaijani students at German universities.",
                 "ru": "Более простые и быстрые визы для азербайджанских студентов в Германии."},
        goals=[{"en": "A Bundestag motion co-signed by at least 20 members", "az": "Ən azı 20 deputatın imzaladığı təklif"}],
        asks=[{"en": "Co-sign the motion on student visas", "az": "Tələbə vizaları haqqında təklifi imzalayın"}],
        partner_ids=[o.pk for o in (fr, gb) if o and o != de],
        target_official_ids=[person("Katharina Weißmann").pk, person("Jonas Brückner").pk],
        target_body_ids=[body("de-aa").pk])
    services.do_create_action(
        actor=actor, campaign=visa, kind="letter", body=body("de-bundestag"),
        title={"en": "Write to your member of the Bundestag", "az": "Deputatınıza məktub yazın",
               "de": "Schreiben Sie Ihrem Bundestagsabgeordneten", "ar": "اكتب إلى نائبك في البوندستاغ",
               "ru": "Напишите своему депутату", "tr": "Milletvekilinize yazın"},
        text={"en": "Dear {official},\n\nAs a constituent in {constituency}, I ask you to support simpler student "
                    "visas for young people from Azerbaijan.\n\nYours sincerely,\n{name}",
              "de": "Sehr geehrte/r {official},\n\nals Bürgerin/Bürger aus {constituency} bitte ich Sie, "
                    "Visaerleichterungen für Studierende aus Aserbaidschan zu unterstützen.\n\n"
                    "Mit freundlichen Grüßen\n{name}",
              "az": "Hörmətli {official},\n\n{constituency} dairəsinin sakini kimi sizdən Azərbaycandan olan "
                    "tələbələr üçün viza sadələşdirilməsini dəstəkləməyinizi xahiş edirəm.\n\nHörmətlə,\n{name}",
              "ar": "حضرة {official} المحترم/ة،\n\nبصفتي من سكان دائرة {constituency}، أرجو منكم دعم تسهيل "
                    "التأشيرات للطلاب القادمين من أذربيجان.\n\nمع خالص التقدير،\n{name}"})
    petition = services.do_create_action(
        actor=actor, campaign=visa, kind="petition", goal=5000,
        title={"en": "Open doors for students", "az": "Tələbələr üçün qapıları açın", "ru": "Откройте двери студентам",
               "de": "Türen auf für Studierende", "tr": "Öğrencilere kapıları açın", "ar": "افتحوا الأبواب للطلاب"},
        text={"en": "We ask the German Bundestag to simplify student visas for applicants from Azerbaijan.",
              "az": "Almaniya Bundestaqından Azərbaycandan olan tələbələr üçün viza prosedurunu sadələşdirməyi xahiş edirik.",
              "ar": "نطالب البوندستاغ الألماني بتبسيط تأشيرات الطلاب المتقدمين من أذربيجان."})
    for name, email in (("Leyla Məmmədova", "leyla.m@demo.example"), ("Tural Əliyev", "tural@demo.example"),
                        ("Мария Петрова", "maria@demo.example"), ("Hans Becker", "hans@demo.example")):
        signature, _new = services.do_sign_petition(action=petition, name=name, email=email, country="DE")
        services.do_confirm_signature(token=services.token_for(signature.nonce))

    campaigns = [visa]
    interactions = []
    outcomes = 0
    meeting = services.do_record_interaction(
        actor=actor, organisation=de, kind="meeting", occurred_on=today - dt.timedelta(days=60),
        topic="Student visas: waiting times at the consulate", official_ids=[person("Katharina Weißmann").pk],
        asked="Raise the waiting times in the Foreign Affairs Committee", promised="Will ask the ministry in writing",
        campaign=visa, follow_ups=[("Send the survey of 120 students", today - dt.timedelta(days=45)),
                                   ("Ask for the ministry's answer", today + dt.timedelta(days=14))])
    interactions.append(meeting)
    interactions.append(services.do_record_interaction(
        actor=actor, organisation=de, kind="letter", occurred_on=today - dt.timedelta(days=40),
        topic="Briefing on student mobility", official_ids=[person("Jonas Brückner").pk, person("Ömer Yıldırım").pk],
        campaign=visa, visibility="organisations"))
    interactions.append(services.do_record_interaction(
        actor=actor, organisation=de, kind="hearing", occurred_on=today - dt.timedelta(days=20),
        topic="Hearing of the German–South Caucasus group", body_ids=[body("de-pg-sk").pk],
        official_ids=[person("Ömer Yıldırım").pk], campaign=visa))
    services.do_record_outcome(
        actor=actor, organisation=de, kind="statement", stance="supportive", occurred_on=today - dt.timedelta(days=30),
        title="Written question on student visa waiting times", official=person("Katharina Weißmann"),
        interaction_ids=[meeting.pk], campaign_ids=[visa.pk])
    services.do_record_outcome(
        actor=actor, organisation=de, kind="meeting_granted", stance="supportive",
        occurred_on=today - dt.timedelta(days=25), title="Meeting with the committee rapporteur granted",
        official=person("Jonas Brückner"), campaign_ids=[visa.pk])
    outcomes += 2

    if fr:
        khojaly = services.do_create_campaign(
            actor=actor, organisation=fr, issue="commemoration", country="FR", is_public=True,
            starts_on=today - dt.timedelta(days=200),
            title={"az": "Xocalı soyqırımının anım günü", "en": "A day of remembrance for Khojaly",
                   "fr": "Une journée de mémoire pour Khodjaly", "ru": "День памяти Ходжалы",
                   "tr": "Hocalı için anma günü", "ar": "يوم لإحياء ذكرى خوجالي"},
            asks=[{"en": "Table a resolution recognising 26 February as a day of remembrance"}],
            target_body_ids=[body("fr-an").pk])
        campaigns.append(khojaly)
        hearing = services.do_record_interaction(
            actor=actor, organisation=fr, kind="meeting", occurred_on=today - dt.timedelta(days=150),
            topic="Khodjaly: proposition de résolution", official_ids=[person("Hélène Dufresne").pk],
            asked="Table the resolution", promised="Will consult the friendship group", campaign=khojaly)
        services.do_record_interaction(
            actor=actor, organisation=fr, kind="event", occurred_on=today - dt.timedelta(days=95),
            topic="Commemoration at the Assemblée", official_ids=[person("Nadia Benali").pk, person("Hélène Dufresne").pk],
            campaign=khojaly)
        services.do_record_outcome(
            actor=actor, organisation=fr, kind="resolution", stance="supportive", occurred_on=today - dt.timedelta(days=80),
            title="Resolution tabled by the friendship group", body=body("fr-ga-az"),
            official=person("Hélène Dufresne"), interaction_ids=[hearing.pk], campaign_ids=[khojaly.pk])
        services.do_record_outcome(
            actor=actor, organisation=fr, kind="vote", stance="opposed", occurred_on=today - dt.timedelta(days=70),
            title="Voted against the amendment", official=person("Mathieu Lagarde"), campaign_ids=[khojaly.pk])
        outcomes += 2
    if gb:
        flights = services.do_create_campaign(
            actor=actor, organisation=gb, issue="trade", country="GB", is_public=True,
            starts_on=today - dt.timedelta(days=30),
            title={"az": "Bakı–Mançester birbaşa uçuşları", "en": "Direct flights Baku–Manchester",
                   "ru": "Прямые рейсы Баку–Манчестер", "tr": "Bakü–Manchester direkt uçuşları",
                   "ar": "رحلات مباشرة بين باكو ومانشستر"},
            target_official_ids=[person("Richard Ashworth").pk, person("Eleanor Whitfield").pk])
        campaigns.append(flights)
        services.do_record_interaction(
            actor=actor, organisation=gb, kind="call", occurred_on=today - dt.timedelta(days=10),
            topic="Air service agreement", official_ids=[person("Richard Ashworth").pk], campaign=flights,
            follow_ups=[("Send the business case", today + dt.timedelta(days=7))])
    if ru:
        services.do_record_interaction(
            actor=actor, organisation=ru, kind="meeting", occurred_on=today - dt.timedelta(days=15),
            topic="Поддержка соотечественников: языковые курсы", official_ids=[person("Эльмира Гасанова").pk])
        services.do_record_outcome(
            actor=actor, organisation=ru, kind="statement", stance="neutral", occurred_on=today - dt.timedelta(days=5),
            title="Заявление о языковых курсах", official=person("Эльмира Гасанова"))
        outcomes += 1
    from korpu.advocacy.models import Interaction

    return len(campaigns), Interaction.objects.count(), outcomes
