"""Demo data for media: outlets, journalists, a log of interactions, a press release, topic rules,
a saved search, and a copy of part of the labelled article set (korpu/media/demo_data/) ingested
with stories. Idempotent: a second run adds nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

DATA = Path(__file__).resolve().parent / "demo_data"
# The day each file was fetched (datelines without a year take the most recent such date).
SEEN = {"s1_": dt.date(2022, 4, 24), "s2_": dt.date(2024, 5, 11)}

OUTLETS = [
    # name, country, language, kind, website
    ("Caspian Wire", "GB", "en", "agency", "https://caspianwire.example/"),
    ("AZƏRTAC", "AZ", "az", "agency", "https://azertag.az/"),
    ("Trend", "AZ", "en", "agency", "https://trend.az/"),
    ("Anadolu Ajansı", "TR", "tr", "agency", "https://aa.com.tr/"),
    ("ТАСС", "RU", "ru", "agency", "https://tass.ru/"),
    ("Deutsche Welle", "DE", "de", "online", "https://dw.com/"),
    ("Al Khaleej Daily", "AE", "ar", "newspaper", ""),
    ("Radio Bosphorus", "TR", "tr", "radio", ""),
]

CONTACTS = [
    # name, outlets, beats, languages, e-mail (with consent) or "" (no consent)
    ("Jane Whitfield", ["Caspian Wire"], ["Caucasus", "energy"], ["en"], "j.whitfield@caspianwire.example"),
    ("Mehmet Kaya", ["Anadolu Ajansı"], ["diaspora", "culture"], ["tr", "en"], "m.kaya@example.com.tr"),
    ("Ольга Смирнова", ["ТАСС"], ["Кавказ"], ["ru"], "o.smirnova@example.ru"),
    ("Katrin Vogel", ["Deutsche Welle"], ["Osteuropa"], ["de", "en"], ""),
    ("سارة المنصوري", ["Al Khaleej Daily"], ["ثقافة"], ["ar", "en"], "sara@example.ae"),
]

TOPICS = [
    ("heritage", "*", "re:\\b(restor|rebuil)\\w*"),
    ("heritage", "en", "mosque\nmonument\nheritage"),
    ("heritage", "az", "bərpa\nməscid\nabidə"),
    ("heritage", "ru", "реставрац\nмечет\nпамятник"),
    ("heritage", "ar", "ترميم\nمسجد"),
    ("diaspora", "*", "diaspor\nдиаспор\nالشتات\nالمغتربين"),
    ("energy", "*", "Brent\nenergy\nenerji\nэнерг\nEnergie"),
]


def load(*, out: TextIO) -> None:
    from korpu.accounts.services import do_assign_role
    from korpu.core.demo import demo_email, ensure_user
    from korpu.media import services
    from korpu.media.models import (
        MediaContact,
        Outlet,
        PressRelease,
        SavedSearch,
        Source,
        TopicRule,
    )
    from korpu.media.pipeline import ingest_file

    officer = ensure_user(demo_email("press"), "Nigar Səfərova", "az")
    if not officer.role_assignments.filter(role__code="media_officer").exists():
        do_assign_role(actor="system", user=officer, role_code="media_officer")

    outlets = {o.name: o for o in Outlet.objects.all()}
    for name, country, language, kind, website in OUTLETS:
        if name not in outlets:
            outlets[name] = services.do_create_outlet(actor="system", name=name, country=country, language=language,
                                                      kind=kind, website=website)
    if not Source.objects.exists():
        services.do_create_source(actor="system", url="https://caspianwire.example/en/rss.xml",
                                  outlet=outlets["Caspian Wire"])
        services.do_create_source(actor="system", url="https://www.dw.com/de/themen/s-9077", kind="page",
                                  outlet=outlets["Deutsche Welle"])

    if not MediaContact.objects.exists():
        for name, outlet_names, beats, languages, email in CONTACTS:
            contact = services.do_create_contact(
                actor="system", name=name, outlets=[outlets[n] for n in outlet_names], beats=beats,
                languages=languages, email=email, consent=bool(email),
                consent_note="agreed at the Baku media forum" if email else "")
            services.do_record_interaction(actor="system", contact=contact, kind="pitch",
                                           happened_on=dt.date(2024, 5, 2), result="accepted" if email else "no_answer",
                                           summary="Pitched the Aghdam mosque reopening.")
    if not TopicRule.objects.exists():
        for topic, language, patterns in TOPICS:
            services.do_save_topic_rule(actor="system", topic=topic, language=language, patterns=patterns)

    files = sorted(DATA.iterdir())
    items = []
    for path in files:
        seen = next((d for prefix, d in SEEN.items() if path.name.startswith(prefix)), dt.date(2024, 5, 14))
        items.extend(ingest_file(path, seen=seen))
    results = services.do_ingest_items(actor="system", items=items, alerts=False)
    created = sum(1 for r in results if r[2])

    if not PressRelease.objects.exists():
        release = services.do_create_press_release(
            actor="system",
            title={"en": "Juma Mosque in Aghdam restored", "az": "Ağdam Cümə məscidinin bərpası başa çatıb",
                   "ru": "В Агдаме завершена реставрация мечети Джума", "tr": "Ağdam Cuma Camii restore edildi",
                   "ar": "اكتمال ترميم مسجد الجمعة في أغدام"},
            body={"en": "Restoration of the historic Juma Mosque in Aghdam has been completed.",
                  "az": "Ağdamdakı tarixi Cümə məscidinin bərpası başa çatıb.",
                  "ru": "Завершена реставрация исторической мечети Джума в Агдаме.",
                  "tr": "Ağdam'daki tarihi Cuma Camii'nin restorasyonu tamamlandı.",
                  "ar": "اكتملت أعمال الترميم في مسجد الجمعة التاريخي بمدينة أغدام."})
        services.do_send_press_release(actor="system", release=release,
                                       contacts=MediaContact.objects.filter(consent=True))
    if not SavedSearch.objects.filter(owner=officer).exists():
        services.do_save_search(actor=officer, name="Aghdam", query="Aghdam", frequency="digest")
        services.do_save_search(actor=officer, name="Heritage (any language)", query="restoration of monuments",
                                mode="meaning", frequency="none")
    print(f"  media: {len(outlets)} outlets, {MediaContact.objects.count()} journalists, "
          f"{created} new articles ingested (press officer: {demo_email('press')})", file=out)
