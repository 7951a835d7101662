"""Import of organisations, people and memberships from CSV or XLSX (format: docs/network.md).

Two steps: `check` reads and validates every row without writing (the dry run, with per-row errors
translated into the uploader's language), then `write` re-checks and writes everything in one
transaction, or nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from korpu import names
from korpu.core import audit
from korpu.core.models import AuditAction
from korpu.network import countries
from korpu.network.models import (
    Consent,
    ConsentPurpose,
    ConsentSource,
    ImportJob,
    ImportKind,
    ImportStatus,
    Membership,
    MembershipRole,
    NameKey,
    NameVariant,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Person,
    Script,
    VariantKind,
)
from korpu.network.services import name_problems, organisation_search_text, script_of

MAX_ROWS = 200_000
MAX_CELL = 1000

COLUMNS: dict[str, dict[str, bool]] = {
    # column → required
    ImportKind.PEOPLE: {
        "name": True, "patronymic": False, "latin_name": False, "cyrillic_name": False, "arabic_name": False,
        "persian_name": False, "passport_name": False, "pseudonym": False, "country": False, "city": False,
        "languages": False, "profession": False, "email": False, "phone": False, "role": False, "since": False,
        "consent_contact": False, "consent_share_committee": False, "consent_named_public": False,
        "consent_newsletter": False,
    },
    ImportKind.ORGANISATIONS: {
        "name": True, "name_az": False, "name_en": False, "name_ru": False, "name_tr": False, "name_ar": False,
        "kind": False, "country": True, "city": False, "founded_year": False, "languages": False, "email": False,
        "phone": False, "website": False, "diaspora": False,
    },
    ImportKind.MEMBERSHIPS: {
        "person_email": False, "person_id": False, "organisation_id": False, "role": False, "since": False,
        "until": False,
    },
}
VARIANT_COLUMNS = {"latin_name": VariantKind.LATIN, "cyrillic_name": VariantKind.CYRILLIC,
                   "arabic_name": VariantKind.ARABIC, "persian_name": VariantKind.PERSIAN,
                   "passport_name": VariantKind.PASSPORT}
CONSENT_COLUMNS = {"consent_contact": ConsentPurpose.CONTACT_BY_ORGANISATION,
                   "consent_share_committee": ConsentPurpose.SHARE_WITH_COMMITTEE,
                   "consent_named_public": ConsentPurpose.NAMED_IN_PUBLIC,
                   "consent_newsletter": ConsentPurpose.NEWSLETTER}
YES = {"yes", "y", "true", "1", "bəli", "да", "evet", "نعم", "x"}
NO = {"no", "n", "false", "0", "xeyr", "нет", "hayır", "لا", ""}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


class FileProblem(Exception):
    """The file as a whole cannot be read."""


@dataclass
class Checked:
    """The dry run's outcome."""

    kind: str
    total: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.total > 0

    def error(self, row: int, column: str, message: str) -> None:
        if len(self.errors) < 1000:
            self.errors.append({"row": row, "column": column, "message": message})


# --- Reading --------------------------------------------------------------------------------------
def read_rows(content: bytes, filename: str) -> tuple[list[str], Iterator[list[str]]]:
    """The header and the rows of a CSV or XLSX file, as text."""
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        return _read_xlsx(content)
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = content.decode("utf-16")
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileProblem(_("The file is not in UTF-8 (the byte at position {position} is not valid). "
                                "Save it as “CSV UTF-8” and upload it again.").format(position=exc.start)) from exc
    if "\x00" in text:
        raise FileProblem(_("The file contains NUL bytes: it is not a text CSV file."))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise FileProblem(_("The file is empty.")) from None
    return header, reader


def _read_xlsx(content: bytes):
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileProblem(_("The file is not a valid XLSX workbook.")) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [_cell(v) for v in next(rows)]
    except StopIteration:
        raise FileProblem(_("The file is empty.")) from None

    def body():
        for row in rows:
            yield [_cell(v) for v in row]

    return header, body()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- Checking -------------------------------------------------------------------------------------
def check(content: bytes, filename: str, kind: str, *, organisation: Organisation | None = None,
          progress: Callable[[int, int], None] | None = None) -> Checked:
    """Read and validate every row; write nothing."""
    result = Checked(kind=kind)
    try:
        header, rows = read_rows(content, filename)
    except FileProblem as exc:
        result.error(0, "", str(exc))
        return result
    columns = [names.normalize(h or "").strip().lower().replace(" ", "_") for h in header]
    known = COLUMNS[kind]
    unknown = [c for c in columns if c and c not in known]
    missing = [c for c, required in known.items() if required and c not in columns]
    if unknown:
        result.error(1, ", ".join(unknown), _("Unknown columns: {columns}. Expected: {expected}.").format(
            columns=", ".join(unknown)[:200], expected=", ".join(known)))
    if missing:
        result.error(1, ", ".join(missing), _("Missing columns: {columns}.").format(columns=", ".join(missing)))
    if len(set(columns)) != len(columns):
        result.error(1, "", _("A column appears twice in the header."))
    if result.errors:
        return result
    checkers: dict[str, Callable[[dict, int, Checked, _Context], dict | None]]
    checkers = {ImportKind.PEOPLE: _check_person, ImportKind.ORGANISATIONS: _check_organisation,
                ImportKind.MEMBERSHIPS: _check_membership}
    checker = checkers[kind]
    context = _Context(kind, organisation)
    for number, raw in enumerate(rows, start=2):
        if not any((cell or "").strip() for cell in raw):
            continue
        result.total += 1
        if result.total > MAX_ROWS:
            result.error(number, "", _("The file has more than {count} rows; split it.").format(count=MAX_ROWS))
            break
        if len(raw) > len(columns):
            result.error(number, "", _("The row has more cells than the header."))
            continue
        row = {c: (raw[i] if i < len(raw) else "") for i, c in enumerate(columns)}
        row = {c: (v or "").strip() for c, v in row.items()}
        clean = checker(row, number, result, context)
        if clean is not None:
            result.rows.append(clean)
        if progress and result.total % 5000 == 0:
            progress(result.total, 0)
    if result.total == 0 and not result.errors:
        result.error(0, "", _("The file has no rows."))
    return result


class _Context:
    def __init__(self, kind: str, organisation: Organisation | None):
        self.organisation = organisation
        self.seen: set[tuple] = set()
        self.emails: dict[str, Any] = {}
        self.organisations: set[str] = set()
        if kind == ImportKind.MEMBERSHIPS:
            self.organisations = {str(i) for i in Organisation.objects.values_list("id", flat=True)}


def _plain(row: dict, column: str, number: int, result: Checked, *, limit: int = 200) -> str | None:
    value = row.get(column, "")
    if BAD_CHARS.search(value):
        result.error(number, column, _("Contains control or right-to-left override characters."))
        return None
    if len(value) > limit:
        result.error(number, column, _("Too long: at most {limit} characters.").format(limit=limit))
        return None
    return value


def _name(row: dict, column: str, number: int, result: Checked, *, required: bool) -> str | None:
    value = row.get(column, "")
    if not value and not required:
        return ""
    problems = name_problems(value)
    if problems:
        for problem in problems:
            result.error(number, column, problem)
        return None
    return names.normalize(value)


def _country(row: dict, column: str, number: int, result: Checked, *, required: bool) -> str | None:
    value = row.get(column, "")
    if not value and not required:
        return ""
    code = countries.parse(value[:100])
    if code is None:
        result.error(number, column, _("Unknown country “{value}” (use an ISO code such as DE).").format(
            value=_shown(value)))
    return code


def _shown(value: str) -> str:
    """A value safe to show back in an error message: short, without control characters."""
    return BAD_CHARS.sub("�", value)[:40]


def _bool(row: dict, column: str, number: int, result: Checked) -> bool | None:
    value = row.get(column, "").casefold()
    if value in YES:
        return True
    if value in NO:
        return False
    result.error(number, column, _("Write yes or no, not “{value}”.").format(value=_shown(value)))
    return None


def _date(row: dict, column: str, number: int, result: Checked) -> dt.date | None | bool:
    value = row.get(column, "")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        result.error(number, column, _("“{value}” is not a date (write YYYY-MM-DD).").format(value=_shown(value)))
        return False


def _languages(row: dict, number: int, result: Checked) -> list[str] | None:
    value = row.get("languages", "")
    parts = [p.strip().lower() for p in re.split(r"[|,;\s]+", value) if p.strip()]
    bad = [p for p in parts if not re.fullmatch(r"[a-z]{2,3}", p)]
    if bad:
        result.error(number, "languages", _("Not language codes: {codes}.").format(codes=_shown(", ".join(bad))))
        return None
    return parts


def _role(row: dict, number: int, result: Checked) -> str | None:
    value = row.get("role", "").casefold() or MembershipRole.MEMBER
    if value not in MembershipRole.values:
        result.error(number, "role", _("Unknown role “{value}” (chair, board, member, volunteer).").format(
            value=_shown(value)))
        return None
    return value


def _check_person(row: dict, number: int, result: Checked, context: _Context) -> dict | None:
    before = len(result.errors)
    clean: dict[str, Any] = {"row": number}
    clean["name"] = _name(row, "name", number, result, required=True)
    clean["patronymic"] = _name(row, "patronymic", number, result, required=False)
    clean["variants"] = []
    for column, kind in VARIANT_COLUMNS.items():
        value = _name(row, column, number, result, required=False)
        if value and value != clean["name"]:
            clean["variants"].append((value, kind))
    clean["is_pseudonym"] = _bool(row, "pseudonym", number, result) if row.get("pseudonym") else False
    clean["country"] = _country(row, "country", number, result, required=False)
    clean["city"] = _plain(row, "city", number, result, limit=120)
    clean["profession"] = _plain(row, "profession", number, result, limit=200)
    clean["languages"] = _languages(row, number, result)
    email = _plain(row, "email", number, result, limit=254)
    if email and not EMAIL.match(email):
        result.error(number, "email", _("“{value}” is not an e-mail address.").format(value=_shown(email)))
    clean["email"] = (email or "").lower()
    clean["phone"] = _plain(row, "phone", number, result, limit=50)
    if clean["is_pseudonym"] and (clean["email"] or clean["phone"]):
        result.error(number, "email", _("A pseudonymous person has no contact data: leave e-mail and phone empty."))
    clean["role"] = _role(row, number, result)
    clean["since"] = _date(row, "since", number, result)
    clean["consents"] = {}
    for column, purpose in CONSENT_COLUMNS.items():
        if row.get(column, "") != "":
            clean["consents"][purpose] = _bool(row, column, number, result)
    if len(result.errors) > before:
        return None
    identity = (names.normalize(clean["name"]).casefold(), clean["patronymic"].casefold(), clean["email"])
    if identity in context.seen:
        result.error(number, "name", _("The same person appears twice in the file."))
        return None
    context.seen.add(identity)
    return clean


def _check_organisation(row: dict, number: int, result: Checked, context: _Context) -> dict | None:
    before = len(result.errors)
    clean: dict[str, Any] = {"row": number}
    clean["name"] = _name(row, "name", number, result, required=True)
    clean["names"] = {}
    for language in ("az", "en", "ru", "tr", "ar"):
        value = _name(row, f"name_{language}", number, result, required=False)
        if value:
            clean["names"][language] = value
    kind = row.get("kind", "").casefold() or OrganisationKind.COMMUNITY
    if kind not in OrganisationKind.values:
        result.error(number, "kind", _("Unknown kind “{value}”.").format(value=_shown(kind)))
    clean["kind"] = kind
    clean["country"] = _country(row, "country", number, result, required=True)
    clean["city"] = _plain(row, "city", number, result, limit=120)
    year = row.get("founded_year", "")
    clean["founded_year"] = None
    if year:
        if not year.isdigit() or not 1800 <= int(year) <= timezone.now().year:
            result.error(number, "founded_year", _("“{value}” is not a plausible year.").format(value=_shown(year)))
        else:
            clean["founded_year"] = int(year)
    clean["languages"] = _languages(row, number, result)
    for column in ("email", "phone", "website"):
        clean[column] = _plain(row, column, number, result)
    clean["diaspora"] = (_plain(row, "diaspora", number, result, limit=8) or "az").lower()
    if len(result.errors) > before:
        return None
    identity = (clean["name"].casefold(), clean["country"], (clean["city"] or "").casefold())
    if identity in context.seen:
        result.error(number, "name", _("The same organisation appears twice in the file."))
        return None
    context.seen.add(identity)
    return clean


def _check_membership(row: dict, number: int, result: Checked, context: _Context) -> dict | None:
    before = len(result.errors)
    clean: dict[str, Any] = {"row": number}
    email = row.get("person_email", "").lower()
    person_id = row.get("person_id", "")
    if not email and not person_id:
        result.error(number, "person_email", _("Give person_email or person_id."))
        return None
    lookup = Person.objects.filter(erased_at__isnull=True, merged_into__isnull=True)
    person = None
    try:
        person = lookup.filter(pk=person_id).first() if person_id else lookup.filter(email=email).first()
    except Exception:  # a malformed UUID
        person = None
    if person is None:
        result.error(number, "person_email" if email else "person_id", _("No such person in the registry."))
    organisation_id = row.get("organisation_id", "") or (str(context.organisation.pk) if context.organisation else "")
    if organisation_id not in context.organisations:
        result.error(number, "organisation_id", _("No such organisation."))
    elif context.organisation and organisation_id != str(context.organisation.pk):
        result.error(number, "organisation_id", _("You may import memberships of your own organisation only."))
    clean["role"] = _role(row, number, result)
    clean["since"] = _date(row, "since", number, result)
    clean["until"] = _date(row, "until", number, result)
    if clean["since"] and clean["until"] and clean["until"] < clean["since"]:
        result.error(number, "until", _("The end date is before the start date."))
    if len(result.errors) > before:
        return None
    assert person is not None  # else "No such person" was recorded above
    clean["person_id"] = person.pk
    clean["organisation_id"] = organisation_id
    identity = (str(person.pk), organisation_id, clean["role"])
    if identity in context.seen:
        result.error(number, "person_email", _("The same membership appears twice in the file."))
        return None
    context.seen.add(identity)
    return clean


# --- Writing --------------------------------------------------------------------------------------
BATCH = 5000


def write(checked: Checked, *, actor: Any, organisation: Organisation | None, job_id=None,
          progress: Callable[[int, int], None] | None = None) -> int:
    """Write every checked row in one transaction (all or nothing); returns the number of rows written."""
    if not checked.ok:
        raise ValueError("write() needs a file without errors")
    with transaction.atomic():
        if checked.kind == ImportKind.PEOPLE:
            count = _write_people(checked.rows, actor=actor, organisation=organisation, progress=progress)
        elif checked.kind == ImportKind.ORGANISATIONS:
            count = _write_organisations(checked.rows, actor=actor)
        else:
            count = _write_memberships(checked.rows)
        audit.record(actor=actor, action=AuditAction.CREATE, object_type="network.importjob",
                     object_id=job_id or "", object_repr=f"import {checked.kind}",
                     changes={"kind": checked.kind, "rows": count,
                              "organisation": str(organisation.pk) if organisation else None},
                     message=f"imported {count} {checked.kind}")
    return count


def _write_people(rows, *, actor, organisation, progress) -> int:
    import uuid

    from korpu.network import bulk

    user_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    bulk.tune_for_bulk()
    written = 0
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        people, variants, keys, memberships, consents = [], [], [], [], []
        for row in chunk:
            pid = uuid.uuid4()
            shares = bool(row["consents"].get(ConsentPurpose.SHARE_WITH_COMMITTEE))
            people.append((pid, now, now, row["name"], script_of(row["name"]), row["patronymic"][:150],
                           bool(row["is_pseudonym"]), row["country"] or "", row["city"] or "", row["languages"] or [],
                           row["profession"] or "", row["email"], row["phone"] or "", shares))
            forms = [row["name"]]
            for text, kind in row["variants"]:
                script = script_of(text)
                variants.append((uuid.uuid4(), now, now, pid, text[:300],
                                 script if script in Script.values else Script.OTHER, kind))
                forms.append(text)
            for key in {k[:64] for form in forms for k in names.search_keys(form)}:
                keys.append((pid, key))
            if organisation is not None:
                memberships.append((uuid.uuid4(), now, now, pid, organisation.pk, row["role"], row["since"] or None))
            for purpose, granted in row["consents"].items():
                consents.append((uuid.uuid4(), now, now, pid, purpose, granted, now, ConsentSource.IMPORT, user_id))
        bulk.insert(Person, ["id", "created_at", "updated_at", "name", "script", "patronymic", "is_pseudonym",
                             "country", "city", "languages", "profession", "email", "phone",
                             "shares_with_committee"], people)
        bulk.insert(NameVariant, ["id", "created_at", "updated_at", "person", "text", "script", "kind"], variants)
        bulk.insert(NameKey, ["person", "key"], keys)
        bulk.insert(Membership, ["id", "created_at", "updated_at", "person", "organisation", "role", "since"],
                    memberships)
        bulk.insert(Consent, ["id", "created_at", "updated_at", "person", "purpose", "granted", "decided_at",
                              "source", "recorded_by"], consents)
        written += len(chunk)
        if progress:
            progress(written, len(rows))
    return written


def _write_organisations(rows, *, actor) -> int:
    from korpu.core import permissions

    user = actor if getattr(actor, "is_authenticated", False) else None
    # Committee staff (and the operator's command line) import the registry they already know: verified.
    trusted = user is None or permissions.is_platform(actor, "network.verify_organisation")
    status = OrganisationStatus.VERIFIED if trusted else OrganisationStatus.PROPOSED
    organisations = [
        Organisation(name=row["name"], names=row["names"], search_name=row["name"].casefold()[:300],
                     search_text=organisation_search_text(row["name"], row["names"]),
                     kind=row["kind"], country=row["country"], city=row["city"] or "",
                     founded_year=row["founded_year"], languages=row["languages"] or [], email=row["email"] or "",
                     phone=row["phone"] or "", website=row["website"] or "", diaspora=row["diaspora"],
                     status=status, applied_by=user, verified_at=timezone.now() if trusted else None)
        for row in rows
    ]
    Organisation.objects.bulk_create(organisations, batch_size=BATCH)
    return len(organisations)


def _write_memberships(rows) -> int:
    memberships = [Membership(person_id=row["person_id"], organisation_id=row["organisation_id"], role=row["role"],
                              since=row["since"] or None, until=row["until"] or None) for row in rows]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    return len(memberships)


# --- Jobs (the pages' and the API's import) -------------------------------------------------------
INLINE_CHECK_BYTES = 512 * 1024


def may_import(actor: Any, kind: str, organisation: Organisation | None) -> bool:
    from korpu.core import permissions

    if kind == ImportKind.ORGANISATIONS:
        return permissions.is_platform(actor, "network.verify_organisation")
    if organisation is None:
        return False
    return permissions.is_platform(actor, "network.import") or (
        organisation.pk in permissions.organisations_with(actor, "network.import"))


def do_upload_import(*, actor: Any, kind: str, filename: str, content: bytes,
                     organisation: Organisation | None) -> ImportJob:
    """Store an uploaded file and run its dry run (at once when small, else as a task)."""
    from korpu.core.errors import PermissionDenied
    from korpu.core.tasks import enqueue_on_commit

    if kind not in ImportKind.values or not may_import(actor, kind, organisation):
        raise PermissionDenied()
    with transaction.atomic():
        job = ImportJob.objects.create(created_by=actor if getattr(actor, "is_authenticated", False) else None,
                                       organisation=organisation, kind=kind, filename=filename[:200],
                                       content=content, status=ImportStatus.QUEUED)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=job, changes={"kind": kind, "file": filename[:200]})
    if len(content) <= INLINE_CHECK_BYTES:
        check_job(job.pk)
        job.refresh_from_db()
    else:
        from korpu.network.tasks import check_import

        with transaction.atomic():
            enqueue_on_commit(check_import, str(job.pk))
    return job


def _set(job_id, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(**fields)


def check_job(job_id) -> None:
    """The dry run of a job: every row checked, errors and a preview stored, nothing written."""
    job = ImportJob.objects.get(pk=job_id)
    _set(job_id, status=ImportStatus.RUNNING, processed=0)
    checked = check(bytes(job.content), job.filename, job.kind, organisation=job.organisation,
                    progress=lambda done, _total: _set(job_id, processed=done))
    preview = [{k: (v if isinstance(v, (str, int, bool, type(None))) else str(v)) for k, v in row.items()}
               for row in checked.rows[:20]]
    _set(job_id, status=ImportStatus.PREVIEWED if checked.ok else ImportStatus.INVALID, total=checked.total,
         processed=checked.total, errors=checked.errors, preview=preview)


def do_confirm_import(*, actor: Any, job: ImportJob) -> ImportJob:
    """Write a checked job, as a task."""
    from korpu.core.errors import Conflict
    from korpu.core.tasks import enqueue_on_commit
    from korpu.network.tasks import run_import

    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportStatus.PREVIEWED:
            raise Conflict(_("This import cannot be started now."))
        job.status = ImportStatus.QUEUED
        job.processed = 0
        job.save(update_fields=["status", "processed", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=job, changes={"status": "queued"})
        enqueue_on_commit(run_import, str(job.pk))
    return job


def run_job(job_id) -> ImportJob:
    """Check again and write, all or nothing (the task's body)."""
    from django.utils import translation

    job = ImportJob.objects.select_related("created_by", "organisation").get(pk=job_id)
    actor = job.created_by or "system"
    language = getattr(job.created_by, "language", None) or "en"
    with translation.override(language):
        _set(job_id, status=ImportStatus.RUNNING, processed=0)
        checked = check(bytes(job.content), job.filename, job.kind, organisation=job.organisation)
        if not checked.ok:
            _set(job_id, status=ImportStatus.INVALID, errors=checked.errors, finished_at=timezone.now())
            return ImportJob.objects.get(pk=job_id)
        try:
            count = write(checked, actor=actor, organisation=job.organisation, job_id=job_id)
        except Exception as exc:  # the transaction rolled back: nothing written
            _set(job_id, status=ImportStatus.FAILED, finished_at=timezone.now(),
                 errors=[{"row": 0, "column": "", "message": _("The import failed: {error}").format(
                     error=str(exc)[:300])}])
            raise
        _set(job_id, status=ImportStatus.DONE, processed=count, written=count, finished_at=timezone.now(),
             content=b"")
    return ImportJob.objects.get(pk=job_id)
