"""Exports of what the viewer may see, as CSV or XLSX, and a person's own data as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

from korpu.core import audit
from korpu.core.models import AuditAction
from korpu.network import selectors

ORGANISATION_COLUMNS = ["id", "name", "kind", "country", "city", "founded_year", "languages", "email", "phone",
                        "website", "status"]
PEOPLE_COLUMNS = ["id", "name", "patronymic", "country", "city", "languages", "profession", "email", "phone"]


def _safe(value: Any) -> Any:
    """Keep spreadsheet formulas from running: a leading =, +, - or @ becomes text."""
    if isinstance(value, list):
        value = "|".join(str(v) for v in value)
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def rows(actor: Any, what: str):
    """Header and rows of what `actor` may see ("system", the operator's command line, sees all)."""
    from korpu.network.models import Organisation, Person

    system = isinstance(actor, str)
    if what == "organisations":
        base = Organisation.objects.all() if system else selectors.directory(actor)
        return ORGANISATION_COLUMNS, base.values_list(*ORGANISATION_COLUMNS).order_by("name")
    people = (Person.objects.filter(erased_at__isnull=True, merged_into__isnull=True) if system
              else selectors.people_for(actor))
    return PEOPLE_COLUMNS, people.values_list(*PEOPLE_COLUMNS).order_by("name")


def write_file(actor: Any, what: str, fmt: str, stream) -> int:
    """Write an export to a binary stream (the command line); returns the row count."""
    header, qs = rows(actor, what)
    count = 0
    if fmt == "csv":
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(header)
        for row in qs.iterator(chunk_size=2000):
            writer.writerow([_safe(v) for v in row])
            count += 1
        text.flush()
        text.detach()
    else:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet(what)
        sheet.append(header)
        for row in qs.iterator(chunk_size=2000):
            sheet.append([_safe(v) for v in row])
            count += 1
        book.save(stream)
    audit.record(actor=actor, action=AuditAction.EXPORT, object_type=f"network.{what}",
                 message=f"export {what} {fmt} ({count})")
    return count


class _Echo:
    def write(self, value):
        return value


def response(actor: Any, what: str, fmt: str):
    header, qs = rows(actor, what)
    audit.record(actor=actor, action=AuditAction.EXPORT, object_type=f"network.{what}", message=f"export {what} {fmt}")
    filename = f"korpu-{what}.{fmt}"
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def stream():
            yield "\ufeff"
            yield writer.writerow(header)
            for row in qs.iterator(chunk_size=2000):
                yield writer.writerow([_safe(v) for v in row])

        out: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    else:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet(what)
        sheet.append(header)
        for row in qs.iterator(chunk_size=2000):
            sheet.append([_safe(v) for v in row])
        buffer = io.BytesIO()
        book.save(buffer)
        out = HttpResponse(buffer.getvalue(),
                           content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    out["Content-Disposition"] = f'attachment; filename="{filename}"'
    return out


def person_data_csv(data: dict) -> str:
    """A person's data as CSV: one row per fact (section, field, value)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["section", "field", "value"])
    for key, value in data.items():
        if isinstance(value, list):
            for i, item in enumerate(value, 1):
                for field, v in item.items():
                    writer.writerow([f"{key}[{i}]", field, _safe(v)])
        else:
            writer.writerow(["person", key, _safe(value)])
    return "\ufeff" + buffer.getvalue()
