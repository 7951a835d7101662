"""Demo data: restoration projects in Shusha and other towns, with milestones, evidence, photos
(drawn with Pillow, no downloads), payouts approved by two officers, offers, and gifts to the funds.
Idempotent: a second run adds nothing."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any, TextIO

from django.db import transaction

from korpu.giving.demo import FOUNDATION_OFFICERS  # the same two people as giving's demo

SEED = 2026

PROJECTS: list[dict[str, Any]] = [
    {
        "slug": "yuxari-govhar-aga-mescidi", "kind": "religious", "district": "shusha", "settlement": "shusha",
        "status": "completed", "budget": 180_000_00,
        "title": {"az": "Yuxarı Gövhər ağa məscidinin bərpası", "en": "Restoration of the Upper Govhar Agha Mosque",
                  "ru": "Реставрация мечети Верхняя Гевхар-ага", "tr": "Yukarı Gövher Ağa Camii'nin restorasyonu",
                  "ar": "ترميم مسجد يوخاري غوهر آغا"},
        "summary": {"az": "Şuşanın Cümə məscidi: minarələr, dam və daş hörgü bərpa olunub.",
                    "en": "Shusha's Friday mosque: minarets, roof and stonework restored.",
                    "ru": "Пятничная мечеть Шуши: восстановлены минареты, кровля и каменная кладка.",
                    "tr": "Şuşa'nın Cuma camii: minareler, çatı ve taş işçiliği onarıldı.",
                    "ar": "جامع شوشا: رُمّمت المآذن والسقف والبناء الحجري."},
        "period": {"az": "1768–1769; 1883–1884-cü illərdə yenidən tikilib", "en": "1768–1769; rebuilt 1883–1884",
                   "ru": "1768–1769; перестроена в 1883–1884", "tr": "1768–1769; 1883–1884'te yeniden yapıldı",
                   "ar": "١٧٦٨–١٧٦٩؛ أعيد بناؤه ١٨٨٣–١٨٨٤"},
        "builder": {"az": "Kərbəlayi Səfixan Qarabaği", "en": "Karbalayi Safikhan Karabakhi",
                    "ru": "Кербалаи Сефи-хан Карабахи", "tr": "Kerbelayi Sefihan Karabaği", "ar": "كربلائي صفي خان قره باغي"},
        "damage": {"az": "Minarələr zədələnib, dam uçub, içəridə divar yazıları", "en": "Minarets damaged, roof fallen in, walls defaced",
                   "ru": "Повреждены минареты, обрушена кровля, стены осквернены", "tr": "Minareler hasarlı, çatı çökmüş, duvarlar tahrip edilmiş",
                   "ar": "تضرّرت المآذن وانهار السقف وشُوّهت الجدران"},
        "milestones": [("Dam və günbəz", "Roof and dome", 70_000_00), ("Minarələr", "Minarets", 60_000_00),
                       ("Daxili bərpa", "Interior", 50_000_00)],
    },
    {
        "slug": "natevanin-evi", "kind": "monument", "district": "shusha", "settlement": "shusha",
        "status": "fundraising", "budget": 240_000_00,
        "title": {"az": "Xan qızı Natəvanın evinin bərpası", "en": "Restoration of Khurshidbanu Natavan's house",
                  "ru": "Реставрация дома Хуршидбану Натаван", "tr": "Hurşidbanu Natevan'ın evinin restorasyonu",
                  "ar": "ترميم بيت خورشيد بانو ناتوان"},
        "summary": {"az": "Şairə Natəvanın Şuşadakı evi-muzeyi.", "en": "The poet Natavan's house in Shusha.",
                    "ru": "Дом поэтессы Натаван в Шуше.", "tr": "Şair Natevan'ın Şuşa'daki evi.", "ar": "بيت الشاعرة ناتوان في شوشا."},
        "period": {"az": "XVIII–XIX əsr", "en": "18th–19th century", "ru": "XVIII–XIX век", "tr": "18.–19. yüzyıl", "ar": "القرنان ١٨–١٩"},
        "builder": {}, "damage": {"az": "Fasad və daxili hissələr dağıdılıb", "en": "Façade and interior destroyed",
                                  "ru": "Фасад и интерьеры разрушены", "tr": "Cephe ve iç mekân tahrip edilmiş", "ar": "دُمّرت الواجهة والداخل"},
        "milestones": [("Konservasiya", "Conservation survey", 20_000_00), ("Fasad", "Façade", 120_000_00)],
    },
    {
        "slug": "agdam-cume-mescidi", "kind": "religious", "district": "aghdam", "settlement": "aghdam",
        "status": "in_progress", "budget": 300_000_00,
        "title": {"az": "Ağdam Cümə məscidinin bərpası", "en": "Restoration of the Aghdam Juma Mosque",
                  "ru": "Реставрация Джума-мечети Агдама", "tr": "Ağdam Cuma Camii'nin restorasyonu", "ar": "ترميم جامع أغدام"},
        "summary": {"az": "Ağdamın sağ qalan yeganə böyük tikilisi.", "en": "The only large building of Aghdam left standing.",
                    "ru": "Единственное уцелевшее крупное здание Агдама.", "tr": "Ağdam'da ayakta kalan tek büyük yapı.",
                    "ar": "المبنى الكبير الوحيد الباقي في أغدام."},
        "period": {"az": "1868–1870", "en": "1868–1870", "ru": "1868–1870", "tr": "1868–1870", "ar": "١٨٦٨–١٨٧٠"},
        "builder": {"az": "Kərbəlayi Səfixan Qarabaği", "en": "Karbalayi Safikhan Karabakhi", "ru": "Кербалаи Сефи-хан Карабахи",
                    "tr": "Kerbelayi Sefihan Karabaği", "ar": "كربلائي صفي خان قره باغي"},
        "damage": {"az": "Minarələr güllə izləri ilə, daxili tövlə kimi istifadə olunub", "en": "Minarets shot through; interior used as a cowshed",
                   "ru": "Минареты изрешечены пулями; внутри был хлев", "tr": "Minareler kurşun izli; iç mekân ahır olarak kullanılmış",
                   "ar": "المآذن مثقوبة بالرصاص واستُخدم الداخل حظيرة"},
        "milestones": [("Təmizlik", "Clearing", 30_000_00), ("Minarələr", "Minarets", 120_000_00)],
    },
    {
        "slug": "fuzuli-mekteb-1", "kind": "school", "district": "fuzuli", "settlement": "fuzuli",
        "status": "approved", "budget": 1_200_000_00,
        "title": {"az": "Füzuli şəhər 1 nömrəli məktəb", "en": "Fuzuli town school No. 1", "ru": "Школа № 1 города Физули",
                  "tr": "Füzuli 1 No'lu okul", "ar": "المدرسة رقم ١ في مدينة فضولي"},
        "summary": {"az": "960 şagird üçün yeni məktəb binası.", "en": "A new school building for 960 pupils.",
                    "ru": "Новое здание школы на 960 учеников.", "tr": "960 öğrenci için yeni okul binası.", "ar": "مبنى مدرسي جديد لـ٩٦٠ تلميذاً."},
        "period": {}, "builder": {}, "damage": {}, "milestones": [],
    },
    {
        "slug": "zengilan-xestexanasi", "kind": "hospital", "district": "zangilan", "settlement": "zangilan",
        "status": "fundraising", "budget": 800_000_00,
        "title": {"az": "Zəngilan rayon xəstəxanası", "en": "Zangilan district hospital", "ru": "Районная больница Зангилана",
                  "tr": "Zengilan ilçe hastanesi", "ar": "مستشفى منطقة زنكيلان"},
        "summary": {"az": "Avadanlıq və tibbi ləvazimat.", "en": "Equipment and medical supplies.", "ru": "Оборудование и медикаменты.",
                    "tr": "Ekipman ve tıbbi malzeme.", "ar": "معدات ولوازم طبية."},
        "period": {}, "builder": {}, "damage": {}, "milestones": [("Avadanlıq", "Equipment", 500_000_00)],
    },
]


def photo_bytes(*, restored: bool, seed: int) -> bytes:
    """A simple drawing of a domed building: ruined (grey, broken) or restored (warm stone, sky)."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    w, h = 480, 320
    image = Image.new("RGB", (w, h), (150, 190, 230) if restored else (170, 170, 165))
    d = ImageDraw.Draw(image)
    d.rectangle([0, 250, w, h], fill=(120, 150, 90) if restored else (110, 100, 90))
    stone = (222, 196, 150) if restored else (140, 130, 120)
    d.rectangle([120, 140, 360, 260], fill=stone)
    d.pieslice([170, 70, 310, 210], 180, 360, fill=stone)
    for x in (90, 370):
        d.rectangle([x, 60 if restored else 120 + rng.randint(0, 40), x + 20, 260], fill=stone)
    d.rectangle([220, 200, 260, 260], fill=(90, 60, 40))
    if not restored:
        for _ in range(40):
            x, y = rng.randint(110, 370), rng.randint(120, 260)
            d.ellipse([x, y, x + 6, y + 6], fill=(60, 60, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _officers():
    from korpu.accounts.services import do_assign_role
    from korpu.core.demo import demo_email, ensure_user

    users = []
    for kind, name, language in FOUNDATION_OFFICERS:
        user = ensure_user(demo_email(kind), name, language)
        # the giving demo has usually made them already
        if not user.role_assignments.filter(role__code="foundation_officer").exists():
            do_assign_role(actor="system", user=user, role_code="foundation_officer")
        users.append(user)
    return users


def load(*, out: TextIO) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from korpu.accounts.models import User
    from korpu.network.models import Organisation, Person
    from korpu.revival import ledger, services
    from korpu.revival.models import Project

    if Project.objects.filter(slug=PROJECTS[0]["slug"]).exists():
        print("  revival: already loaded", file=out)
        return
    rng = random.Random(SEED)
    officer, officer_2 = _officers()
    foundation_org = Organisation.objects.filter(kind="committee").first()
    people = list(Person.objects.filter(user__isnull=True, erased_at__isnull=True).order_by("created_at", "id")[:120])
    members = list(User.objects.order_by("email")[:8])
    made = gifts = payouts = offers = 0
    with transaction.atomic():
        for n, spec in enumerate(PROJECTS):
            project = services.do_create_project(
                actor=officer, title=spec["title"], kind=spec["kind"], district=spec["district"],
                settlement=spec["settlement"], budget_minor=spec["budget"], summary=spec["summary"],
                heritage_period=spec["period"], heritage_builder=spec["builder"], heritage_damage=spec["damage"],
                slug=spec["slug"])
            made += 1
            services.do_add_partner(actor=officer, project=project, role="foundation", organisation=foundation_org,
                                    name="" if foundation_org else "Qarabağ Dirçəliş Fondu")
            services.do_add_partner(actor=officer, project=project, role="ministry",
                                    name="İqtisadiyyat Nazirliyi", contact_email="investment@economy.example.az")
            services.do_add_partner(actor=officer, project=project, role="contractor",
                                    name=rng.choice(["Qarabağ Bərpa MMC", "Şuşa Tikinti ASC", "Araz İnşaat"]))
            for step in {"approved": ["approved"], "fundraising": ["approved", "fundraising"],
                         "in_progress": ["approved", "fundraising", "in_progress"],
                         "completed": ["approved", "fundraising", "in_progress"]}[spec["status"]]:
                project = services.do_change_project_status(actor=officer, project=project, status=step)
            if spec["kind"] in ("religious", "monument"):
                services.do_add_photo(actor=officer, project=project, kind="before",
                                      upload=SimpleUploadedFile("before.jpg", photo_bytes(restored=False, seed=n)))
            # gifts from registry people (the giving app books them)
            if project.fund_ref and spec["status"] != "approved":
                gifts += _gifts(project, people, rng, share=0.85 if spec["status"] == "completed" else 0.35)
            done = spec["status"] == "completed"
            for i, (az, en, amount) in enumerate(spec["milestones"]):
                m = services.do_add_milestone(actor=officer, project=project, title={"az": az, "en": en},
                                              amount_minor=amount, due_on=dt.date(2025, 3 + 3 * i, 1))
                if done or (spec["status"] == "in_progress" and i == 0):
                    services.do_add_evidence(actor=officer, milestone=m, kind="inspection",
                                             note=f"{en}: inspected and accepted by the foundation's engineer.")
                    services.do_add_evidence(actor=officer, milestone=m, kind="photo",
                                             upload=SimpleUploadedFile("e.jpg", photo_bytes(restored=True, seed=n * 10 + i)))
                    services.do_change_milestone_status(actor=officer, milestone=m, status="done")
                    if ledger.available() and project.fund_ref:
                        figures = ledger.fund_figures(project)
                        amount_paid = min(amount, figures.balance_minor)
                        if amount_paid > 0:
                            contractor = project.partners.filter(role="contractor").first()
                            assert contractor is not None  # added above
                            p = services.do_request_payout(actor=officer, milestone=m, amount_minor=amount_paid,
                                                           payee=contractor.name,
                                                           purpose=en, idempotency_key=f"demo-payout-{spec['slug']}-{i}")
                            services.do_approve_payout(actor=officer, payout=p)
                            services.do_approve_payout(actor=officer_2, payout=p)
                            payouts += 1
            if done:
                services.do_add_photo(actor=officer, project=project, kind="after",
                                      upload=SimpleUploadedFile("after.jpg", photo_bytes(restored=True, seed=n)))
                services.do_change_project_status(actor=officer, project=project, status="completed")
            elif spec["status"] in ("fundraising", "in_progress"):
                offers += _offers(project, members, rng)
    print(f"  revival: {made} projects, {gifts} gifts, {payouts} payouts, {offers} offers", file=out)


def _gifts(project, people, rng, *, share: float) -> int:
    """Gifts from registry people, each with the name form they chose, booked in one batch."""
    from korpu.giving import services as giving

    intents = []
    for i, person in enumerate(people):
        if rng.random() > share:
            continue
        display = rng.choice(["as_written", "as_written", "as_written", "other_form", "initials", "anonymous"])
        donor = giving.do_save_donor(actor="system", person=person, country=person.country or "AZ", display=display,
                                     display_form=person.name if display == "other_form" else "")
        intents.append(giving.GiftIntent(
            key=f"demo-revival-{project.slug}-{i}", fund_id=project.fund_ref, currency=project.currency,
            amount_minor=rng.choice([5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000]),
            channel=rng.choice(["card", "bank"]), donor_id=donor.pk, country=person.country or "AZ"))
    giving.do_record_gifts(actor="system", intents=intents)
    return len(intents)


def _offers(project, members, rng) -> int:
    from korpu.revival import services

    choices: list[tuple[str, dict[str, Any]]] = [
        ("volunteering", {"skills": "Daş ustası / stone mason", "date_from": "2026-06-01", "date_to": "2026-06-30"}),
        ("expertise", {"field": "Architectural conservation", "summary": "Lime mortars, historic masonry"}),
        ("in_kind", {"goods": "Əhəng daşı / limestone", "quantity": "20 t"}),
        ("investment", {"company": "Baku Stone GmbH", "sector": "Construction materials", "amount_from": 200000,
                        "amount_to": 1000000, "currency": "EUR"}),
        ("money", {"amount_minor": 50000, "currency": "AZN"}),
    ]
    count = 0
    for i, user in enumerate(members):
        kind, details = choices[(i + len(project.slug)) % len(choices)]
        services.do_make_offer(actor=user, project=project, kind=kind, country=rng.choice(["DE", "TR", "RU", "GB", "FR", "US"]),
                               details=details, consent_to_share=kind == "investment",
                               message="Kömək etmək istəyirəm." if i % 2 else "I'd like to help.")
        count += 1
    return count
