"""Every write of the accounts app."""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from korpu.accounts.errors import AccountsError
from korpu.accounts.models import ApiToken, Invitation, Role, RoleAssignment, User, hash_token
from korpu.core import audit, permissions
from korpu.core.errors import PermissionDenied
from korpu.core.extensions import scope_label
from korpu.core.models import AuditAction
from korpu.core.roles import Scope, declared_roles

TOKEN_PREFIX = "korpu_"
INVITATION_DAYS = 14
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def do_sync_declared_roles() -> int:
    """Write the roles declared in code into the Role table (run after every migrate)."""
    count = 0
    with transaction.atomic():
        for spec in declared_roles().values():
            role, created = Role.objects.get_or_create(
                code=spec.code,
                defaults={
                    "scope": spec.scope,
                    "permissions": sorted(spec.permissions),
                    "requires_mfa": spec.requires_mfa,
                    "is_declared": True,
                },
            )
            wanted = (spec.scope, sorted(spec.permissions), spec.requires_mfa)
            if not created and (role.scope, sorted(role.permissions), role.requires_mfa) != wanted:
                before = audit.snapshot(role, ["scope", "permissions", "requires_mfa"])
                role.scope, role.permissions, role.requires_mfa = wanted
                role.is_declared = True
                role.save(update_fields=["scope", "permissions", "requires_mfa", "is_declared", "updated_at"])
                audit.record(actor="system", action=AuditAction.UPDATE, obj=role,
                             changes=audit.diff(before, audit.snapshot(role, before)))
                count += 1
            elif created:
                audit.record(actor="system", action=AuditAction.CREATE, obj=role)
                count += 1
    return count


def do_assign_role(*, actor: Any, user: User, role_code: str, organisation_id=None) -> RoleAssignment:
    """Give `user` a role, platform-wide or in one organisation."""
    role = Role.objects.filter(code=role_code).first()
    if role is None:
        raise AccountsError(_("There is no role “{code}”.").format(code=role_code))
    if role.scope == Scope.ORGANISATION and organisation_id is None:
        raise AccountsError(_("This role needs an organisation."))
    if role.scope == Scope.PLATFORM:
        organisation_id = None
    if actor != "system":
        allowed = (
            permissions.is_platform(actor, "accounts.assign_roles")
            if role.scope == Scope.PLATFORM
            else organisation_id in permissions.organisations_with(actor, "accounts.assign_roles")
            or permissions.is_platform(actor, "accounts.assign_roles")
        )
        if not allowed:
            raise PermissionDenied()
    with transaction.atomic():
        row, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, organisation_id=organisation_id,
            defaults={"granted_by": actor if isinstance(actor, User) else None},
        )
        if created:
            audit.record(actor=actor, action=AuditAction.CREATE, obj=row,
                         changes={"role": [None, role.code], "organisation_id": [None, str(organisation_id or "")]})
    permissions.forget(user)
    return row


def do_revoke_role(*, actor: Any, assignment: RoleAssignment) -> None:
    """Take a role away."""
    if assignment.role.scope == Scope.PLATFORM:
        permissions.require(actor, "accounts.assign_roles")
    elif not (permissions.is_platform(actor, "accounts.assign_roles")
              or assignment.organisation_id in permissions.organisations_with(actor, "accounts.assign_roles")):
        raise PermissionDenied()
    with transaction.atomic():
        audit.record(actor=actor, action=AuditAction.DELETE, obj=assignment,
                     changes={"role": [assignment.role.code, None]})
        assignment.delete()
    permissions.forget(assignment.user)


def do_update_profile(*, actor: User, display_name: str, language: str, timezone_name: str) -> User:
    """Change one's own name, language and time zone."""
    if language and language not in LANGUAGE_CODES:
        raise AccountsError(_("“{code}” is not a language Körpü speaks.").format(code=language))
    if timezone_name:
        try:
            zoneinfo.ZoneInfo(timezone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise AccountsError(_("“{zone}” is not a known time zone.").format(zone=timezone_name)) from None
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        fields = ["display_name", "language", "timezone"]
        before = audit.snapshot(user, fields)
        user.display_name, user.language, user.timezone = display_name.strip()[:200], language, timezone_name
        user.save(update_fields=fields)
        changes = audit.diff(before, audit.snapshot(user, fields))
        if changes:
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=user, changes=changes)
    return user


def do_create_api_token(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Make a personal API token; the raw token is returned once and never stored."""
    name = name.strip()
    if not name:
        raise AccountsError(_("Give the token a name."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=actor, name=name[:100], prefix=raw[:12], token_hash=hash_token(raw))
        audit.record(actor=actor, action=AuditAction.CREATE, obj=token, changes={"name": [None, token.name]})
    return token, raw


def do_revoke_api_token(*, actor: User, token_id) -> ApiToken:
    """Revoke one of one's own tokens."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
        if token is None:
            raise AccountsError(_("There is no such token."))
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at", "updated_at"])
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=token, changes={"revoked": [False, True]})
    return token


def authenticate_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(raw), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        # Bounded write rate: a busy integration does not rewrite this row on every request.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def invitable_roles(actor: Any) -> list[Role]:
    """Organisation roles an officer may invite colleagues to."""
    return list(Role.objects.filter(scope=Scope.ORGANISATION).order_by("code"))


def do_invite_user(*, actor: Any, email: str, role_code: str, organisation_id, language: str,
                   base_url: str) -> Invitation:
    """Invite a colleague by e-mail to a role in one of the actor's organisations."""
    email = (email or "").strip().lower()
    if not email or "@" not in email:
        raise AccountsError(_("Enter a valid e-mail address."))
    role = Role.objects.filter(code=role_code, scope=Scope.ORGANISATION).first()
    if role is None:
        raise AccountsError(_("There is no role “{code}”.").format(code=role_code))
    if not (permissions.is_platform(actor, "accounts.invite_user")
            or organisation_id in permissions.organisations_with(actor, "accounts.invite_user")):
        raise PermissionDenied()
    if language not in LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email, role=role, organisation_id=organisation_id, invited_by=actor,
            token_hash=hash_token(raw), expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
        )
        audit.record(actor=actor, action=AuditAction.CREATE, obj=invitation,
                     changes={"email": [None, email], "role": [None, role.code]})
        link = base_url.rstrip("/") + reverse("accounts:accept_invitation", args=[raw])
        transaction.on_commit(lambda: _send_invitation(invitation, link, language))
    return invitation


def _send_invitation(invitation: Invitation, link: str, language: str) -> None:
    with translation.override(language):
        context = {
            "inviter": invitation.invited_by,
            "organisation": scope_label(invitation.organisation_id),
            "role": str(invitation.role),
            "link": link,
            "days": INVITATION_DAYS,
        }
        subject = _("You are invited to Körpü")
        body = render_to_string("accounts/email/invitation.txt", context)
    message = EmailMultiAlternatives(subject, body, to=[invitation.email])
    message.send()


def do_accept_invitation(*, actor: User, raw_token: str) -> Invitation:
    """Accept an invitation as the signed-in user, taking its role."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(token_hash=hash_token(raw_token or "")).first()
        if invitation is None or not invitation.is_open:
            raise AccountsError(_("This invitation is not valid any more. Ask for a new one."))
        if invitation.email != actor.email.lower():
            raise AccountsError(_("This invitation was sent to another e-mail address."))
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = actor
        invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=invitation, changes={"accepted": [False, True]})
        do_assign_role(actor="system", user=actor, role_code=invitation.role.code,
                       organisation_id=invitation.organisation_id)
    return invitation
