"""Reading import files into a plan: Popolo JSON, officials CSV, postcode tables.

Pure functions, no writes: `services.do_preview_import` stores the plan and its report, and
`services.do_apply_import` carries out a plan with no errors, whole or not at all.

A plan is plain JSON:
    {"bodies": [{"ref", "name", "names", "kind", "parent", "website", "email"}],
     "areas": [{"ref", "name", "kind"}],
     "officials": [{"ref", "name", "other_names", "email", "phone", "address", "website", "row"}],
     "roles": [{"official", "body", "label", "area", "party", "start", "end", "ref"}],
     "postcodes": [[postcode, area name]]}
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from korpu import names
from korpu.advocacy.models import BodyKind, normalize_postcode

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000

# Every field the Popolo specification defines (and EveryPolitician's common additions): anything
# else is reported, so that a mistyped or foreign file is noticed rather than half-understood.
KNOWN = {
    "": {"persons", "organizations", "memberships", "posts", "areas", "events", "meta", "@context", "@type"},
    "persons": {"id", "name", "other_names", "identifiers", "email", "gender", "birth_date", "death_date",
                "image", "images", "contact_details", "links", "sources", "family_name", "given_name",
                "additional_name", "honorific_prefix", "honorific_suffix", "patronymic_name", "sort_name",
                "national_identity", "summary", "biography", "created_at", "updated_at", "memberships",
                "phone", "fax", "@type"},
    "organizations": {"id", "name", "other_names", "identifiers", "classification", "parent_id", "area_id",
                      "abstract", "description", "founding_date", "dissolution_date", "image",
                      "contact_details", "links", "sources", "seats", "created_at", "updated_at", "memberships",
                      "posts", "type", "@type"},
    "memberships": {"id", "label", "role", "person_id", "organization_id", "member", "on_behalf_of_id",
                    "post_id", "area_id", "legislative_period_id", "start_date", "end_date",
                    "contact_details", "links", "sources", "created_at", "updated_at", "@type"},
    "posts": {"id", "label", "other_label", "role", "organization_id", "area_id", "start_date", "end_date",
              "contact_details", "links", "sources", "memberships", "created_at", "updated_at", "@type"},
    "areas": {"id", "name", "identifiers", "classification", "type", "parent_id", "geometry", "other_names",
              "links", "sources", "created_at", "updated_at", "@type"},
}

OFFICIAL_COLUMNS = {"id", "name", "other_names", "body", "body_kind", "role", "constituency", "party",
                    "email", "address", "phone", "website", "start_date", "end_date"}
POSTCODE_COLUMNS = {"postcode", "constituency"}

_KIND_WORDS = [
    ("friendship", BodyKind.FRIENDSHIP_GROUP), ("committee", BodyKind.COMMITTEE), ("party", BodyKind.PARTY),
    ("legislature", BodyKind.PARLIAMENT), ("parliament", BodyKind.PARLIAMENT), ("chamber", BodyKind.PARLIAMENT),
    ("house", BodyKind.PARLIAMENT), ("ministry", BodyKind.MINISTRY), ("department", BodyKind.MINISTRY),
    ("agency", BodyKind.MINISTRY), ("executive", BodyKind.GOVERNMENT), ("government", BodyKind.GOVERNMENT),
    ("cabinet", BodyKind.GOVERNMENT), ("city", BodyKind.CITY), ("municipal", BodyKind.CITY),
    ("region", BodyKind.REGIONAL), ("state", BodyKind.REGIONAL), ("province", BodyKind.REGIONAL),
]


def body_kind(classification: str) -> str:
    """A BodyKind from a Popolo classification ("legislature", "party", ...)."""
    text = (classification or "").strip().lower()
    if text in BodyKind.values:
        return text
    for word, kind in _KIND_WORDS:
        if word in text:
            return str(kind)
    return str(BodyKind.OTHER)


class Report:
    """Errors stop an import; warnings and matches are shown in the preview."""

    def __init__(self) -> None:
        self.errors: list[dict[str, str]] = []
        self.warnings: list[dict[str, str]] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append({"where": where, "message": message})

    def warn(self, where: str, message: str) -> None:
        self.warnings.append({"where": where, "message": message})

    def unknown(self, where: str, fields, ignore: bool) -> None:
        if not fields:
            return
        listed = ", ".join(sorted(fields))
        if ignore:
            self.warn(where, _("Unknown fields ignored: {fields}.").format(fields=listed))
        else:
            self.error(where, _("Unknown fields: {fields}. Correct the file, or tick “ignore unknown fields”.").format(fields=listed))

    def as_dict(self) -> dict[str, Any]:
        return {"errors": self.errors, "warnings": self.warnings}


def _text(value: Any, limit: int = 300) -> str:
    return str(value).strip()[:limit] if isinstance(value, (str, int, float)) else ""


def _date(value: Any, where: str, report: Report) -> str | None:
    text = _text(value, 20)
    if not text:
        return None
    # Popolo allows reduced precision: "2021" or "2021-09".
    for fmt, pad in (("%Y-%m-%d", ""), ("%Y-%m", "-01"), ("%Y", "-01-01")):
        try:
            dt.datetime.strptime(text, fmt)
            return text + pad
        except ValueError:
            continue
    report.error(where, _("“{value}” is not a date (use YYYY-MM-DD).").format(value=text))
    return None


def _email(value: str, where: str, report: Report) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        EmailValidator()(value)
    except DjangoValidationError:
        report.error(where, _("“{value}” is not an e-mail address.").format(value=value[:80]))
        return ""
    return value.lower()


def _url(value: str, where: str, report: Report) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except DjangoValidationError:
        report.warn(where, _("“{value}” is not a web address; left out.").format(value=value[:80]))
        return ""
    return value[:200]


def _name(value: Any, where: str, report: Report) -> str:
    text = _text(value)
    problems = names.validate_name(text) if text else ["empty"]
    if "empty" in problems or not text:
        report.error(where, _("This person has no name."))
        return ""
    if problems:
        report.error(where, _("The name “{name}” cannot be used ({problems}).").format(
            name=text[:80], problems=", ".join(problems)))
        return ""
    return names.normalize(text)


def _contacts(record: dict, where: str, report: Report) -> dict[str, str]:
    out = {"email": "", "phone": "", "address": "", "website": ""}
    for item in record.get("contact_details") or []:
        if not isinstance(item, dict):
            continue
        kind = _text(item.get("type"), 40).lower()
        value = _text(item.get("value"), 500)
        if kind == "email" and not out["email"]:
            out["email"] = _email(value, where, report)
        elif kind in {"voice", "phone", "cell"} and not out["phone"]:
            out["phone"] = value[:60]
        elif kind in {"address", "postal"} and not out["address"]:
            out["address"] = value
    if record.get("email") and not out["email"]:
        out["email"] = _email(_text(record["email"], 254), where, report)
    if record.get("phone") and not out["phone"]:
        out["phone"] = _text(record["phone"], 60)
    for link in record.get("links") or []:
        if isinstance(link, dict) and not out["website"]:
            note = _text(link.get("note"), 60).lower()
            if note in {"", "website", "homepage", "official website"}:
                out["website"] = _url(_text(link.get("url"), 300), where, report)
    return out


def _other_names(record: dict) -> tuple[list[str], dict[str, str]]:
    forms: list[str] = []
    by_language: dict[str, str] = {}
    for item in record.get("other_names") or []:
        if isinstance(item, dict):
            text = _text(item.get("name"))
            if text and text not in forms:
                forms.append(names.normalize(text))
                lang = _text(item.get("lang"), 8).split("-")[0].split("_")[0]
                if lang:
                    by_language.setdefault(lang, text)
    return forms, by_language


def _records(data: dict, key: str, report: Report, ignore: bool) -> list[dict]:
    items = data.get(key) or []
    if not isinstance(items, list):
        report.error(key, _("“{key}” must be a list.").format(key=key))
        return []
    out = []
    for index, item in enumerate(items):
        where = f"{key}[{index}]"
        if not isinstance(item, dict):
            report.error(where, _("Each entry must be an object."))
            continue
        report.unknown(where, set(item) - KNOWN[key], ignore)
        out.append(item)
    return out


def read_popolo(raw: bytes | str, *, ignore_unknown: bool = False) -> tuple[dict, Report]:
    """Check a Popolo file and turn it into a plan (see the module docstring)."""
    report = Report()
    plan: dict[str, list] = {"bodies": [], "areas": [], "officials": [], "roles": [], "postcodes": []}
    if len(raw) > MAX_BYTES:
        report.error("file", _("The file is larger than 20 MB; split it by chamber."))
        return plan, report
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        report.error("file", _("The file is not valid JSON: {problem}.").format(problem=str(exc)[:120]))
        return plan, report
    if not isinstance(data, dict):
        report.error("file", _("A Popolo file is an object with “persons”, “organizations” and “memberships”."))
        return plan, report
    report.unknown("file", set(data) - KNOWN[""], ignore_unknown)
    persons = _records(data, "persons", report, ignore_unknown)
    organizations = _records(data, "organizations", report, ignore_unknown)
    memberships = _records(data, "memberships", report, ignore_unknown)
    posts = _records(data, "posts", report, ignore_unknown)
    areas = _records(data, "areas", report, ignore_unknown)
    if not persons:
        report.error("persons", _("The file lists no persons."))
    if sum(map(len, (persons, organizations, memberships, posts, areas))) > MAX_ROWS:
        report.error("file", _("The file has more than 50,000 entries; split it by chamber."))
        return plan, report

    def ids(kind: str, records: list[dict], need_id: bool = True) -> dict[str, int]:
        seen: dict[str, int] = {}
        for index, record in enumerate(records):
            ref = _text(record.get("id"), 200)
            where = f"{kind}[{index}]"
            if not ref:
                if need_id:
                    report.error(where, _("This entry has no “id”."))
                continue
            if ref in seen:
                report.error(where, _("The id “{id}” is used twice (also by {kind}[{other}]).").format(
                    id=ref, kind=kind, other=seen[ref]))
                continue
            seen[ref] = index
        return seen

    person_ids = ids("persons", persons)
    org_ids = ids("organizations", organizations)
    area_ids = ids("areas", areas)
    post_ids = ids("posts", posts)

    for index, area in enumerate(areas):
        name = _text(area.get("name"))
        if not name:
            report.error(f"areas[{index}]", _("This area has no name."))
        plan["areas"].append({"ref": _text(area.get("id"), 200), "name": name,
                              "kind": _text(area.get("classification") or area.get("type"), 60)})
    for index, org in enumerate(organizations):
        where = f"organizations[{index}]"
        name = _text(org.get("name"))
        if not name:
            report.error(where, _("This organisation has no name."))
        parent = _text(org.get("parent_id"), 200)
        if parent and parent not in org_ids:
            report.error(where, _("The parent “{id}” is not in the file.").format(id=parent))
        contacts = _contacts(org, where, report)
        plan["bodies"].append({"ref": _text(org.get("id"), 200), "name": name, "names": _other_names(org)[1],
                               "kind": body_kind(_text(org.get("classification"), 100)), "parent": parent,
                               "website": contacts["website"], "email": contacts["email"]})

    first_by_form: dict[tuple, int] = {}
    for index, person in enumerate(persons):
        where = f"persons[{index}]"
        name = _name(person.get("name"), where, report)
        forms, _langs = _other_names(person)
        contacts = _contacts(person, where, report)
        if name:
            # Two entries with the same name (in any script) and no e-mail telling them apart are
            # one official listed twice.
            form = (tuple(sorted(names.search_keys(name))), contacts["email"])
            if form in first_by_form and names.compare(name, plan["officials"][first_by_form[form]]["name"]).same:
                report.error(where, _("“{name}” duplicates persons[{other}]; list each official once.").format(
                    name=name, other=first_by_form[form]))
            else:
                first_by_form.setdefault(form, index)
        plan["officials"].append({"ref": _text(person.get("id"), 200), "name": name,
                                  "other_names": [f for f in forms if f != name], **contacts, "row": where})

    posts_by_id = {_text(p.get("id"), 200): p for p in posts}
    for index, membership in enumerate(memberships):
        where = f"memberships[{index}]"
        person_ref = _text(membership.get("person_id"), 200)
        post: dict = posts_by_id.get(_text(membership.get("post_id"), 200)) or {}
        org_ref = _text(membership.get("organization_id"), 200) or _text(post.get("organization_id"), 200)
        area_ref = _text(membership.get("area_id"), 200) or _text(post.get("area_id"), 200)
        party = _text(membership.get("on_behalf_of_id"), 200)
        if membership.get("post_id") and _text(membership.get("post_id"), 200) not in post_ids:
            report.error(where, _("The post “{id}” is not in the file.").format(id=membership.get("post_id")))
        if person_ref not in person_ids:
            report.error(where, _("The person “{id}” is not in the file.").format(id=person_ref))
        if org_ref not in org_ids:
            report.error(where, _("The organisation “{id}” is not in the file.").format(id=org_ref))
        if area_ref and area_ref not in area_ids:
            report.error(where, _("The area “{id}” is not in the file.").format(id=area_ref))
        if party and party not in org_ids:
            report.error(where, _("The party “{id}” is not in the file.").format(id=party))
        start = _date(membership.get("start_date"), where, report)
        end = _date(membership.get("end_date"), where, report)
        if start and end and end < start:
            report.error(where, _("The end date is before the start date."))
        label = _text(membership.get("label") or membership.get("role") or post.get("label") or post.get("role"), 200)
        plan["roles"].append({"official": person_ref, "body": org_ref, "label": label, "area": area_ref,
                              "party": party,
                              "start": start, "end": end, "ref": _text(membership.get("id"), 200)})
    return plan, report


def _csv_rows(raw: bytes | str, allowed: set[str], required: set[str], report: Report,
              ignore_unknown: bool) -> list[tuple[int, dict[str, str]]]:
    if len(raw) > MAX_BYTES:
        report.error("file", _("The file is larger than 20 MB; split it by chamber."))
        return []
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        report.error("file", _("The file is not UTF-8 text. Save it as “CSV UTF-8”."))
        return []
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = {(h or "").strip().lower() for h in (reader.fieldnames or [])}
    missing = required - header
    if missing:
        report.error("header", _("Missing columns: {columns}.").format(columns=", ".join(sorted(missing))))
        return []
    report.unknown("header", header - allowed, ignore_unknown)
    rows = []
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            report.error("file", _("The file has more than 50,000 entries; split it by chamber."))
            return []
        rows.append((number, {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}))
    if not rows:
        report.error("file", _("The file has no rows."))
    return rows


def read_officials_csv(raw: bytes | str, *, ignore_unknown: bool = False) -> tuple[dict, Report]:
    """Check an officials CSV (one row per official and role) and turn it into a plan."""
    report = Report()
    plan: dict[str, list] = {"bodies": [], "areas": [], "officials": [], "roles": [], "postcodes": []}
    rows = _csv_rows(raw, OFFICIAL_COLUMNS, {"name"}, report, ignore_unknown)
    bodies: dict[str, dict] = {}
    areas: dict[str, dict] = {}
    officials: dict[str, int] = {}
    seen_roles: set[tuple] = set()
    for number, row in rows:
        where = _("row {number}").format(number=number)
        name = _name(row.get("name"), where, report)
        if not name:
            continue
        contacts = {"email": _email(row.get("email", ""), where, report), "phone": row.get("phone", "")[:60],
                    "address": row.get("address", ""), "website": _url(row.get("website", ""), where, report)}
        ref = row.get("id") or f"csv:{names.normalize(name).casefold()}|{contacts['email']}"
        if ref in officials:
            existing = plan["officials"][officials[ref]]
            for key, value in contacts.items():
                existing[key] = existing[key] or value
        else:
            officials[ref] = len(plan["officials"])
            others = [names.normalize(n) for n in row.get("other_names", "").split("|") if n.strip()]
            plan["officials"].append({"ref": ref, "name": name, "other_names": others, **contacts, "row": where})
        body_name = row.get("body", "")
        if not body_name:
            continue
        body_ref = f"csv:{body_name.casefold()}"
        bodies.setdefault(body_ref, {"ref": body_ref, "name": body_name[:300], "names": {},
                                     "kind": body_kind(row.get("body_kind", "") or body_name), "parent": "",
                                     "website": "", "email": ""})
        area_ref = ""
        if row.get("constituency"):
            area_ref = f"csv:{row['constituency'].casefold()}"
            areas.setdefault(area_ref, {"ref": area_ref, "name": row["constituency"][:300], "kind": ""})
        party_ref = ""
        if row.get("party"):
            party_ref = f"csv:{row['party'].casefold()}"
            bodies.setdefault(party_ref, {"ref": party_ref, "name": row["party"][:300], "names": {},
                                          "kind": str(BodyKind.PARTY), "parent": "", "website": "", "email": ""})
        start = _date(row.get("start_date"), where, report)
        end = _date(row.get("end_date"), where, report)
        if start and end and end < start:
            report.error(where, _("The end date is before the start date."))
        role_key = (ref, body_ref, row.get("role", ""), start)
        if role_key in seen_roles:
            report.error(where, _("“{name}” is listed twice with the same role.").format(name=name))
            continue
        seen_roles.add(role_key)
        plan["roles"].append({"official": ref, "body": body_ref, "label": row.get("role", "")[:200],
                              "area": area_ref, "party": party_ref, "start": start, "end": end, "ref": ""})
    plan["bodies"] = list(bodies.values())
    plan["areas"] = list(areas.values())
    return plan, report


def read_postcodes_csv(raw: bytes | str, *, ignore_unknown: bool = False) -> tuple[dict, Report]:
    """Check a postcode → constituency table."""
    report = Report()
    plan: dict[str, list] = {"bodies": [], "areas": [], "officials": [], "roles": [], "postcodes": []}
    rows = _csv_rows(raw, POSTCODE_COLUMNS, POSTCODE_COLUMNS, report, ignore_unknown)
    seen: set[tuple[str, str]] = set()
    for number, row in rows:
        postcode = normalize_postcode(row.get("postcode", ""))
        area = row.get("constituency", "")[:300]
        if not postcode or not area:
            report.error(_("row {number}").format(number=number), _("Both postcode and constituency are needed."))
            continue
        if len(postcode) > 20:
            report.error(_("row {number}").format(number=number), _("The postcode is too long."))
            continue
        if (postcode, area) not in seen:
            seen.add((postcode, area))
            plan["postcodes"].append([postcode, area])
    return plan, report
