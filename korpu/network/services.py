"""Every write to the registry: organisations, people, names, memberships, consent, erasure, merges.

Each `do_*` runs in one transaction with its audit row. `actor` is a user, or the string "system"
for demo loads and commands run by the operator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from korpu import names
from korpu.core import audit, permissions
from korpu.core.errors import PermissionDenied
from korpu.core.models import AuditAction
from korpu.network import countries, signals
from korpu.network.errors import NetworkError
from korpu.network.models import (
    Consent,
    ConsentPurpose,
    ConsentSource,
    DuplicateCandidate,
    DuplicateStatus,
    LinkKind,
    Membership,
    MembershipRole,
    NameKey,
    NameVariant,
    Organisation,
    OrganisationKind,
    OrganisationLink,
    OrganisationStatus,
    Person,
    PersonMerge,
    Script,
    VariantKind,
)

ERASED = "[erased]"
MAX_NAME = 300

NAME_PROBLEMS = {
    "empty": gettext_lazy("The name is empty."),
    "too_long": gettext_lazy("The name is too long (at most 300 characters)."),
    "control_chars": gettext_lazy("The name contains control characters."),
    "bidi_override": gettext_lazy("The name contains right-to-left override characters."),
    "invisible_chars": gettext_lazy("The name contains invisible characters."),
    "no_letters": gettext_lazy("The name has no letters."),
}

PERSON_FIELDS = ["name", "script", "patronymic", "is_pseudonym", "country", "city", "languages", "profession",
                 "email", "phone"]
ORGANISATION_FIELDS = ["name", "names", "kind", "country", "city", "founded_year", "languages", "email", "phone",
                       "website", "social_links", "diaspora"]


def _is_system(actor: Any) -> bool:
    return isinstance(actor, str)


def _require(actor: Any, perm: str, obj=None) -> None:
    if not _is_system(actor):
        permissions.require(actor, perm, obj)


def _user(actor: Any):
    return None if _is_system(actor) else actor


# --- Checks ---------------------------------------------------------------------------------------
def name_problems(text: str) -> list[str]:
    """Translated problems of `text` as a stored name (empty when fine)."""
    codes = names.validate_name(text or "")
    if len(text or "") > MAX_NAME and "too_long" not in codes:
        codes.append("too_long")
    return [str(NAME_PROBLEMS.get(code, code)) for code in codes]


def check_name(text: str) -> str:
    problems = name_problems(text)
    if problems:
        raise NetworkError(" ".join(problems), code="invalid_name")
    return names.normalize(text)


def check_country(code: str, *, required: bool = True) -> str:
    code = (code or "").strip().upper()
    if not code and not required:
        return ""
    if not countries.is_valid(code):
        raise NetworkError(_("“{code}” is not a country code (ISO 3166-1, e.g. DE).").format(code=code[:20]),
                           code="invalid_country")
    return code


def check_text(value: str, *, limit: int, label: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise NetworkError(_("{field} is too long (at most {limit} characters).").format(field=label, limit=limit))
    if any(ord(ch) < 32 or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in value):
        raise NetworkError(_("{field} contains control characters.").format(field=label))
    return value


def script_of(text: str) -> str:
    script = names.detect_script(text)
    return script if script in Script.values else Script.OTHER


# --- Name keys ------------------------------------------------------------------------------------
def keys_for(forms: Iterable[str]) -> set[str]:
    """The search keys of all of a person's name forms."""
    keys: set[str] = set()
    for form in forms:
        if form:
            keys.update(k[:64] for k in names.search_keys(form))
    return keys


def rekey_person(person: Person) -> None:
    """Rewrite the person's name keys from their name and every variant."""
    forms = [person.name, *person.variants.values_list("text", flat=True)]
    keys = keys_for(forms) if not person.erased_at else set()
    NameKey.objects.filter(person=person).delete()
    NameKey.objects.bulk_create([NameKey(person=person, key=k) for k in sorted(keys)])


def rekey_all(*, batch: int = 20000, progress=None) -> int:
    """Rebuild every person's keys (after a change to korpu.names) in one transaction; returns the
    number of keys. Rows go in with executemany: a million people take seconds, not minutes."""
    from django.db import connection

    variants: dict[Any, list[str]] = {}
    for person_id, text in NameVariant.objects.values_list("person_id", "text").iterator(chunk_size=batch):
        variants.setdefault(person_id, []).append(text)
    prep = Person._meta.get_field("id").get_db_prep_value
    table = connection.ops.quote_name(NameKey._meta.db_table)
    sql = f"INSERT INTO {table} (person_id, {connection.ops.quote_name('key')}) VALUES (%s, %s)"
    total = 0
    from korpu.network import bulk

    bulk.tune_for_bulk()
    index = NameKey._meta.indexes[0]
    with transaction.atomic():
        NameKey.objects.all()._raw_delete(NameKey.objects.db)
        # A random-order B-tree updated row by row costs minutes at a million people; building it once
        # from the filled table (a sort) costs seconds. It comes back inside this transaction. The
        # other indexes start with person_id, and people are read in id order: they only append.
        _index_sql(connection, index.name, drop=True)
        rows: list[tuple] = []
        qs = (Person.objects.filter(erased_at__isnull=True, merged_into__isnull=True)
              .values_list("id", "name").order_by("id"))
        with connection.cursor() as cursor:
            for done, (person_id, name) in enumerate(qs.iterator(chunk_size=batch), 1):
                db_id = prep(person_id, connection)
                for key in keys_for([name, *variants.get(person_id, ())]):
                    rows.append((db_id, key))
                if len(rows) >= batch:
                    cursor.executemany(sql, rows)
                    total += len(rows)
                    rows = []
                    if progress:
                        progress(done)
            cursor.executemany(sql, rows)
            total += len(rows)
        _index_sql(connection, index.name, drop=False)
    return total


def _index_sql(connection, index: str, *, drop: bool) -> None:
    """Drop or build NameKey's (key, person) index (plain SQL: SQLite's schema editor refuses to run
    inside a transaction with foreign keys on)."""
    q = connection.ops.quote_name
    table = q(NameKey._meta.db_table)
    with connection.cursor() as cursor:
        if drop:
            cursor.execute(f"DROP INDEX {q(index)}")
        else:
            if connection.vendor == "postgresql":
                # The deferred foreign-key checks of the inserted rows must run before the index is built.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(f"CREATE INDEX {q(index)} ON {table} ({q('key')}, {q('person_id')})")


def organisation_search_text(name: str, other_names: dict | None) -> str:
    """The case-folded forms of every name of an organisation, in its scripts and in Latin and Cyrillic."""
    forms: list[str] = []
    for text in [name, *(other_names or {}).values()]:
        text = names.normalize(text or "")
        if not text:
            continue
        forms.append(text)
        for target in ("Latn", "Cyrl"):
            try:
                forms.append(names.transliterate(text, target))
            except ValueError:
                continue
    return " | ".join(dict.fromkeys(f.casefold() for f in forms if f))


# --- Organisations --------------------------------------------------------------------------------
def _clean_organisation(data: dict) -> dict:
    out = dict(data)
    if "name" in out:
        out["name"] = check_name(out["name"])
        out["search_name"] = names.normalize(out["name"]).casefold()[:300]
    if "names" in out:
        out["names"] = {str(k)[:8]: check_name(v) for k, v in (out["names"] or {}).items() if v}
    if "kind" in out and out["kind"] not in OrganisationKind.values:
        raise NetworkError(_("“{kind}” is not a kind of organisation.").format(kind=str(out["kind"])[:40]))
    if "country" in out:
        out["country"] = check_country(out["country"])
    if "city" in out:
        out["city"] = check_text(out["city"], limit=120, label=_("City"))
    year = out.get("founded_year")
    if year is not None and not (1800 <= int(year) <= timezone.now().year):
        raise NetworkError(_("The founding year {year} is not plausible.").format(year=year))
    for key in ("email", "phone", "website"):
        if key in out:
            out[key] = check_text(out[key], limit=200, label=key)
    return out


def do_register_organisation(*, actor: Any, **data) -> Organisation:
    """An organisation applies to join (status proposed); staff verify it later."""
    if not _is_system(actor) and not getattr(actor, "is_authenticated", False):
        raise PermissionDenied()
    clean = _clean_organisation({k: v for k, v in data.items() if k in ORGANISATION_FIELDS})
    clean["search_text"] = organisation_search_text(clean["name"], clean.get("names"))
    with transaction.atomic():
        organisation = Organisation.objects.create(status=OrganisationStatus.PROPOSED, applied_by=_user(actor),
                                                   **clean)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=organisation,
                     changes=audit.snapshot(organisation, ORGANISATION_FIELDS), message="applied")
    return organisation


def do_update_organisation(*, actor: Any, organisation: Organisation, **data) -> Organisation:
    """Change an organisation's details (its officers, or committee staff)."""
    if not (_is_system(actor) or permissions.has_perm(actor, "network.change_organisation", organisation)
            or permissions.is_platform(actor, "network.verify_organisation")):
        raise PermissionDenied()
    clean = _clean_organisation({k: v for k, v in data.items() if k in ORGANISATION_FIELDS})
    with transaction.atomic():
        before = audit.snapshot(organisation, ORGANISATION_FIELDS)
        for key, value in clean.items():
            setattr(organisation, key, value)
        organisation.search_text = organisation_search_text(organisation.name, organisation.names)
        organisation.save(update_fields=[*clean.keys(), "search_text", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=organisation,
                     changes=audit.diff(before, audit.snapshot(organisation, ORGANISATION_FIELDS)))
    return organisation


def do_verify_organisation(*, actor: Any, organisation: Organisation) -> Organisation:
    """Committee staff verify an organisation; its applicant becomes its org_admin."""
    _require(actor, "network.verify_organisation")
    from korpu.accounts.services import do_assign_role

    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if organisation.status == OrganisationStatus.VERIFIED:
            return organisation
        old = organisation.status
        organisation.status = OrganisationStatus.VERIFIED
        organisation.verified_by = _user(actor)
        organisation.verified_at = timezone.now()
        organisation.save(update_fields=["status", "verified_by", "verified_at", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=organisation,
                     changes={"status": [old, organisation.status]}, message="verified")
        applicant = organisation.applied_by  # None without a query when applied_by_id is None
        if applicant is not None and not applicant.role_assignments.filter(
                organisation_id=organisation.pk, role__code="org_admin").exists():
            do_assign_role(actor="system", user=applicant, role_code="org_admin",
                           organisation_id=organisation.pk)
    return organisation


def do_set_organisation_status(*, actor: Any, organisation: Organisation, status: str) -> Organisation:
    """Mark an organisation inactive (or proposed again); verifying goes through do_verify_organisation."""
    _require(actor, "network.verify_organisation")
    if status == OrganisationStatus.VERIFIED:
        return do_verify_organisation(actor=actor, organisation=organisation)
    if status not in OrganisationStatus.values:
        raise NetworkError(_("Unknown status."))
    with transaction.atomic():
        old = organisation.status
        organisation.status = status
        organisation.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=organisation, changes={"status": [old, status]})
    return organisation


def do_link_organisations(*, actor: Any, source: Organisation, target: Organisation, kind: str) -> OrganisationLink:
    """`source` becomes a member of (umbrella) or a partner of `target`."""
    if not (_is_system(actor) or permissions.is_platform(actor, "network.verify_organisation")
            or permissions.has_perm(actor, "network.change_organisation", source)):
        raise PermissionDenied()
    if kind not in LinkKind.values:
        raise NetworkError(_("Unknown kind of link."))
    if source.pk == target.pk:
        raise NetworkError(_("An organisation cannot be linked to itself."))
    with transaction.atomic():
        link, created = OrganisationLink.objects.get_or_create(source=source, target=target, kind=kind)
        if created:
            audit.record(actor=actor, action=AuditAction.CREATE, obj=link,
                         changes={"source": str(source.pk), "target": str(target.pk), "kind": kind})
    return link


def do_unlink_organisations(*, actor: Any, link: OrganisationLink) -> None:
    if not (_is_system(actor) or permissions.is_platform(actor, "network.verify_organisation")
            or permissions.has_perm(actor, "network.change_organisation", link.source)):
        raise PermissionDenied()
    with transaction.atomic():
        audit.record(actor=actor, action=AuditAction.DELETE, obj=link)
        link.delete()


# --- People ---------------------------------------------------------------------------------------
def _clean_person(data: dict, *, pseudonym: bool) -> dict:
    out = dict(data)
    if "name" in out:
        out["name"] = check_name(out["name"])
        out.setdefault("script", script_of(out["name"]))
    if out.get("script") and out["script"] not in Script.values:
        out["script"] = script_of(out.get("name", ""))
    if out.get("patronymic"):
        out["patronymic"] = check_name(out["patronymic"])[:150]
    if "country" in out:
        out["country"] = check_country(out["country"], required=False)
    for key, limit in (("city", 120), ("profession", 200), ("phone", 50), ("email", 254)):
        if key in out:
            out[key] = check_text(out[key], limit=limit, label=key)
    if out.get("email") and ("@" not in out["email"] or " " in out["email"]):
        raise NetworkError(_("“{email}” is not an e-mail address.").format(email=out["email"][:80]))
    if "languages" in out:
        out["languages"] = [str(code)[:8] for code in out["languages"] or []][:20]
    if pseudonym:
        # Members in hostile host states: no contact data at all.
        out["email"] = ""
        out["phone"] = ""
    return out


def do_create_person(*, actor: Any, organisation: Organisation | None = None, role: str = MembershipRole.MEMBER,
                     since: dt.date | None = None, variants: Iterable[tuple[str, str]] = (),
                     consents: dict[str, bool] | None = None, consent_source: str = ConsentSource.OFFICER,
                     user=None, **data) -> Person:
    """Add a person (to `organisation`, when given, as a member in `role`)."""
    if organisation is not None:
        if not (_is_system(actor) or permissions.is_platform(actor, "network.change_person")
                or organisation.pk in permissions.organisations_with(actor, "network.change_person")):
            raise PermissionDenied()
    elif not _is_system(actor) and user != actor:
        raise PermissionDenied()
    clean = _clean_person({k: v for k, v in data.items() if k in PERSON_FIELDS},
                          pseudonym=bool(data.get("is_pseudonym")))
    if role not in MembershipRole.values:
        raise NetworkError(_("Unknown role."))
    with transaction.atomic():
        person = Person.objects.create(user=user, **clean)
        for text, kind in variants:
            _add_variant(person, text, kind)
        rekey_person(person)
        if organisation is not None:
            Membership.objects.create(person=person, organisation=organisation, role=role, since=since)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=person,
                     changes=audit.snapshot(person, PERSON_FIELDS))
        for purpose, granted in (consents or {}).items():
            _record_consent(actor, person, purpose, granted, consent_source)
    return person


def can_change_person(actor: Any, person: Person) -> bool:
    return _is_system(actor) or permissions.has_perm(actor, "network.change_person", person)


def do_update_person(*, actor: Any, person: Person, **data) -> Person:
    """Correct a person's data (the person themselves or their organisation's officers)."""
    if not can_change_person(actor, person):
        raise PermissionDenied()
    if person.erased_at:
        raise NetworkError(_("This person was erased."))
    pseudonym = data.get("is_pseudonym", person.is_pseudonym)
    clean = _clean_person({k: v for k, v in data.items() if k in PERSON_FIELDS}, pseudonym=pseudonym)
    with transaction.atomic():
        before = audit.snapshot(person, PERSON_FIELDS)
        for key, value in clean.items():
            setattr(person, key, value)
        person.save(update_fields=[*clean.keys(), "updated_at"])
        if "name" in clean:
            rekey_person(person)
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=person,
                     changes=audit.diff(before, audit.snapshot(person, PERSON_FIELDS)))
    return person


def _add_variant(person: Person, text: str, kind: str) -> NameVariant | None:
    text = check_name(text)
    if text == person.name:
        return None
    if kind not in VariantKind.values:
        kind = VariantKind.OTHER
    variant, _created = NameVariant.objects.get_or_create(person=person, text=text,
                                                          defaults={"script": script_of(text), "kind": kind})
    return variant


def do_add_name_variant(*, actor: Any, person: Person, text: str, kind: str = VariantKind.OTHER) -> NameVariant | None:
    """Add another form of the person's name (Latin, Cyrillic, Arabic, passport spelling...)."""
    if not can_change_person(actor, person):
        raise PermissionDenied()
    with transaction.atomic():
        variant = _add_variant(person, text, kind)
        rekey_person(person)
        if variant is not None:
            audit.record(actor=actor, action=AuditAction.CREATE, obj=person, message="name variant",
                         changes={"variant": variant.text, "kind": variant.kind})
    return variant


def do_remove_name_variant(*, actor: Any, variant: NameVariant) -> None:
    person = variant.person
    if not can_change_person(actor, person):
        raise PermissionDenied()
    with transaction.atomic():
        audit.record(actor=actor, action=AuditAction.DELETE, obj=person, message="name variant",
                     changes={"variant": variant.text})
        variant.delete()
        rekey_person(person)


# --- Memberships ----------------------------------------------------------------------------------
def _may_manage_members(actor: Any, organisation: Organisation) -> bool:
    return (_is_system(actor) or permissions.is_platform(actor, "network.change_person")
            or organisation.pk in permissions.organisations_with(actor, "network.change_person"))


def do_add_membership(*, actor: Any, person: Person, organisation: Organisation, role: str = MembershipRole.MEMBER,
                      since: dt.date | None = None, until: dt.date | None = None) -> Membership:
    """`person` joins `organisation` in `role` (the organisation's officers record it)."""
    if not _may_manage_members(actor, organisation):
        raise PermissionDenied()
    if role not in MembershipRole.values:
        raise NetworkError(_("Unknown role."))
    if since and until and until < since:
        raise NetworkError(_("The end date is before the start date."))
    with transaction.atomic():
        membership = Membership.objects.create(person=person, organisation=organisation, role=role, since=since,
                                               until=until)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=membership,
                     changes={"person": str(person.pk), "organisation": str(organisation.pk), "role": role})
    return membership


def do_end_membership(*, actor: Any, membership: Membership, until: dt.date | None = None) -> Membership:
    if not _may_manage_members(actor, membership.organisation):
        raise PermissionDenied()
    until = until or timezone.localdate()
    if membership.since and until < membership.since:
        raise NetworkError(_("The end date is before the start date."))
    with transaction.atomic():
        membership.until = until
        membership.save(update_fields=["until", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=membership, changes={"until": [None, until]})
    return membership


# --- Consent --------------------------------------------------------------------------------------
def _record_consent(actor: Any, person: Person, purpose: str, granted: bool, source: str) -> Consent:
    if purpose not in ConsentPurpose.values:
        raise NetworkError(_("Unknown purpose of consent."))
    if source not in ConsentSource.values:
        raise NetworkError(_("Unknown source of consent."))
    consent = Consent.objects.create(person=person, purpose=purpose, granted=bool(granted), source=source,
                                     recorded_by=_user(actor))
    if purpose == ConsentPurpose.SHARE_WITH_COMMITTEE and person.shares_with_committee != bool(granted):
        person.shares_with_committee = bool(granted)
        person.save(update_fields=["shares_with_committee", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=person, message="consent",
                 changes={"purpose": purpose, "granted": bool(granted), "source": source})
    return consent


def do_record_consent(*, actor: Any, person: Person, purpose: str, granted: bool,
                      source: str = ConsentSource.SELF_SERVICE) -> Consent:
    """Record one decision about one purpose; the newest decision is in force."""
    if not can_change_person(actor, person):
        raise PermissionDenied()
    with transaction.atomic():
        return _record_consent(actor, person, purpose, granted, source)


# --- Erasure --------------------------------------------------------------------------------------
def can_erase(actor: Any, person: Person) -> bool:
    if _is_system(actor):
        return True
    if person.user_id and getattr(actor, "pk", None) == person.user_id:
        return True
    return permissions.is_platform(actor, "network.erase_person")


def do_erase_person(*, actor: Any, person: Person) -> Person:
    """Anonymise a person everywhere: here, in every app (signal), and in old audit rows.

    Memberships and consents stay (as counts), so totals and ledgers still balance.
    """
    if not can_erase(actor, person):
        raise PermissionDenied()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.erased_at:
            return person
        personal = [person.name, person.patronymic, person.email, person.phone, person.city, person.profession,
                    *person.variants.values_list("text", flat=True)]
        person.variants.all().delete()
        NameKey.objects.filter(person=person).delete()
        DuplicateCandidate.objects.filter(a=person).delete()
        DuplicateCandidate.objects.filter(b=person).delete()
        person.name = ERASED
        person.patronymic = person.email = person.phone = person.city = person.profession = ""
        person.languages = []
        person.is_pseudonym = False
        person.user = None
        person.erased_at = timezone.now()
        person.save()
        signals.person_erased.send(sender=Person, person_id=person.pk)
        audit.redact_values(object_type=audit.object_type_of(Person), object_id=person.pk,
                            values=[v for v in personal if v and len(v) > 1])
        audit.record(actor=actor, action=AuditAction.ERASE, obj=person, object_repr=ERASED)
    return person


# --- Duplicates and merges ------------------------------------------------------------------------
def can_merge(actor: Any, survivor: Person, merged: Person) -> bool:
    if _is_system(actor):
        return True
    from korpu.network.selectors import people_for

    visible = set(people_for(actor).filter(pk__in=[survivor.pk, merged.pk]).values_list("pk", flat=True))
    allowed = permissions.is_platform(actor, "network.merge_people") or bool(
        permissions.organisations_with(actor, "network.merge_people"))
    return allowed and visible == {survivor.pk, merged.pk}


def do_merge_people(*, actor: Any, survivor: Person, merged: Person) -> PersonMerge:
    """Merge `merged` into `survivor` (confirmed by an officer, never automatic).

    Every form of the merged name stays as a variant; what moved is kept so the merge can be undone.
    """
    if survivor.pk == merged.pk:
        raise NetworkError(_("A person cannot be merged with themselves."))
    if not can_merge(actor, survivor, merged):
        raise PermissionDenied()
    with transaction.atomic():
        survivor = Person.objects.select_for_update().get(pk=survivor.pk)
        merged = Person.objects.select_for_update().get(pk=merged.pk)
        if merged.merged_into_id or survivor.merged_into_id or merged.erased_at or survivor.erased_at:
            raise NetworkError(_("One of these records was already merged or erased."))
        moved: dict[str, Any] = {"memberships": [], "consents": [], "variants": [], "added_variants": [],
                                 "user_id": None}
        membership_ids = list(merged.memberships.values_list("pk", flat=True))
        Membership.objects.filter(pk__in=membership_ids).update(person=survivor)
        moved["memberships"] = [str(i) for i in membership_ids]
        consent_ids = list(merged.consents.values_list("pk", flat=True))
        Consent.objects.filter(pk__in=consent_ids).update(person=survivor)
        moved["consents"] = [str(i) for i in consent_ids]
        existing = set(survivor.variants.values_list("text", flat=True)) | {survivor.name}
        for variant in list(merged.variants.all()):
            if variant.text in existing:
                continue
            NameVariant.objects.filter(pk=variant.pk).update(person=survivor)
            moved["variants"].append(str(variant.pk))
            existing.add(variant.text)
        if merged.name not in existing:
            added = NameVariant.objects.create(person=survivor, text=merged.name, script=merged.script,
                                               kind=VariantKind.MERGED)
            moved["added_variants"].append(str(added.pk))
        if merged.user_id and not survivor.user_id:
            moved["user_id"] = merged.user_id
            user_id = merged.user_id
            merged.user = None
            merged.save(update_fields=["user"])
            survivor.user_id = user_id
            survivor.save(update_fields=["user"])
        merged.merged_into = survivor
        merged.save(update_fields=["merged_into", "updated_at"])
        _refresh_consent_flag(survivor)
        rekey_person(survivor)
        NameKey.objects.filter(person=merged).delete()
        record = PersonMerge.objects.create(survivor=survivor, merged=merged, merged_by=_user(actor), moved=moved)
        DuplicateCandidate.objects.filter(a__in=[survivor, merged], b__in=[survivor, merged]).update(
            status=DuplicateStatus.MERGED)
        signals.persons_merged.send(sender=Person, survivor_id=survivor.pk, merged_id=merged.pk)
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=survivor, message="merged",
                     changes={"merged": str(merged.pk), "moved": moved})
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=merged, message="merged into",
                     changes={"survivor": str(survivor.pk)})
    return record


def _refresh_consent_flag(person: Person) -> None:
    from korpu.network.selectors import has_consent

    flag = has_consent(person.pk, ConsentPurpose.SHARE_WITH_COMMITTEE)
    if flag != person.shares_with_committee:
        person.shares_with_committee = flag
        person.save(update_fields=["shares_with_committee"])


def do_undo_merge(*, actor: Any, merge: PersonMerge) -> PersonMerge:
    """Give the merged record back what it brought."""
    if not can_merge(actor, merge.survivor, merge.survivor) and not _is_system(actor):
        raise PermissionDenied()
    if merge.undone_at:
        raise NetworkError(_("This merge was already undone."))
    with transaction.atomic():
        survivor, merged = merge.survivor, merge.merged
        moved = merge.moved
        Membership.objects.filter(pk__in=moved.get("memberships", []), person=survivor).update(person=merged)
        Consent.objects.filter(pk__in=moved.get("consents", []), person=survivor).update(person=merged)
        NameVariant.objects.filter(pk__in=moved.get("variants", []), person=survivor).update(person=merged)
        NameVariant.objects.filter(pk__in=moved.get("added_variants", [])).delete()
        if moved.get("user_id") and survivor.user_id == moved["user_id"]:
            survivor.user = None
            survivor.save(update_fields=["user"])
            merged.user_id = moved["user_id"]
        merged.merged_into = None
        merged.save(update_fields=["merged_into", "user", "updated_at"])
        for person in (survivor, merged):
            _refresh_consent_flag(person)
            rekey_person(person)
        merge.undone_at = timezone.now()
        merge.save(update_fields=["undone_at", "updated_at"])
        DuplicateCandidate.objects.filter(a__in=[survivor, merged], b__in=[survivor, merged]).update(
            status=DuplicateStatus.OPEN)
        signals.persons_unmerged.send(sender=Person, survivor_id=survivor.pk, merged_id=merged.pk)
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=survivor, message="merge undone",
                     changes={"merged": str(merged.pk)})
    return merge


def do_dismiss_duplicate(*, actor: Any, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """An officer says the pair is two different people."""
    if not can_merge(actor, candidate.a, candidate.b):
        raise PermissionDenied()
    with transaction.atomic():
        candidate.status = DuplicateStatus.DISMISSED
        candidate.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=candidate, changes={"status": "dismissed"})
    return candidate
