"""Likely duplicate people across the registry: blocking, then scoring with korpu.names.compare.

Blocking (candidate pairs) on three keys, each cheap to build for a million people:
- the same e-mail address,
- the same phone number (digits only, at least 7),
- the same pair of name keys (korpu.names.search_keys of any form) in the same country and city,
  compared only with the next few records in each block (sorted neighbourhood) so a common name
  never makes a block quadratic.
Each pair is scored from the name comparison across scripts (the best of the forms), contact
matches, and place; pairs at or over THRESHOLD become DuplicateCandidate rows for an officer to
confirm or dismiss. Merging is never automatic. docs/network.md explains why not Splink.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from korpu import names
from korpu.core import audit
from korpu.core.models import AuditAction
from korpu.network.models import DuplicateCandidate, DuplicateStatus, NameKey, NameVariant, Person

THRESHOLD = 0.75
WINDOW = 6
MAX_BLOCK_CONTACT = 25


@dataclass
class Outcome:
    people: int = 0
    pairs: int = 0
    found: int = 0


@dataclass
class _P:
    id: Any
    name: str
    patronymic: str
    email: str
    phone: str
    country: str
    city: str
    forms: list[str]


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-9:] if len(digits) >= 7 else ""


def score_pair(a: _P, b: _P) -> tuple[float, list[str]]:
    """The likelihood that `a` and `b` are one person, with the reasons."""
    best = None
    for x in a.forms[:3]:
        for y in b.forms[:3]:
            comparison = names.compare(x, y)
            if best is None or comparison.score > best.score:
                best = comparison
    assert best is not None
    reasons = [best.reason]
    score = 0.6 * best.score
    if not best.same:
        score -= 0.2
    if a.email and a.email == b.email:
        score += 0.25
        reasons.append("same e-mail")
    elif _digits(a.phone) and _digits(a.phone) == _digits(b.phone):
        score += 0.25
        reasons.append("same phone")
    elif a.email and b.email:
        score -= 0.1
        reasons.append("different e-mail")
    if a.country and a.country == b.country and a.city and a.city.casefold() == b.city.casefold():
        score += 0.1
        reasons.append(f"same place {a.city}, {a.country}")
    if a.patronymic and b.patronymic:
        same = names.compare(a.patronymic, b.patronymic).same
        score += 0.05 if same else -0.1
        reasons.append("same patronymic" if same else "different patronymic")
    elif not a.patronymic and not b.patronymic:
        score += 0.05
    return round(min(score, 1.0), 4), reasons


def load_people(queryset=None) -> dict[Any, _P]:
    qs = queryset if queryset is not None else Person.objects.all()
    qs = qs.filter(erased_at__isnull=True, merged_into__isnull=True)
    people = {
        row[0]: _P(row[0], row[1], row[2], (row[3] or "").lower(), row[4] or "", row[5] or "", row[6] or "", [row[1]])
        for row in qs.values_list("id", "name", "patronymic", "email", "phone", "country", "city").iterator(chunk_size=20000)
    }
    for person_id, text in NameVariant.objects.values_list("person_id", "text").iterator(chunk_size=20000):
        if person_id in people:
            people[person_id].forms.append(text)
    return people


def candidate_pairs(people: dict[Any, _P]) -> set[tuple]:
    """Blocked pairs (ids sorted)."""
    pairs: set[tuple] = set()
    by_email: dict[str, list] = defaultdict(list)
    by_phone: dict[str, list] = defaultdict(list)
    for p in people.values():
        if p.email:
            by_email[p.email].append(p.id)
        digits = _digits(p.phone)
        if digits:
            by_phone[digits].append(p.id)
    for groups in (by_email, by_phone):
        for ids in groups.values():
            if 1 < len(ids) <= MAX_BLOCK_CONTACT:
                for x, y in itertools.combinations(sorted(ids, key=str), 2):
                    pairs.add((x, y))
    keys: dict[Any, list[str]] = defaultdict(list)
    for person_id, key in NameKey.objects.values_list("person_id", "key").iterator(chunk_size=50000):
        if person_id in people:
            keys[person_id].append(key)
    blocks: dict[tuple, list] = defaultdict(list)
    for person_id, person_keys in keys.items():
        p = people[person_id]
        place = (p.country, p.city.casefold())
        person_keys = sorted(set(person_keys))[:5]
        combos: list[tuple[str, ...]] = list(itertools.combinations(person_keys, 2)) or [(person_keys[0],)]
        for combo in combos:
            blocks[(*combo, *place)].append(person_id)
    for ids in blocks.values():
        if len(ids) < 2:
            continue
        ids.sort(key=lambda i: (people[i].name, str(i)))
        for i, x in enumerate(ids):
            for y in ids[i + 1:i + 1 + WINDOW]:
                pairs.add((x, y) if str(x) < str(y) else (y, x))
    return pairs


def find(people: dict[Any, _P] | None = None) -> tuple[list[tuple[Any, Any, float, list[str]]], Outcome]:
    """Score every blocked pair; return those at or over THRESHOLD."""
    people = people if people is not None else load_people()
    pairs = candidate_pairs(people)
    outcome = Outcome(people=len(people), pairs=len(pairs))
    found = []
    for x, y in pairs:
        score, reasons = score_pair(people[x], people[y])
        if score >= THRESHOLD:
            found.append((x, y, score, reasons))
    outcome.found = len(found)
    return found, outcome


def do_find_duplicates(*, actor: Any) -> Outcome:
    """Refresh the open duplicate candidates (decided pairs stay as decided)."""
    found, outcome = find()
    with transaction.atomic():
        decided = set(DuplicateCandidate.objects.exclude(status=DuplicateStatus.OPEN).values_list("a_id", "b_id"))
        DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN).delete()
        rows = [DuplicateCandidate(a_id=x, b_id=y, score=score, reasons=reasons)
                for x, y, score, reasons in found if (x, y) not in decided]
        DuplicateCandidate.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
        audit.record(actor=actor, action=AuditAction.OTHER, object_type="network.duplicatecandidate",
                     message=f"duplicate detection: {outcome.people} people, {outcome.pairs} pairs, {len(rows)} found")
    return outcome
