"""Builders shared by the revival and plaques tests (plain functions; fixtures live in conftest)."""

from __future__ import annotations

import io

from PIL import Image

from tests.conftest import MFA_SECRET, make_user


def foundation_officer(email: str = "foundation@example.org"):
    """A foundation officer (platform role, with TOTP): manages projects, approves payouts and proofs."""
    return make_user(email, role="foundation_officer", mfa_secret=MFA_SECRET)


def jpeg_with_gps(size=(64, 48), colour=(180, 120, 60)) -> bytes:
    """A JPEG whose EXIF holds GPS coordinates and a camera owner's name."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"          # Make
    exif[0xA430] = "Leyla Hüseynova"     # CameraOwnerName
    gps = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def upload(data: bytes, name: str = "photo.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def project(actor, *, status: str = "fundraising", slug: str = "", title=None, kind="monument",
            district="shusha", settlement="shusha", budget_minor=5_000_000):
    """A project moved along to `status`."""
    from korpu.revival import services
    from korpu.revival.models import ProjectStatus

    p = services.do_create_project(
        actor=actor, title=title or {"az": "Yuxarı Gövhər ağa məscidi", "en": "Upper Govhar Agha Mosque",
                                     "ru": "Мечеть Верхняя Гевхар-ага", "tr": "Yukarı Gövher Ağa Camii",
                                     "ar": "مسجد يوخاري غوهر آغا"},
        kind=kind, district=district, settlement=settlement, budget_minor=budget_minor, slug=slug,
        heritage_period={"en": "1768–1769", "az": "1768–1769"},
        heritage_builder={"en": "Karbalayi Safikhan Karabakhi", "az": "Kərbəlayi Səfixan Qarabaği"},
        heritage_damage={"en": "Minarets and roof damaged", "az": "Minarələr və dam zədələnib"})
    path = {
        ProjectStatus.PROPOSED: [],
        ProjectStatus.APPROVED: ["approved"],
        ProjectStatus.FUNDRAISING: ["approved", "fundraising"],
        ProjectStatus.IN_PROGRESS: ["approved", "fundraising", "in_progress"],
    }[status]
    for step in path:
        p = services.do_change_project_status(actor=actor, project=p, status=step)
    return p


def milestone_with_evidence(actor, project, *, amount_minor=1_000_000, title=None):
    from korpu.revival import services

    m = services.do_add_milestone(actor=actor, project=project, title=title or {"en": "Roof", "az": "Dam"},
                                  amount_minor=amount_minor)
    services.do_add_evidence(actor=actor, milestone=m, kind="inspection", note="Roof beams replaced; inspected.")
    return m


def give(project, amount_minor: int, *, key: str, donor=None, channel: str = "bank", country: str = "DE",
         currency: str | None = None, campaign=None, on_day=None):
    """Book a gift to the project's fund through the giving app (in the project's currency unless
    told otherwise; giving converts it at the day's rate, which must have been imported)."""
    from korpu.giving import services as giving
    from korpu.giving.models import Fund

    fund = Fund.objects.get(pk=project.fund_ref)
    gift, _created = giving.do_record_gift(actor="system", key=key, fund=fund, amount_minor=amount_minor,
                                           currency=currency or project.currency, channel=channel, donor=donor,
                                           country=country, campaign=campaign, on_day=on_day)
    return gift


def cbar_rates(day, rates: dict[str, str]) -> int:
    """Import the Central Bank of Azerbaijan's file for `day` (AZN per unit) through giving."""
    from korpu.giving.rates import do_import_rates

    valutes = "".join(f'<Valute Code="{code}"><Nominal>1</Nominal><Value>{value}</Value></Valute>'
                      for code, value in rates.items())
    xml = f'<ValCurs Date="{day:%d.%m.%Y}"><ValType Type="Xarici valyutalar">{valutes}</ValType></ValCurs>'
    return do_import_rates(actor="system", xml=xml.encode(), source="cbar")


def ecb_rates(day, rates: dict[str, str]) -> int:
    """Import the European Central Bank's daily file for `day` (units per 1 EUR) through giving."""
    from korpu.giving.rates import do_import_rates

    cubes = "".join(f'<Cube currency="{code}" rate="{value}"/>' for code, value in rates.items())
    xml = (f'<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" '
           f'xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube><Cube time="{day:%Y-%m-%d}">'
           f'{cubes}</Cube></Cube></gesmes:Envelope>')
    return do_import_rates(actor="system", xml=xml.encode(), source="ecb")


def campaign(project, *, slug: str, currency: str):
    """A fundraising campaign for the project's fund, counted in `currency` (giving's base for its gifts)."""
    import datetime as dt

    from django.utils import timezone

    from korpu.giving import services as giving
    from korpu.giving.models import Fund

    now = timezone.now()
    return giving.do_create_campaign(actor="system", slug=slug, titles={"en": slug}, starts_at=now - dt.timedelta(days=60),
                                     ends_at=now + dt.timedelta(days=60), base_currency=currency, goal_minor=0,
                                     funds=[Fund.objects.get(pk=project.fund_ref)])


def donor(name: str, *, display: str = "as_written", consent: bool = True, display_form: str = "",
          user=None, script: str = "Latn"):
    """A registry person with a giving donor record and a decision on being named in public."""
    from korpu.giving import services as giving
    from korpu.network.models import Consent, ConsentPurpose, Person

    person = Person.objects.create(name=name, script=script, user=user)
    Consent.objects.create(person=person, purpose=ConsentPurpose.NAMED_IN_PUBLIC, granted=consent, source="self")
    d = giving.do_save_donor(actor="system", user=user, person=person, display=display, display_form=display_form)
    if user is None:
        d.person = person
    return d


def plaque(actor, project, **settings):
    from korpu.plaques import services as plaques

    defaults = {"tiers": [{"label": "Qızıl", "min_minor": 100_000}, {"label": "Gümüş", "min_minor": 10_000}],
                "threshold_minor": 10_000, "width_mm": 600, "height_mm": 400, "lang": "az",
                "dedication": {"en": "Restored with the diaspora's gifts", "ar": "رُمِّم بتبرعات الجالية"}}
    defaults.update(settings)
    return plaques.do_create_plaque(actor=actor, project=project,
                                    title=settings.pop("title", None) or {"az": "Gövhər ağa məscidinin bərpası",
                                                                          "en": "Restoration of the Govhar Agha Mosque"},
                                    **{k: v for k, v in defaults.items() if k != "title"})


def organisation_donor(name: str, *, person=None, display: str = "as_written", country: str = "DE"):
    """A registry organisation (registered name `name`) giving in its own name through giving."""
    from korpu.giving import services as giving
    from korpu.network.models import Organisation

    organisation = Organisation.objects.create(name=name, kind="community", country=country, status="verified")
    return giving.do_save_donor(actor="system", person=person, organisation=organisation, display=display)
