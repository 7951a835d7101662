from korpu.core import audit
from korpu.core.models import AuditAction


def sync_roles_after_migrate(sender, **kwargs) -> None:
    from korpu.accounts.services import do_sync_declared_roles

    do_sync_declared_roles()


def audit_sign_in(sender, request, user, **kwargs) -> None:
    audit.record(actor=user, action=AuditAction.SIGN_IN, obj=user)
