"""Users, roles and their assignments, API tokens and invitations."""

from __future__ import annotations

import hashlib
import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from korpu.core.models import BaseModel
from korpu.core.permissions import Grant
from korpu.core.roles import Scope, label_of


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in, identified by e-mail address."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    is_active = models.BooleanField(default=True)
    # Access to Django's admin site only; Körpü's own access control is the role system.
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=dj_timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []  # type: ignore[misc]  # e-mail and password only

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def korpu_grants(self) -> list[Grant]:
        """The user's roles as grants, for korpu.core.permissions."""
        rows = RoleAssignment.objects.filter(user=self).select_related("role")
        return [
            Grant(
                role=row.role.code,
                scope=row.role.scope,
                permissions=frozenset(row.role.permissions),
                organisation_id=row.organisation_id,
            )
            for row in rows
        ]

    @property
    def requires_mfa(self) -> bool:
        return RoleAssignment.objects.filter(user=self, role__requires_mfa=True).exists()


class Role(BaseModel):
    """A named set of permissions, valid on the platform or within one organisation."""

    code = models.SlugField(max_length=64, unique=True)
    scope = models.CharField(
        max_length=16,
        choices=[(Scope.PLATFORM, _("Platform")), (Scope.ORGANISATION, _("Organisation"))],
    )
    name = models.CharField(max_length=200, blank=True, help_text=_("For roles created here; declared roles are named in code."))
    permissions = models.JSONField(default=list)
    requires_mfa = models.BooleanField(default=False)
    is_declared = models.BooleanField(default=False, help_text=_("Kept in step with the code's declarations."))

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.name or label_of(self.code))


class RoleAssignment(BaseModel):
    """A user holds a role, platform-wide or in one organisation (by id: organisations live above)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments")
    organisation_id = models.UUIDField(null=True, blank=True, db_index=True)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation_id"], name="role_assignment_unique_in_org",
                condition=models.Q(organisation_id__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "role"], name="role_assignment_unique_platform",
                condition=models.Q(organisation_id__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(BaseModel):
    """A personal API token; only its SHA-256 is stored, the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Invitation(BaseModel):
    """An officer's invitation of a colleague, by e-mail, to a role in an organisation."""

    email = models.EmailField()
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    organisation_id = models.UUIDField(null=True, blank=True)
    invited_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > dj_timezone.now()
