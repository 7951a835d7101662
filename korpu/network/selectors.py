"""Reads of the registry: consent (which other apps rely on), the directory, people as the viewer may
see them, name search and totals."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from korpu import names
from korpu.core import permissions
from korpu.network.models import (
    Consent,
    ConsentPurpose,
    Membership,
    NameKey,
    NameVariant,
    Organisation,
    OrganisationLink,
    OrganisationStatus,
    Person,
)


def has_consent(person_id, purpose: str | ConsentPurpose) -> bool:
    """Is `purpose` consented by the person now (newest decision wins; no decision means no)?"""
    newest = (
        Consent.objects.filter(person_id=person_id, purpose=str(purpose))
        .order_by("-decided_at", "-created_at")
        .values_list("granted", flat=True)
        .first()
    )
    return bool(newest)


def consenting(person_ids: Iterable, purpose: str | ConsentPurpose) -> set:
    """The subset of `person_ids` whose newest decision on `purpose` is yes (one query)."""
    ids = list(person_ids)
    if not ids:
        return set()
    newest = Consent.objects.filter(person_id=OuterRef("person_id"), purpose=str(purpose)).order_by(
        "-decided_at", "-created_at"
    )
    rows = (
        Consent.objects.filter(person_id__in=ids, purpose=str(purpose))
        .annotate(newest_id=Subquery(newest.values("id")[:1]))
        .filter(id=F("newest_id"), granted=True)
        .values_list("person_id", flat=True)
    )
    return set(rows)


def consents_of(person: Person) -> dict[str, Consent | None]:
    """The decision in force per purpose (None when never asked)."""
    current: dict[str, Consent | None] = {p: None for p in ConsentPurpose.values}
    for consent in person.consents.order_by("decided_at", "created_at"):
        current[consent.purpose] = consent
    return current


# --- Organisations --------------------------------------------------------------------------------
def organisations_for(actor: Any) -> QuerySet[Organisation]:
    """Organisations the actor may see: verified ones for everybody, plus their own and their applications."""
    qs = permissions.scope(actor, "network.view_organisation", Organisation.objects.all())
    if getattr(actor, "is_authenticated", False) and not permissions.is_platform(actor, "network.view_organisation"):
        qs = qs | Organisation.objects.filter(applied_by=actor)
    return qs


def directory(actor: Any, *, q: str = "", country: str = "", city: str = "", kind: str = "", language: str = "",
              status: str = "") -> QuerySet[Organisation]:
    """The directory, filtered; name search in any script (registered name and names in other languages)."""
    qs = organisations_for(actor)
    if status:
        qs = qs.filter(status=status)
    elif not permissions.is_platform(actor, "network.verify_organisation"):
        qs = qs.filter(status=OrganisationStatus.VERIFIED)
    if country:
        qs = qs.filter(country=country.upper())
    if city:
        qs = qs.filter(city__iexact=city)
    if kind:
        qs = qs.filter(kind=kind)
    if language:
        qs = qs.filter(languages__icontains=f'"{language[:8]}"')
    q = names.normalize(q or "")[:100].casefold()
    if q:
        condition = Q(search_text__contains=q) | Q(name__icontains=q)
        for target in ("Latn", "Cyrl"):
            try:
                other = names.transliterate(q, target).casefold()
            except ValueError:
                continue
            if other and other != q:
                condition |= Q(search_text__contains=other)
        qs = qs.filter(condition)
    return qs.order_by("name")


def organisation_links(organisation: Organisation) -> dict[str, list[OrganisationLink]]:
    """Umbrellas above, members below and partners, of verified organisations only."""
    verified = OrganisationStatus.VERIFIED
    out = OrganisationLink.objects.filter(source=organisation, target__status=verified).select_related("target")
    into = OrganisationLink.objects.filter(target=organisation, source__status=verified).select_related("source")
    links: dict[str, list] = {"umbrellas": [], "members": [], "partners": []}
    for link in out:
        links["umbrellas" if link.kind == "member_of" else "partners"].append(link.target)
    for link in into:
        links["members" if link.kind == "member_of" else "partners"].append(link.source)
    return links


# --- People ---------------------------------------------------------------------------------------
def people_visible_q(actor: Any) -> Q:
    """Who the actor may see: themselves, the members of organisations where they hold view_person,
    and (committee) people who consented to be shared with the committee."""
    if not getattr(actor, "is_authenticated", False):
        return Q(pk__in=[])
    condition = Q(user_id=actor.pk)
    orgs = permissions.organisations_with(actor, "network.view_person")
    if orgs:
        condition |= Q(pk__in=Membership.objects.filter(organisation_id__in=orgs).values("person_id"))
    if permissions.is_platform(actor, "network.view_person_consented"):
        condition |= Q(shares_with_committee=True)
    return condition


def people_for(actor: Any, *, include_gone: bool = False) -> QuerySet[Person]:
    """People the actor may see (erased and merged records hidden unless asked)."""
    qs = Person.objects.filter(people_visible_q(actor))
    if not include_gone:
        qs = qs.filter(erased_at__isnull=True, merged_into__isnull=True)
    return qs


def is_staff_read(actor: Any, person: Person) -> bool:
    """Whether the actor sees this person only through the committee's consent (a read to audit)."""
    if getattr(actor, "pk", None) and person.user_id == actor.pk:
        return False
    orgs = permissions.organisations_with(actor, "network.view_person")
    if orgs and person.memberships.filter(organisation_id__in=orgs).exists():
        return False
    return True


def person_page(actor: Any, person_id) -> Person | None:
    """One person with what their page shows, loaded in a fixed number of queries."""
    return (
        people_for(actor, include_gone=True)
        .filter(pk=person_id)
        .prefetch_related(
            "variants",
            Prefetch("memberships", queryset=Membership.objects.select_related("organisation").order_by("-since")),
        )
        .first()
    )


def organisation_members(actor: Any, organisation: Organisation) -> QuerySet[Membership]:
    """The organisation's memberships the actor may see."""
    visible = people_for(actor).values("pk")
    return (
        Membership.objects.filter(organisation=organisation, person__in=visible)
        .select_related("person")
        .order_by("person__name")
    )


def member_total(organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, until__isnull=True).count()


def _visible_through(actor: Any, prefix: str) -> Q:
    """people_visible_q seen from a row that points to a person through `prefix` (e.g. "person__"),
    with the organisation check as a correlated EXISTS so that it uses the membership index."""
    if not getattr(actor, "is_authenticated", False):
        return Q(pk__in=[])
    condition = Q(**{f"{prefix}user_id": actor.pk})
    orgs = permissions.organisations_with(actor, "network.view_person")
    if orgs:
        condition |= Q(Exists(Membership.objects.filter(person_id=OuterRef(f"{prefix}id"),
                                                        organisation_id__in=orgs)))
    if permissions.is_platform(actor, "network.view_person_consented"):
        condition |= Q(**{f"{prefix}shares_with_committee": True})
    return condition & Q(**{f"{prefix}erased_at__isnull": True, f"{prefix}merged_into__isnull": True})


def search_people(actor: Any, query: str, *, limit: int = 20, candidates: int = 40) -> list[tuple[Person, Any]]:
    """People the actor may see whose any name form matches `query` in any script, best first:
    [(person, comparison)].

    Candidates come from the name-key index (people having every key of the query first, then people
    sharing its rarest key), already restricted to who the actor may see; korpu.names.compare ranks them.
    """
    query = names.normalize(query or "")[:200]
    keys = sorted(set(names.query_keys(query)))[:6] if query else []
    if not keys:
        return []
    # Drive from the rarest key and probe the others through the (person, key) index: the cost
    # follows the rarest key's rows, not the commonest's (a given name shared by 1% of the registry).
    # Count person_id, not id: both columns are in the (key, person) index, so PostgreSQL answers from
    # the index alone instead of visiting a heap page per row (12 ms instead of 550 ms for a common key).
    counts = dict(NameKey.objects.filter(key__in=keys).values("key").annotate(n=Count("person_id"))
                  .values_list("key", "n"))
    if not counts:
        return []
    ordered = sorted(counts, key=lambda k: counts[k])
    visible = _visible_through(actor, "person__")
    base = NameKey.objects.filter(key=ordered[0]).filter(visible)
    ids: list = []
    if len(ordered) == len(keys):
        every = base
        for other in ordered[1:]:
            every = every.filter(Exists(NameKey.objects.filter(person_id=OuterRef("person_id"), key=other)))
        ids = list(every.values_list("person_id", flat=True)[:candidates])
    if len(ids) < limit:
        # Fewer full matches than asked: add people sharing the rarest key (a missing or misspelt part).
        ids += [pid for pid in base.exclude(person_id__in=ids).values_list("person_id", flat=True)[:candidates - len(ids)]]
    forms: dict[Any, list[str]] = {}
    for pid, name in Person.objects.filter(pk__in=ids).values_list("id", "name"):
        forms[pid] = [name]
    for pid, text in NameVariant.objects.filter(person_id__in=ids).values_list("person_id", "text"):
        if len(forms.get(pid, ())) < 3:
            forms.setdefault(pid, []).append(text)
    scored = []
    for pid, texts in forms.items():
        best = max((names.compare(query, text) for text in texts), key=lambda c: c.score)
        scored.append((best.score, texts[0], pid, best))
    scored.sort(key=lambda item: (-item[0], item[1]))
    top = scored[:limit]
    people = Person.objects.prefetch_related("variants").in_bulk([pid for *_rest, pid, _c in top])
    return [(people[pid], comparison) for _s, _n, pid, comparison in top if pid in people]


def person_data(person: Person) -> dict[str, Any]:
    """Everything the registry holds about a person, for their own download."""
    return {
        "id": str(person.pk),
        "name": person.name,
        "script": person.script,
        "patronymic": person.patronymic,
        "pseudonym": person.is_pseudonym,
        "country": person.country,
        "city": person.city,
        "languages": person.languages,
        "profession": person.profession,
        "email": person.email,
        "phone": person.phone,
        "created_at": person.created_at.isoformat(),
        "name_variants": [{"text": v.text, "script": v.script, "kind": v.kind} for v in person.variants.all()],
        "memberships": [
            {"organisation": m.organisation.name, "organisation_id": str(m.organisation_id), "role": m.role,
             "since": m.since.isoformat() if m.since else None, "until": m.until.isoformat() if m.until else None}
            for m in person.memberships.select_related("organisation")
        ],
        "consents": [
            {"purpose": c.purpose, "granted": c.granted, "decided_at": c.decided_at.isoformat(), "source": c.source}
            for c in person.consents.order_by("decided_at")
        ],
    }


# --- Totals ---------------------------------------------------------------------------------------
def totals_by_country() -> list[dict[str, Any]]:
    """Verified organisations and current members per country (counts only)."""
    orgs = dict(
        Organisation.objects.filter(status=OrganisationStatus.VERIFIED).values("country")
        .annotate(n=Count("id")).values_list("country", "n")
    )
    people = dict(
        Person.objects.filter(erased_at__isnull=True, merged_into__isnull=True).exclude(country="")
        .values("country").annotate(n=Count("id")).values_list("country", "n")
    )
    codes = sorted(set(orgs) | set(people))
    return [{"country": c, "organisations": orgs.get(c, 0), "people": people.get(c, 0)} for c in codes]


def totals_by_kind() -> list[tuple[str, int]]:
    return list(
        Organisation.objects.filter(status=OrganisationStatus.VERIFIED).values("kind").annotate(n=Count("id"))
        .order_by("-n").values_list("kind", "n")
    )


def growth_by_year() -> list[tuple[int, int, int]]:
    """(year, organisations founded or registered that year, people added that year) cumulated."""
    from django.db.models.functions import ExtractYear

    orgs = dict(
        Organisation.objects.filter(status=OrganisationStatus.VERIFIED).exclude(founded_year=None)
        .values("founded_year").annotate(n=Count("id")).values_list("founded_year", "n")
    )
    people = dict(
        Membership.objects.exclude(since=None).annotate(y=ExtractYear("since")).values("y")
        .annotate(n=Count("id")).values_list("y", "n")
    )
    years = sorted(y for y in set(orgs) | set(people) if y is not None)  # None is excluded by both queries
    out, o_sum, p_sum = [], 0, 0
    for year in years:
        o_sum += orgs.get(year, 0)
        p_sum += people.get(year, 0)
        out.append((year, o_sum, p_sum))
    return out
