"""Roles are data: named sets of permissions, scoped to the platform or to one organisation.

Apps declare the roles they need (or add permissions to existing ones) in their AppConfig.ready();
accounts writes the declarations into its Role table after every migrate. Committee admins may also
create further roles as plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

ALL = "*"


class Scope:
    """Where a role's permissions apply."""

    PLATFORM = "platform"
    ORGANISATION = "organisation"


@dataclass
class RoleSpec:
    code: str
    scope: str
    label: Any
    permissions: set[str] = field(default_factory=set)
    requires_mfa: bool = False


_roles: dict[str, RoleSpec] = {}
PUBLIC_PERMISSIONS: set[str] = set()
SIGNED_IN_PERMISSIONS: set[str] = set()


def declare_role(code: str, *, scope: str, label: Any, permissions=(), requires_mfa: bool = False) -> RoleSpec:
    """Declare a role (idempotent: a second declaration adds permissions)."""
    spec = _roles.get(code)
    if spec is None:
        spec = _roles[code] = RoleSpec(code, scope, label, set(), requires_mfa)
    spec.permissions.update(permissions)
    return spec


def grant_permissions(code: str, *permissions: str) -> None:
    """Add permissions to a declared role (for apps built later)."""
    _roles[code].permissions.update(permissions)


def allow_public(*permissions: str) -> None:
    """Permissions everybody has, signed in or not."""
    PUBLIC_PERMISSIONS.update(permissions)


def allow_signed_in(*permissions: str) -> None:
    """Permissions every signed-in user has, whatever their roles."""
    SIGNED_IN_PERMISSIONS.update(permissions)


def declared_roles() -> dict[str, RoleSpec]:
    return dict(_roles)


def label_of(code: str) -> Any:
    spec = _roles.get(code)
    return spec.label if spec else code


# The roles every installation starts with.
COMMITTEE_ADMIN = "committee_admin"
COMMITTEE_STAFF = "committee_staff"
ORG_ADMIN = "org_admin"
ORG_EDITOR = "org_editor"
MEMBER = "member"

declare_role(COMMITTEE_ADMIN, scope=Scope.PLATFORM, label=_("Committee admin"), permissions={ALL}, requires_mfa=True)
declare_role(
    COMMITTEE_STAFF,
    scope=Scope.PLATFORM,
    label=_("Committee staff"),
    permissions={"core.view_staff_area", "accounts.view_users"},
    requires_mfa=True,
)
declare_role(
    ORG_ADMIN,
    scope=Scope.ORGANISATION,
    label=_("Organisation admin"),
    permissions={"accounts.invite_user", "accounts.assign_roles", "core.view_org_area"},
)
declare_role(ORG_EDITOR, scope=Scope.ORGANISATION, label=_("Organisation editor"), permissions={"core.view_org_area"})
declare_role(MEMBER, scope=Scope.ORGANISATION, label=_("Member"), permissions=set())
allow_public("core.view_home")
allow_signed_in("accounts.manage_own_account")
