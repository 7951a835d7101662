"""Split a full name into tokens with roles: given name, surname, patronymic, middle, initial."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from korpu.names.text import az_lower, normalize
from korpu.names.translit import ARABIC_MATRES, latin_system, split_tokens, token_plf


class Role(StrEnum):
    """The part a token plays in a person's name."""

    GIVEN = "given name"
    """The first personal name."""
    SURNAME = "surname"
    """The family name."""
    PATRONYMIC = "patronymic"
    """The father's name (Əli oğlu, Алиевич); stored as the father's name itself."""
    MIDDLE = "middle name"
    """Any further personal name; often the father's name in English order."""
    INITIAL = "initial"
    """A single letter standing for a name."""


# PLF spellings of the patronymic words that follow the father's name.
MARKERS = frozenset(
    {
        "oğlu", "oglu", "oglı", "ogli", "oğlı", "oğli", "oqlu", "ohlu", "oğul", "uulu", "ulı",
        "qızı", "qizi", "gizi", "kizi", "kızı", "gızı", "qızi", "ğızı", "kyzy", "kızy", "qyzy",
        "AWğlW", "AWğlY", "AWğlı", "qYzY", "qzY",
    }
)
# Courtesy words that are not part of the name.
TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "mme", "mlle", "herr", "frau"})

_SURNAME = re.compile(
    r"(?:[oe]va?|zadə|(?<=[bcçdfgğhjklmnpqrsştvxz])lı|oğlu|oglu|skı|skiy|ski|skaya|ska|"
    r"[WYA]f|WA|zAd[Eh]|(?<=[^AWYE])l[YW])$"
)
_PATRONYMIC = re.compile(r"^(?P<stem>.{2,}?)(?:y?[eo]v(?:iç|ıç|ici|na)|(?<=[^aeəıioöuü])iç(?:na)?)$")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a name with its phonetic Latin form and role."""

    text: str
    script: str
    plf: str
    role: Role
    weak: bool = False  # role guessed from position only


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name cut into role-tagged tokens."""

    tokens: tuple[Token, ...]
    given: Token | None = None
    surnames: tuple[Token, ...] = ()
    patronymic: Token | None = None
    middles: tuple[Token, ...] = field(default=())

    @property
    def core(self) -> tuple[Token, ...]:
        """Return the tokens that identify the person: given name and surnames."""
        return ((self.given,) if self.given else ()) + self.surnames


def is_arabic_plf(plf: str) -> bool:
    """Return whether a PLF comes from Arabic script (it may hold matres letters)."""
    return any(ch in ARABIC_MATRES for ch in plf)


_MARKER = "marker"
_TITLE = "title"


@lru_cache(maxsize=262_144)
def _analyse(text: str, system: str) -> tuple[str, str, Role | str | None]:
    """Return (script, PLF, role hint) of one token; the hint is a Role, "marker" or "title"."""
    if az_lower(text) in TITLES:
        return "", "", _TITLE
    script, plf = token_plf(text, system)
    if plf in MARKERS:
        return script, plf, _MARKER
    if len(text) == 1:
        return script, plf, Role.INITIAL
    if script != "Arab" and (m := _PATRONYMIC.match(plf)):
        return script, m.group("stem"), Role.PATRONYMIC
    if len(plf) >= 4 and _SURNAME.search(plf):
        return script, plf, Role.SURNAME
    return script, plf, None


@lru_cache(maxsize=131_072)
def parse_name(name: str) -> ParsedName:
    """Return `name` cut into tokens with roles."""
    raw = split_tokens(normalize(name))
    system = latin_system(raw)
    items: list[list] = []  # [text, script, plf, role]
    for text in raw:
        script, plf, hint = _analyse(text, system)
        if hint == _TITLE:
            continue
        if hint == _MARKER:
            if items:
                if items[-1][3] is None:
                    items[-1][3] = Role.PATRONYMIC
                continue
            hint = None
        items.append([text, script, plf, hint])

    tokens: list[Token] = []
    open_idx = [i for i, it in enumerate(items) if it[3] is None]
    has_surname = any(it[3] is Role.SURNAME for it in items)
    weak_idx = -1
    if not has_surname and len(open_idx) >= 2:
        # Without a surname ending, the usual order is given name first, surname last.
        weak_idx = open_idx[-1]
        items[weak_idx][3] = Role.SURNAME
        open_idx.pop()
    for n, i in enumerate(open_idx):
        items[i][3] = Role.GIVEN if n == 0 else Role.MIDDLE
    for i, (text, script, plf, role) in enumerate(items):
        tokens.append(Token(text, script, plf, role, weak=(i == weak_idx)))

    given = next((t for t in tokens if t.role is Role.GIVEN), None)
    patronymic = next((t for t in tokens if t.role is Role.PATRONYMIC), None)
    return ParsedName(
        tokens=tuple(tokens),
        given=given,
        surnames=tuple(t for t in tokens if t.role is Role.SURNAME),
        patronymic=patronymic,
        middles=tuple(t for t in tokens if t.role is Role.MIDDLE),
    )
