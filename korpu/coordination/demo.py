"""Demo coordination: past and upcoming events across the demo organisations, the Congress of
World Azerbaijanis with delegates from 40 countries, a joint commemoration campaign with tasks,
and announcements with some read receipts. Idempotent: a second run adds nothing."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import TextIO

from django.db import transaction
from django.utils import timezone

DEMO_CONGRESS_ID = uuid.UUID("00000000-0000-4000-8000-0000000c0001")
SEED = 20261129

EVENT_TITLES = [
    ("commemoration", {"az": "Xocalı soyqırımının anım günü", "en": "Khojaly genocide remembrance day",
                       "ru": "День памяти жертв Ходжалинского геноцида", "tr": "Hocalı soykırımı anma günü",
                       "ar": "يوم ذكرى إبادة خوجالي"}),
    ("cultural", {"az": "Novruz bayramı şənliyi", "en": "Novruz celebration", "ru": "Праздник Новруз",
                  "tr": "Nevruz bayramı kutlaması", "ar": "احتفال عيد نوروز"}),
    ("cultural", {"az": "Muğam axşamı", "en": "An evening of mugham", "ru": "Вечер мугама", "tr": "Mugam akşamı",
                  "ar": "أمسية المقام"}),
    ("youth", {"az": "Gənclər forumu: diaspor və vətən", "en": "Youth forum: diaspora and homeland",
               "ru": "Молодёжный форум: диаспора и родина", "tr": "Gençlik forumu: diaspora ve vatan",
               "ar": "منتدى الشباب: المهجر والوطن"}),
    ("forum", {"az": "Azərbaycan diasporunun regional forumu", "en": "Regional forum of the Azerbaijani diaspora",
               "ru": "Региональный форум азербайджанской диаспоры", "tr": "Azerbaycan diasporasının bölgesel forumu",
               "ar": "المنتدى الإقليمي للجالية الأذربيجانية"}),
    ("fundraising", {"az": "Qarabağ üçün xeyriyyə axşamı", "en": "Charity evening for Karabakh",
                     "ru": "Благотворительный вечер для Карабаха", "tr": "Karabağ için hayır gecesi",
                     "ar": "أمسية خيرية من أجل قره باغ"}),
    ("lobbying_visit", {"az": "Parlament üzvləri ilə görüş", "en": "Meeting with members of parliament",
                        "ru": "Встреча с депутатами парламента", "tr": "Milletvekilleriyle görüşme",
                        "ar": "لقاء مع أعضاء البرلمان"}),
    ("other", {"az": "Ümumi yığıncaq", "en": "General assembly", "ru": "Общее собрание", "tr": "Genel kurul",
               "ar": "الجمعية العامة"}),
]
ZONES = {"DE": "Europe/Berlin", "FR": "Europe/Paris", "GB": "Europe/London", "RU": "Europe/Moscow", "TR": "Europe/Istanbul",
         "US": "America/New_York", "CA": "America/Toronto", "UA": "Europe/Kyiv", "KZ": "Asia/Almaty", "GE": "Asia/Tbilisi",
         "IR": "Asia/Tehran", "AE": "Asia/Dubai", "AU": "Australia/Sydney", "NL": "Europe/Amsterdam", "SE": "Europe/Stockholm"}


def load(*, out: TextIO) -> None:
    from korpu.coordination.models import Event
    from korpu.network.models import Organisation

    if Event.objects.filter(pk=DEMO_CONGRESS_ID).exists():
        print("  coordination: already loaded", file=out)
        return
    organisations = list(Organisation.objects.filter(status="verified").order_by("country", "name"))
    if not organisations:
        print("  coordination: no organisations (load the network demo first)", file=out)
        return
    rng = random.Random(SEED)
    with transaction.atomic():
        events = _events(organisations, rng)
        delegates = _congress(organisations, rng)
        tasks = _campaign(organisations, rng)
        announcements = _announcements(organisations, rng)
    print(f"  coordination: {events} events, a congress with {delegates} delegates, {tasks} campaign tasks, "
          f"{announcements} announcements", file=out)


def _events(organisations: list, rng: random.Random) -> int:
    from korpu.accounts.models import User
    from korpu.coordination.services import do_create_event, do_register
    from korpu.core.demo import demo_email

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    member = User.objects.filter(email=demo_email("member")).first()
    demo_org = organisations[0]
    from korpu.network.demo import DEMO_ORG_ID

    demo_org = next((o for o in organisations if o.pk == DEMO_ORG_ID), demo_org)
    attendees = _attendees(organisations, rng)
    created = 0
    for index in range(120):
        organiser = demo_org if index % 6 == 0 else rng.choice(organisations)
        co = [rng.choice(organisations)] if rng.random() < 0.2 else []
        kind, title = rng.choice(EVENT_TITLES)
        title = dict(title)
        title = {k: (f"{v} — {organiser.city}" if organiser.city else v) for k, v in title.items()}
        start = now + dt.timedelta(days=rng.randint(-200, 180), hours=rng.randint(-6, 6))
        start = start.replace(hour=rng.choice([11, 15, 18, 19]))
        zone = ZONES.get(organiser.country, "UTC")
        online = rng.random() < 0.15
        event = do_create_event(
            actor="system", organisers=list(dict.fromkeys([organiser, *co])), kind=kind, title=title,
            description={"az": "<p>Hamını dəvət edirik.</p>", "en": "<p>Everyone is welcome.</p>",
                         "ru": "<p>Приглашаем всех.</p>"},
            starts_at=start, ends_at=start + dt.timedelta(hours=rng.choice([2, 3, 4])), timezone=zone,
            venue="" if online else rng.choice(["Kulturhaus", "Community hall", "Town hall", "Cultural centre"]),
            online_url="https://meet.example.org/korpu-demo" if online else "", city=organiser.city,
            capacity=rng.choice([None, 40, 80, 150]),
            visibility=rng.choices(["public", "members", "invited"], [75, 20, 5])[0],
            questions=[{"id": "diet", "label": {"en": "Dietary needs", "az": "Qidalanma tələbləri"}, "required": False}]
            if kind in ("cultural", "fundraising") else [])
        created += 1
        if event.ends_at < now:
            _past_attendance(event, attendees, rng)
        elif organiser == demo_org and member is not None and event.visibility != "invited":
            do_register(actor=member, event=event, answers={"diet": "halal"})
    return created


def _attendees(organisations: list, rng: random.Random) -> list:
    """Forty demo attendees, members of organisations in many countries (no password: they never sign in)."""
    from allauth.account.models import EmailAddress

    from korpu.accounts.models import RoleAssignment, User
    from korpu.accounts.services import do_assign_role
    from korpu.core.demo import DEMO_DOMAIN

    people = []
    for index, org in enumerate(rng.sample(organisations, min(40, len(organisations)))):
        email = f"attendee{index + 1}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, display_name=f"Attendee {index + 1}", language=rng.choice(["az", "ru", "tr", "en"]))
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if not RoleAssignment.objects.filter(user=user, organisation_id=org.pk).exists():
            do_assign_role(actor="system", user=user, role_code="member", organisation_id=org.pk)
        people.append((user, org))
    return people


def _past_attendance(event, attendees: list, rng: random.Random) -> None:
    """Registrations and check-ins of a past event (written directly: registration is closed now)."""
    from korpu.coordination.models import Registration

    rows = []
    for user, org in rng.sample(attendees, rng.randint(5, min(25, len(attendees)))):
        checked = rng.random() < 0.75
        rows.append(Registration(event=event, user=user, organisation=org, status="confirmed", language=user.language,
                                 checked_in_at=event.starts_at + dt.timedelta(minutes=rng.randint(0, 40)) if checked else None,
                                 created_at=event.starts_at - dt.timedelta(days=rng.randint(1, 20))))
    Registration.objects.bulk_create(rows)


def _congress(organisations: list, rng: random.Random) -> int:
    from korpu.coordination.models import Event
    from korpu.coordination.services import (
        do_add_document,
        do_add_session,
        do_nominate_delegate,
        do_set_quota,
    )
    from korpu.network.models import Membership

    start = (timezone.now() + dt.timedelta(days=75)).replace(hour=6, minute=0, second=0, microsecond=0)
    councils = [o for o in organisations if o.kind == "coordination_council"] or organisations[:5]
    from korpu.coordination.services import check_event

    clean = check_event({
        "kind": "congress", "visibility": "public", "timezone": "Asia/Baku", "venue": "Heydar Aliyev Center",
        "city": "Bakı", "country": "AZ", "starts_at": start, "ends_at": start + dt.timedelta(days=2, hours=10),
        "capacity": 600,
        "title": {"az": "Dünya Azərbaycanlılarının VI Qurultayı", "en": "Sixth Congress of World Azerbaijanis",
                  "ru": "VI Съезд азербайджанцев мира", "tr": "Dünya Azerbaycanlılarının VI. Kurultayı",
                  "ar": "المؤتمر السادس لأذربيجانيي العالم"},
        "description": {"az": "<p>Dünyanın hər yerindən diaspor təşkilatlarının nümayəndələri Bakıda toplaşır.</p>",
                        "en": "<p>Delegates of diaspora organisations from all over the world meet in Baku.</p>",
                        "ru": "<p>Делегаты диаспорских организаций со всего мира собираются в Баку.</p>"},
    })
    from korpu.coordination import ical

    event = Event.objects.create(id=DEMO_CONGRESS_ID, **clean)
    event.organisers.set(councils[:3])
    event.save(update_fields=event.set_ics(ical.vevent_texts(event)))
    sessions = [
        ("session", {"az": "Açılış plenar iclası", "en": "Opening plenary", "ru": "Открытие, пленарное заседание"}, 0),
        ("panel", {"az": "Diaspor və media", "en": "Diaspora and the media", "ru": "Диаспора и СМИ"}, 5),
        ("panel", {"az": "Qarabağın bərpasında diasporun rolu", "en": "The diaspora in rebuilding Karabakh",
                   "ru": "Роль диаспоры в восстановлении Карабаха"}, 8),
        ("panel", {"az": "Gənclər və dil", "en": "Youth and language", "ru": "Молодёжь и язык"}, 24),
        ("session", {"az": "Yekun plenar iclası və qətnamə", "en": "Closing plenary and resolution",
                     "ru": "Заключительное пленарное заседание и резолюция"}, 32),
    ]
    for kind, title, offset in sessions:
        do_add_session(actor="system", event=event, kind=kind, title=title,
                       starts_at=start + dt.timedelta(hours=offset), ends_at=start + dt.timedelta(hours=offset + 2),
                       room=rng.choice(["Hall A", "Hall B", "Conference room 3"]))
    do_add_document(actor="system", event=event, adopted_on=(start + dt.timedelta(days=2)).date(),
                    title={"az": "Qurultayın Bəyannaməsi", "en": "Declaration of the Congress", "ru": "Декларация съезда"},
                    text={"en": "<p>The Congress calls for stronger coordination between diaspora organisations.</p>"})
    by_country: dict[str, list] = {}
    for org in organisations:
        by_country.setdefault(org.country, []).append(org)
    countries = sorted(by_country)[:40]
    for code in countries:
        do_set_quota(actor="system", event=event, country=code, seats=12)
    memberships = (Membership.objects.filter(organisation__country__in=countries, organisation__status="verified")
                   .select_related("person", "organisation").order_by("organisation__country", "person__name"))
    seen, per_country, count = set(), {c: 0 for c in countries}, 0
    for membership in memberships:
        code = membership.organisation.country
        if per_country[code] >= 10 or membership.person_id in seen:
            continue
        do_nominate_delegate(actor="system", event=event, person=membership.person, organisation=membership.organisation)
        seen.add(membership.person_id)
        per_country[code] += 1
        count += 1
    return count


def _campaign(organisations: list, rng: random.Random) -> int:
    from korpu.coordination.services import (
        do_create_campaign,
        do_create_task,
        do_join_campaign,
        do_set_task_status,
    )
    from korpu.network.demo import DEMO_ORG_ID

    lead = next((o for o in organisations if o.pk == DEMO_ORG_ID), organisations[0])
    today = timezone.localdate()
    campaign = do_create_campaign(
        actor="system", lead_organisation=lead, starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=20),
        title={"az": "Xocalıya ədalət: anım həftəsi", "en": "Justice for Khojaly: remembrance week",
               "ru": "Справедливость для Ходжалы: неделя памяти", "tr": "Hocalı'ya adalet: anma haftası",
               "ar": "العدالة لخوجالي: أسبوع الذكرى"},
        description={"en": "<p>Vigils, exhibitions and letters to parliaments in many cities during one week.</p>",
                     "az": "<p>Bir həftə ərzində bir çox şəhərdə anım mərasimləri, sərgilər və parlamentlərə məktublar.</p>"})
    participants = rng.sample(organisations, min(30, len(organisations)))
    for org in participants:
        if org != lead:
            do_join_campaign(actor="system", campaign=campaign, organisation=org)
    chores = ["Book a hall for the vigil", "Print the exhibition panels", "Write to the local MPs",
              "Invite the press", "Translate the leaflet", "Collect photos for the report"]
    count = 0
    for org in [lead, *participants[:20]]:
        for chore in rng.sample(chores, 2):
            task = do_create_task(actor="system", title=chore, description="", assignee_organisation=org, campaign=campaign,
                                  due=today + dt.timedelta(days=rng.randint(-8, 15)))
            status = rng.choices(["todo", "doing", "done", "blocked"], [40, 30, 20, 10])[0]
            if status != "todo":
                do_set_task_status(actor="system", task=task, status=status)
            count += 1
    return count


def _announcements(organisations: list, rng: random.Random) -> int:
    from korpu.coordination.models import AnnouncementRecipient
    from korpu.coordination.services import do_send_announcement

    items = [
        ({"az": "Qurultaya nümayəndələrin irəli sürülməsi başladı", "en": "Nominations of congress delegates are open",
          "ru": "Открыто выдвижение делегатов съезда", "tr": "Kurultay delegelerinin aday gösterilmesi başladı",
          "ar": "بدأ ترشيح مندوبي المؤتمر"},
         {"az": "<p>Hər ölkə üçün kvota 12 nəfərdir.</p>", "en": "<p>Each country has a quota of 12 delegates.</p>",
          "ru": "<p>Квота — 12 делегатов от страны.</p>", "tr": "<p>Her ülkenin kotası 12 delegedir.</p>",
          "ar": "<p>حصة كل دولة 12 مندوبًا.</p>"}, [], []),
        ({"az": "Xocalı anım həftəsinə qoşulun", "en": "Join the Khojaly remembrance week",
          "ru": "Присоединяйтесь к неделе памяти Ходжалы"},
         {"az": "<p>Kampaniya səhifəsində tapşırıqları görün.</p>", "en": "<p>See the tasks on the campaign page.</p>",
          "ru": "<p>Задачи — на странице кампании.</p>"}, [], ["community", "cultural_centre", "youth"]),
        ({"ru": "Встреча организаций СНГ", "en": "Meeting of organisations in the CIS", "az": "MDB təşkilatlarının görüşü"},
         {"ru": "<p>Онлайн-встреча в следующий четверг.</p>", "en": "<p>An online meeting next Thursday.</p>",
          "az": "<p>Gələn cümə axşamı onlayn görüş.</p>"}, ["RU", "UA", "KZ", "BY"], []),
    ]
    for title, body, countries, kinds in items:
        announcement = do_send_announcement(actor="system", title=title, body=body, countries=countries, kinds=kinds)
        recipients = list(AnnouncementRecipient.objects.filter(announcement=announcement).values_list("pk", flat=True))
        read = rng.sample(recipients, len(recipients) // 2)
        AnnouncementRecipient.objects.filter(pk__in=read).update(read_at=timezone.now())
    return len(items)
