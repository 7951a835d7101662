from __future__ import annotations

import csv
import io

import pytest

from korpu.core import audit
from korpu.core.models import AuditEntry


def test_audit_row_keeps_actor_changes_and_request_address(officer, client_for):
    c = client_for(officer)
    c.post("/accounts/profile/", {"display_name": "Leyla", "language": "en", "timezone": "Europe/Berlin"},
           REMOTE_ADDR="203.0.113.7")
    entry = AuditEntry.objects.filter(object_type="accounts.user", action="update").get()
    assert entry.actor == officer
    assert entry.ip_address == "203.0.113.7"
    assert entry.changes["timezone"] == ["", "Europe/Berlin"]
    assert entry.changes["display_name"] == ["Officer", "Leyla"]


def test_audit_rows_cannot_be_changed_or_deleted(db):
    entry = audit.record(actor="system", action="other", object_type="x", object_id="1")
    entry.message = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(message="rewritten")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).message == ""


def test_admin_filters_the_audit_log_by_action(admin, client_for):
    audit.record(actor=admin, action="export", object_type="network.person", object_id="p1")
    audit.record(actor=admin, action="read", object_type="network.person", object_id="p2")
    response = client_for(admin).get("/audit/", {"action": "read"})
    assert response.status_code == 200
    rows = response.context["page"].object_list
    assert [r.object_id for r in rows] == ["p2"]


def test_admin_exports_the_filtered_audit_log_as_csv(admin, client_for):
    audit.record(actor=admin, action="read", object_type="network.person", object_id="p2",
                 changes={"name": ["Əli", "Əliyev"]})
    response = client_for(admin).get("/audit/export.csv", {"object_type": "network.person"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["object_id"] for r in rows] == ["p2"]
    assert "Əliyev" in rows[0]["changes"]
    # the export itself is audited
    assert AuditEntry.objects.filter(action="export", object_type="core.auditentry").exists()


def test_audit_filter_with_start_after_end_is_a_clear_error(admin, client_for):
    response = client_for(admin).get("/audit/export.csv", {"since": "2026-05-02", "until": "2026-05-01"})
    assert response.status_code == 400


@pytest.mark.parametrize("who", ["staff", "officer", "member"])
def test_only_committee_admins_read_the_audit_log(who, request, client_for):
    user = request.getfixturevalue(who)
    assert client_for(user).get("/audit/").status_code == 403
    assert client_for(user).get("/api/v1/audit").status_code == 403


def test_redaction_removes_personal_values_but_keeps_the_fact(db):
    audit.record(actor="system", action="update", object_type="network.person", object_id="p1",
                 object_repr="Fuad Muradov", changes={"name": ["Fuad", "Fuad Muradov"], "city": ["Bakı", "Berlin"]})
    audit.redact_values(object_type="network.person", object_id="p1", values=["Fuad", "Berlin"])
    entry = AuditEntry.objects.get(object_id="p1")
    assert entry.object_repr == audit.REDACTED
    assert entry.changes == {"name": [audit.REDACTED, audit.REDACTED], "city": ["Bakı", audit.REDACTED]}
    assert entry.action == "update"
