"""Core's API routes: the audit log."""

import datetime as dt

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from korpu.api import Error, Pagination, signed_in
from korpu.core import permissions
from korpu.core.selectors import audit_entries

router = Router(tags=["audit"], auth=signed_in)


class AuditEntryOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict
    ip_address: str | None = None

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor_label


class AuditFilter(Schema):
    actor: str | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


@router.get("/audit", response={200: list[AuditEntryOut], 401: Error, 403: Error}, url_name="audit_list")
@paginate(Pagination, page_size=50)
def list_audit(request, filters: Query[AuditFilter]):
    """Audit entries, newest first (committee admins)."""
    permissions.require(request.auth, "core.view_audit")
    return audit_entries(filters.model_dump(exclude_none=True))
