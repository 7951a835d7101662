"""Decide whether two names are spellings of one person's name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from korpu.names.keys import plf_key
from korpu.names.lexicon import VARIANT_GROUPS
from korpu.names.structure import ParsedName, Role, Token, parse_name

# A token pair at or above this similarity is the same name.
TOKEN_SAME = 0.8
# Patronymics and middle names are compared more loosely: they are often written in another
# form of the father's name (Məhəmməd, Магомед, Mohammad).
EXTRA_SAME = 0.65
# A whole-name score at or above this means the same person; `compare` keeps score and
# verdict consistent with it.
NAME_SAME = 0.75

_LATIN_VOWELS = "aeəıioöuüä"
_ARABIC_LONG = "AWYE"

# Substitution costs between letters that romanisations swap for one another; any other
# pair costs 1. Symmetric.
_PAIR_COSTS: dict[tuple[str, str], float] = {}


def _pairs(cost: float, *groups: str) -> None:
    for group in groups:
        for a in group:
            for b in group:
                if a != b:
                    _PAIR_COSTS[a, b] = min(cost, _PAIR_COSTS.get((a, b), 1.0))


_pairs(0.1, "aə", "eə", "iı", "gğ", "qg", "əä", "aä")
_pairs(0.15, "oö", "uü", "qk", "hg", "qğ", "iy", "ıy")
_pairs(0.2, "hx", "kg", "vf", "bp", "dt")
_pairs(0.25, "sş", "cç", "ae")
_pairs(0.45, "çs")
_pairs(0.3, "çş", "cj", "xq", "xg", "xk", "hq", "hğ", "xğ")
_pairs(0.35, "ıu", "ei", "öü", "eö", "iü")
_pairs(0.4, "ou", "jş", "kh", "ıo", "ıe")
_pairs(0.4, "sz", "oe")
_pairs(0.5, "cz", "jz", "ts")
_pairs(0.6, "iu")

# Against Arabic script: what each long-vowel letter may stand for.
_MATRES_COSTS: dict[tuple[str, str], float] = {}
for _m, _reads, _near in (
    ("A", "aəeä", "ıioöuü"),
    ("W", "oöuüv", "f"),
    ("Y", "iıye", "ö"),
    ("E", "əeah", ""),
):
    for _c in _reads:
        _MATRES_COSTS[_m, _c] = _MATRES_COSTS[_c, _m] = 0.05
    for _c in _near:
        _MATRES_COSTS[_m, _c] = _MATRES_COSTS[_c, _m] = 0.5
_MATRES_COSTS["f", "v"] = _MATRES_COSTS["v", "f"] = 0.1


_CONSONANTS = frozenset("bcçdfgğhjklmnpqrsştvxz")


def _indel_costs(word: str, mixed: bool, arabic: bool) -> list[float]:
    """Return the cost of inserting or deleting each letter of `word`, in its context."""
    costs = []
    last = len(word) - 1
    for i, ch in enumerate(word):
        if ch in _LATIN_VOWELS:
            # Arabic script leaves short vowels unwritten.
            cost = 0.1 if mixed else 0.5
        elif ch == "y":
            before = word[i - 1] if i else ""
            after = word[i + 1] if i < last else ""
            # A glide y next to i, or before e, is written or not at will (Aliyev, Aliev,
            # İsmayıl, Ismail); elsewhere (Leyla, Hüseyn) it is a consonant.
            glide = before in ("i", "ı") or after in ("i", "ı", "e")
            cost = 0.2 if glide else (0.7 if mixed else 0.6)
        elif ch == "A":
            cost = 0.4
        elif ch == "W":
            cost = 0.5
        elif ch == "Y":
            cost = 0.8
        elif ch == "E":
            cost = 0.2
        elif ch == "ğ":
            cost = 0.4 if mixed else 0.3
        elif ch == "h":
            cost = 1.0 if arabic else 0.5
        else:
            cost = 1.0
        costs.append(cost)
    return costs


def _weights(word: str, mixed: bool) -> float:
    total = 0.0
    for ch in word:
        if ch in _LATIN_VOWELS:
            total += 0.1 if mixed else 0.5
        elif ch == "y":
            total += 0.3 if mixed else 0.5
        elif ch in _ARABIC_LONG:
            total += 0.2 if ch == "E" else 0.5
        else:
            total += 1.0
    return total


def _initial_clash(a: str, b: str, arabic: bool) -> bool:
    """Return whether two words start differently in a way no spelling explains."""
    x, y = a[0], b[0]
    if x == y:
        return False
    if x in _CONSONANTS and y in _CONSONANTS:
        return _PAIR_COSTS.get((x, y), 1.0) >= 0.5
    if arabic:
        # Arabic script may start with an unwritten vowel or ع.
        return False
    # Only one starts with a consonant other than h (Əliyev / Vəliyev).
    return (x in _CONSONANTS and x != "h") != (y in _CONSONANTS and y != "h")


@lru_cache(maxsize=262_144)
def token_similarity(a: str, b: str, a_arabic: bool = False, b_arabic: bool = False) -> float:
    """Return the similarity in [0, 1] of two token PLFs (1.0 = same spelling).

    `a_arabic` and `b_arabic` say whether a token was written in Arabic script.
    """
    if a == b and a_arabic == b_arabic:
        return 1.0
    if not a or not b:
        return 0.0
    group_a = VARIANT_GROUPS.get(a)
    if group_a is not None and group_a == VARIANT_GROUPS.get(b):
        return 0.9
    if (a, a_arabic) > (b, b_arabic):
        a, b, a_arabic, b_arabic = b, a, b_arabic, a_arabic
    mixed = a_arabic != b_arabic
    pair_costs = _PAIR_COSTS
    matres = _MATRES_COSTS if mixed else {}
    del_a = _indel_costs(a, mixed, a_arabic)
    del_b = _indel_costs(b, mixed, b_arabic)
    prev = [0.0]
    for cost in del_b:
        prev.append(prev[-1] + cost)
    for i, ca in enumerate(a):
        da = del_a[i]
        cur = [prev[0] + da]
        for j, cb in enumerate(b):
            if ca == cb:
                sub = 0.0
            else:
                sub = matres.get((ca, cb)) or pair_costs.get((ca, cb), 1.0)
            cur.append(min(prev[j] + sub, prev[j + 1] + da, cur[j] + del_b[j]))
        prev = cur
    norm = max(_weights(a, mixed), _weights(b, mixed), 1.0)
    sim = 1.0 - prev[-1] / norm
    if _initial_clash(a, b, a_arabic or b_arabic):
        sim -= 0.15
    return max(0.0, sim)


@dataclass(frozen=True, slots=True)
class Comparison:
    """How alike two names are."""

    score: float
    same: bool
    reason: str


def _compatible(a: Token, b: Token) -> bool:
    roles = {a.role, b.role}
    if len(roles) == 1:
        return True
    if roles <= {Role.GIVEN, Role.MIDDLE, Role.PATRONYMIC}:
        return Role.GIVEN not in roles or Role.PATRONYMIC not in roles
    if roles == {Role.SURNAME, Role.GIVEN} or roles == {Role.SURNAME, Role.MIDDLE}:
        # Only a surname guessed from its position may really be a given name.
        return (a.weak and a.role is Role.SURNAME) or (b.weak and b.role is Role.SURNAME)
    return False


def _key(t: Token) -> str:
    return plf_key(t.plf, t.script == "Arab")


def _sim(x: Token, y: Token) -> float:
    return token_similarity(x.plf, y.plf, x.script == "Arab", y.script == "Arab")


def _initial_fits(initial: Token, full: Token) -> bool:
    return _key(initial)[:1] == _key(full)[:1] or initial.plf[:1] == full.plf[:1]


def _match(pa: ParsedName, pb: ParsedName) -> dict[int, tuple[int, float]]:
    """Pair tokens of both names greedily by similarity; return a-index → (b-index, sim)."""
    candidates = []
    for i, ta in enumerate(pa.tokens):
        for j, tb in enumerate(pb.tokens):
            if Role.INITIAL in (ta.role, tb.role):
                full = tb if ta.role is Role.INITIAL else ta
                init = ta if ta.role is Role.INITIAL else tb
                if full.role is not Role.SURNAME and _initial_fits(init, full):
                    candidates.append((0.6, i, j))
                continue
            if not _compatible(ta, tb):
                continue
            sim = _sim(ta, tb)
            if sim >= 0.5:
                candidates.append((sim, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_a: dict[int, tuple[int, float]] = {}
    used_b: set[int] = set()
    for sim, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a[i] = (j, sim)
            used_b.add(j)
    return used_a


def _show(t: Token) -> str:
    return t.text


def compare(a: str, b: str) -> Comparison:
    """Return how alike names `a` and `b` are, whether they are one person's, and why."""
    if a > b:
        # Compute in one canonical order so the result is symmetric.
        return _compare(b, a, flipped=True)
    return _compare(a, b, flipped=False)


@lru_cache(maxsize=65_536)
def _compare(a: str, b: str, flipped: bool) -> Comparison:
    pa, pb = parse_name(a), parse_name(b)
    if not pa.tokens or not pb.tokens:
        return Comparison(0.0, False, "no name on one side")

    def pair(x: Token, y: Token) -> str:
        return f"{_show(y)}≈{_show(x)}" if flipped else f"{_show(x)}≈{_show(y)}"

    if len(pa.tokens) == 1 and len(pb.tokens) == 1:
        ta, tb = pa.tokens[0], pb.tokens[0]
        sim = _sim(ta, tb)
        same = sim >= TOKEN_SAME
        return _verdict(sim, same, [f"{ta.role} {pair(ta, tb)} (key {_key(ta)})"
                                    if same else f"{ta.role} {_show(ta)} vs {_show(tb)} differ"])

    matched = _match(pa, pb)
    b_of = {i: j for i, (j, _) in matched.items()}
    sim_of = {i: s for i, (_, s) in matched.items()}
    a_of = {j: i for i, j in b_of.items()}
    notes: list[str] = []
    problems: list[str] = []
    parts: list[tuple[float, float]] = []  # (weight, similarity)
    penalty = 0.0

    def index(p: ParsedName, t: Token | None) -> int:
        return -1 if t is None else p.tokens.index(t)

    # Surnames: every surname on one side needs a good partner when the other side has one.
    if pa.surnames and pb.surnames:
        best = 0.0
        for t in pa.surnames:
            i = index(pa, t)
            if i in b_of and sim_of[i] >= TOKEN_SAME and pb.tokens[b_of[i]].role in (
                Role.SURNAME, Role.GIVEN, Role.MIDDLE
            ):
                best = max(best, sim_of[i])
                tb = pb.tokens[b_of[i]]
                notes.append(f"surname {pair(t, tb)} (key {_key(t)})")
        if best == 0.0:
            problems.append(f"surname {_show(pa.surnames[0])} vs {_show(pb.surnames[0])} differ")
            best = max(
                (_sim(x, y) for x in pa.surnames for y in pb.surnames),
                default=0.0,
            ) * 0.6
        parts.append((0.45, best))
    elif pa.surnames or pb.surnames:
        problems.append("surname missing on one side")
        parts.append((0.45, 0.3))

    # Given names: must agree when both are there; an initial alone is not enough.
    ga, gb = pa.given, pb.given
    if ga and gb:
        i, j = index(pa, ga), index(pb, gb)
        if b_of.get(i) == j and sim_of[i] >= TOKEN_SAME:
            notes.append(f"given name {pair(ga, gb)}")
            parts.append((0.45, sim_of[i]))
        elif (
            i in b_of and sim_of[i] >= TOKEN_SAME and pb.tokens[b_of[i]].role is Role.SURNAME
        ) or (j in a_of and sim_of[a_of[j]] >= TOKEN_SAME and pa.tokens[a_of[j]].role is Role.SURNAME):
            # Order swapped without a surname ending (Yılmaz Mehmet / Mehmet Yılmaz).
            notes.append("given name and surname in swapped order")
            parts.append((0.45, sim_of.get(i, 0.8)))
        else:
            problems.append(f"given name {_show(ga)} vs {_show(gb)} differ")
            parts.append((0.45, _sim(ga, gb) * 0.6))
    else:
        initials_a = [t for t in pa.tokens if t.role is Role.INITIAL]
        initials_b = [t for t in pb.tokens if t.role is Role.INITIAL]
        if (ga and initials_b) or (gb and initials_a):
            problems.append("given name only an initial on one side")
            parts.append((0.45, 0.6))
        elif ga or gb:
            problems.append("given name missing on one side")
            parts.append((0.45, 0.3))

    # Patronymics and middle names: may be missing, must not disagree.
    extras_a = [t for t in pa.tokens if t.role in (Role.PATRONYMIC, Role.MIDDLE)]
    extras_b = [t for t in pb.tokens if t.role in (Role.PATRONYMIC, Role.MIDDLE)]
    if extras_a and extras_b:
        for t in extras_a:
            i = index(pa, t)
            partner = pb.tokens[b_of[i]] if i in b_of else None
            if partner is not None and sim_of[i] >= EXTRA_SAME:
                notes.append(f"{t.role} {pair(t, partner)}")
                parts.append((0.1, sim_of[i]))
                continue
            if partner is None or partner.role not in (Role.PATRONYMIC, Role.MIDDLE):
                partner = next((u for u in extras_b if index(pb, u) not in a_of), None)
            if partner is not None:
                problems.append(f"{t.role} {_show(t)} vs {_show(partner)} differ")
                parts.append((0.1, 0.0))
    elif extras_a or extras_b:
        kinds = {t.role for t in extras_a + extras_b}
        label = "patronymic" if Role.PATRONYMIC in kinds else "middle name"
        notes.append(f"{label} missing on one side")
        penalty += 0.03

    total = sum(w for w, _ in parts)
    score = (sum(w * s for w, s in parts) / total if total else 0.0) - penalty
    same = not problems and bool(parts)
    return _verdict(score, same, problems + notes)


def _verdict(score: float, same: bool, reasons: list[str]) -> Comparison:
    score = min(1.0, max(0.0, score))
    # Keep the verdict readable from the score alone: same ⇔ score ≥ NAME_SAME.
    score = max(score, NAME_SAME) if same else min(score, NAME_SAME - 0.01)
    return Comparison(round(score, 6), same, "; ".join(reasons) or "nothing to compare")
