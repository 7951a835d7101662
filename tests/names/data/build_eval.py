"""Build persons.csv, the labelled evaluation set, from name_parts.tsv.

Each person gets a given name, a surname and a father's name, and is written the ways
Azerbaijani people are written in practice: Azerbaijani Latin (with and without the
patronymic, surname first or last), typed without Azerbaijani letters, passport style,
Azerbaijani Cyrillic, Russian (with the Russian-style patronymic), English, German, French,
Turkish and Persian script. Run it again after editing name_parts.tsv:

    python tests/names/data/build_eval.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).parent
SYSTEMS = ("az", "ru", "en", "de", "fr", "tr", "fa")

AZ_CYRILLIC = str.maketrans({
    "a": "а", "b": "б", "c": "ҹ", "ç": "ч", "d": "д", "e": "е", "ə": "ә", "f": "ф", "g": "ҝ",
    "ğ": "ғ", "h": "һ", "x": "х", "ı": "ы", "i": "и", "j": "ж", "k": "к", "q": "г", "l": "л",
    "m": "м", "n": "н", "o": "о", "ö": "ө", "p": "п", "r": "р", "s": "с", "ş": "ш", "t": "т",
    "u": "у", "ü": "ү", "v": "в", "y": "ј", "z": "з",
})
LAZY = str.maketrans({"ə": "e", "Ə": "E", "ş": "s", "Ş": "S", "ç": "c", "Ç": "C", "ğ": "g",
                      "ı": "i", "İ": "I", "ö": "o", "Ö": "O", "ü": "u", "Ü": "U"})
PASSPORT = {"Ə": "A", "Ş": "SH", "Ç": "CH", "Ğ": "GH", "X": "KH", "İ": "I", "Ö": "O", "Ü": "U",
            "Q": "G"}


def az_upper(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


def az_lower(text: str) -> str:
    return text.replace("I", "ı").replace("İ", "i").lower()


def load_parts() -> dict[str, list[dict[str, list[str]]]]:
    parts: dict[str, list[dict[str, list[str]]]] = {"m": [], "f": [], "s": []}
    for line in (HERE / "name_parts.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, *forms = line.split("\t")
        parts[kind].append(dict(zip(SYSTEMS, (f.split("/") for f in forms), strict=True)))
    return parts


def feminine(surname: str, system: str) -> str:
    if system == "fa":
        for male, female in (("وف", "وا"), ("یف", "یوا"), ("اف", "اوا")):
            if surname.endswith(male):
                return surname[: -len(male)] + female
        return surname
    if system == "ru":
        return surname + "а" if surname.endswith(("ов", "ев")) else surname
    if surname.endswith("ff"):
        return surname[:-2] + "va"
    if surname.endswith(("ov", "ev", "ow", "ew")):
        return surname + "a"
    return surname


def ru_patronymic(father: str, female: bool) -> str:
    if father.endswith("ь"):
        stem, suffix = father[:-1], "ев"
    elif father[-1] in "аеиоуыэюя":
        stem, suffix = father, "ев"
    else:
        stem, suffix = father, "ов"
    return stem + suffix + ("на" if female else "ич")


def spellings(rng: random.Random, given: dict, surname: dict, father: dict, female: bool) -> list[str]:
    def pick(part: dict, system: str) -> str:
        return rng.choice(part[system])

    def sur(system: str) -> str:
        form = pick(surname, system)
        return feminine(form, system) if female else form

    g_az, s_az, f_az = given["az"][0], sur("az"), father["az"][0]
    marker = "qızı" if female else "oğlu"
    out = [
        f"{g_az} {s_az}",
        f"{s_az} {g_az} {f_az} {marker}",
        f"{g_az} {f_az} {marker} {s_az}",
        f"{g_az} {s_az}".translate(LAZY),
        "".join(PASSPORT.get(c, c) for c in az_upper(f"{s_az} {g_az}")),
        az_lower(f"{g_az} {s_az}").translate(AZ_CYRILLIC).title(),
        f"{pick(given, 'ru')} {sur('ru')}",
        f"{sur('ru')} {pick(given, 'ru')} {ru_patronymic(father['ru'][0], female)}",
        f"{pick(given, 'ru')} {father['ru'][0]} {'кызы' if female else 'оглы'} {sur('ru')}",
        f"{pick(given, 'en')} {sur('en')}",
        f"{pick(given, 'en')} {pick(father, 'en')} {sur('en')}",
        f"{pick(given, 'de')} {sur('de')}",
        f"{pick(given, 'fr')} {sur('fr')}",
        f"{pick(given, 'tr')} {sur('tr')}",
        f"{pick(given, 'fa')} {sur('fa')}",
    ]
    unique = list(dict.fromkeys(out))
    rng.shuffle(unique)
    return unique[: rng.randint(6, 9)]


def main() -> None:
    rng = random.Random(20240611)
    parts = load_parts()
    seen: set[tuple[str, str]] = set()
    rows = []
    person = 0
    while person < 320:
        female = rng.random() < 0.4
        given = rng.choice(parts["f" if female else "m"])
        surname = rng.choice(parts["s"])
        father = rng.choice([g for g in parts["m"] if g is not given])
        if (given["az"][0], surname["az"][0]) in seen:
            continue
        seen.add((given["az"][0], surname["az"][0]))
        person += 1
        for name in spellings(rng, given, surname, father, female):
            rows.append((f"p{person:03d}", name))
    with open(HERE / "persons.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["person", "name"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
