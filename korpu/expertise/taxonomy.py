"""The standard taxonomies experts and needs are described with (pure data, no I/O).

Research fields follow the OECD Fields of Science and Technology (FOS 2007, the Frascati
Manual's classification): codes "1.1" … "6.5". Doctors add medical specialties (codes "med.*"),
after the specialties the EU's Directive 2005/36/EC recognises.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MAJOR_FIELDS = {
    "1": _("Natural sciences"),
    "2": _("Engineering and technology"),
    "3": _("Medical and health sciences"),
    "4": _("Agricultural sciences"),
    "5": _("Social sciences"),
    "6": _("Humanities"),
}

FOS_FIELDS = {
    "1.1": _("Mathematics"),
    "1.2": _("Computer and information sciences"),
    "1.3": _("Physical sciences"),
    "1.4": _("Chemical sciences"),
    "1.5": _("Earth and related environmental sciences"),
    "1.6": _("Biological sciences"),
    "1.7": _("Other natural sciences"),
    "2.1": _("Civil engineering"),
    "2.2": _("Electrical, electronic and information engineering"),
    "2.3": _("Mechanical engineering"),
    "2.4": _("Chemical engineering"),
    "2.5": _("Materials engineering"),
    "2.6": _("Medical engineering"),
    "2.7": _("Environmental engineering"),
    "2.8": _("Environmental biotechnology"),
    "2.9": _("Industrial biotechnology"),
    "2.10": _("Nano-technology"),
    "2.11": _("Other engineering and technologies"),
    "3.1": _("Basic medicine"),
    "3.2": _("Clinical medicine"),
    "3.3": _("Health sciences"),
    "3.4": _("Medical biotechnology"),
    "3.5": _("Other medical sciences"),
    "4.1": _("Agriculture, forestry and fisheries"),
    "4.2": _("Animal and dairy science"),
    "4.3": _("Veterinary science"),
    "4.4": _("Agricultural biotechnology"),
    "4.5": _("Other agricultural sciences"),
    "5.1": _("Psychology"),
    "5.2": _("Economics and business"),
    "5.3": _("Educational sciences"),
    "5.4": _("Sociology"),
    "5.5": _("Law"),
    "5.6": _("Political science"),
    "5.7": _("Social and economic geography"),
    "5.8": _("Media and communications"),
    "5.9": _("Other social sciences"),
    "6.1": _("History and archaeology"),
    "6.2": _("Languages and literature"),
    "6.3": _("Philosophy, ethics and religion"),
    "6.4": _("Arts"),
    "6.5": _("Other humanities"),
}

MEDICAL_SPECIALTIES = {
    "med.anaesthesiology": _("Anaesthesiology and intensive care"),
    "med.cardiology": _("Cardiology"),
    "med.cardiac_surgery": _("Cardiac surgery"),
    "med.dermatology": _("Dermatology"),
    "med.emergency": _("Emergency medicine"),
    "med.endocrinology": _("Endocrinology"),
    "med.family": _("Family medicine"),
    "med.gastroenterology": _("Gastroenterology"),
    "med.general_surgery": _("General surgery"),
    "med.haematology": _("Haematology"),
    "med.infectious": _("Infectious diseases"),
    "med.internal": _("Internal medicine"),
    "med.nephrology": _("Nephrology"),
    "med.neurology": _("Neurology"),
    "med.neurosurgery": _("Neurosurgery"),
    "med.obstetrics": _("Obstetrics and gynaecology"),
    "med.oncology": _("Medical oncology"),
    "med.ophthalmology": _("Ophthalmology"),
    "med.orthopaedics": _("Orthopaedics and traumatology"),
    "med.ent": _("Otorhinolaryngology"),
    "med.paediatrics": _("Paediatrics"),
    "med.paediatric_cardiology": _("Paediatric cardiology"),
    "med.pathology": _("Pathology"),
    "med.physical_medicine": _("Physical medicine and rehabilitation"),
    "med.psychiatry": _("Psychiatry"),
    "med.public_health": _("Public health"),
    "med.pulmonology": _("Pulmonology"),
    "med.radiology": _("Radiology"),
    "med.radiotherapy": _("Radiation oncology"),
    "med.urology": _("Urology"),
    "med.vascular_surgery": _("Vascular surgery"),
}

# Every specialty belongs to clinical medicine, except the few that OECD files elsewhere.
SPECIALTY_PARENT = {code: "3.2" for code in MEDICAL_SPECIALTIES}
SPECIALTY_PARENT["med.public_health"] = "3.3"
SPECIALTY_PARENT["med.pathology"] = "3.1"

ALL_FIELDS: dict[str, object] = {**FOS_FIELDS, **MEDICAL_SPECIALTIES}
FIELD_CODES: list[str] = list(ALL_FIELDS)
FIELD_INDEX = {code: i for i, code in enumerate(FIELD_CODES)}


def is_field(code: str) -> bool:
    """Is `code` a field of the taxonomy?"""
    return code in ALL_FIELDS


def label(code: str) -> str:
    """The translated name of a field code (the code itself when unknown)."""
    return str(ALL_FIELDS.get(code, code))


def parent(code: str) -> str:
    """The OECD field a code sits in: itself for FOS fields, the clinical field for specialties."""
    return SPECIALTY_PARENT.get(code, code)


def major(code: str) -> str:
    """The major OECD field ("3" for "3.2" and for every specialty)."""
    return parent(code).split(".")[0]


def choices() -> list[tuple[str, list[tuple[str, object]]]]:
    """Grouped choices for forms: OECD fields under their major field, then specialties."""
    groups: list[tuple[str, list[tuple[str, object]]]] = []
    for number, name in MAJOR_FIELDS.items():
        groups.append((str(name), [(c, n) for c, n in FOS_FIELDS.items() if c.split(".")[0] == number]))
    groups.append((str(_("Medical specialties")), list(MEDICAL_SPECIALTIES.items())))
    return groups


def field_choices() -> list[tuple[str, object]]:
    return list(ALL_FIELDS.items())


# Languages the multilingual model was trained on (XLM-R's 100 languages, ISO 639-1 where one
# exists). A description in any other language cannot be compared by meaning.
MODEL_LANGUAGES = frozenset(
    "af am ar as az be bg bn br bs ca cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha he hi "
    "hr hu hy id is it ja jv ka kk km kn ko ku ky la lo lt lv mg mk ml mn mr ms my ne nl no om or pa "
    "pl ps pt ro ru sa sd si sk sl so sq sr su sv sw ta te th tl tr ug uk ur uz vi xh yi zh".split()
)

LANGUAGE_NAMES = {
    "az": _("Azerbaijani"), "en": _("English"), "ru": _("Russian"), "tr": _("Turkish"), "ar": _("Arabic"),
    "de": _("German"), "fr": _("French"), "fa": _("Persian"), "uk": _("Ukrainian"), "ka": _("Georgian"),
    "he": _("Hebrew"), "es": _("Spanish"), "it": _("Italian"), "kk": _("Kazakh"), "uz": _("Uzbek"),
}
# The five languages a need's description may be written in.
NEED_LANGUAGES = ("az", "en", "ru", "tr", "ar")


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))
