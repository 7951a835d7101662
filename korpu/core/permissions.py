"""The one place that answers "may this actor do this to this object", and scopes querysets by it.

Every page and API route calls `require`/`has_perm` or `scope`; nothing else decides access.
A model tells this module how it relates to organisations with `register_scope`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q

from korpu.core.errors import PermissionDenied
from korpu.core.roles import ALL, PUBLIC_PERMISSIONS, SIGNED_IN_PERMISSIONS, Scope


@dataclass(frozen=True)
class Grant:
    """One role held by a user, on the platform (organisation_id None) or in one organisation."""

    role: str
    scope: str
    permissions: frozenset[str]
    organisation_id: uuid.UUID | None = None

    def allows(self, perm: str) -> bool:
        return ALL in self.permissions or perm in self.permissions


@dataclass(frozen=True)
class ScopeSpec:
    """How rows of one model belong to organisations, to an owner, or to the public."""

    organisation: str | None = None
    owner: str | None = None
    public: Callable[[], Q] | None = None


_scopes: dict[type[models.Model], ScopeSpec] = {}


def register_scope(
    model: type[models.Model],
    *,
    organisation: str | None = None,
    owner: str | None = None,
    public: Callable[[], Q] | None = None,
) -> None:
    """Declare the lookups from `model` to its organisation id, its owning user id, and its public rows."""
    _scopes[model] = ScopeSpec(organisation, owner, public)


def grants(actor: Any) -> tuple[Grant, ...]:
    """The grants an actor holds (none for the anonymous public), cached on the actor object."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return ()
    cached = getattr(actor, "_korpu_grants", None)
    if cached is None:
        cached = tuple(actor.korpu_grants())
        actor._korpu_grants = cached
    return cached


def forget(actor: Any) -> None:
    """Drop cached grants after a role change."""
    if actor is not None and hasattr(actor, "_korpu_grants"):
        del actor._korpu_grants


def is_platform(actor: Any, perm: str) -> bool:
    """True when a platform-wide grant allows `perm`."""
    return any(g.scope == Scope.PLATFORM and g.allows(perm) for g in grants(actor))


def organisations_with(actor: Any, perm: str) -> set[uuid.UUID]:
    """Ids of the organisations in which the actor holds `perm` through an organisation role."""
    return {
        g.organisation_id
        for g in grants(actor)
        if g.scope == Scope.ORGANISATION and g.organisation_id and g.allows(perm)
    }


def _base_allows(actor: Any, perm: str) -> bool:
    if perm in PUBLIC_PERMISSIONS:
        return True
    return perm in SIGNED_IN_PERMISSIONS and bool(getattr(actor, "is_authenticated", False))


def has_perm(actor: Any, perm: str, obj: models.Model | None = None) -> bool:
    """May `actor` do `perm` (to `obj`, when given)?"""
    if is_platform(actor, perm):
        return True
    if obj is None:
        return _base_allows(actor, perm) or bool(organisations_with(actor, perm))
    spec = _scopes.get(type(obj)) or ScopeSpec()
    if _base_allows(actor, perm) and spec.public is not None and _matches(obj, spec.public()):
        return True
    if spec.owner and getattr(actor, "is_authenticated", False):
        if _matches(obj, Q(**{spec.owner: actor.pk})):
            return True
    if spec.organisation:
        orgs = organisations_with(actor, perm)
        if orgs and _matches(obj, Q(**{f"{spec.organisation}__in": orgs})):
            return True
    if spec == ScopeSpec() and _base_allows(actor, perm):
        return True
    return False


def _matches(obj: models.Model, condition: Q) -> bool:
    return type(obj)._default_manager.filter(Q(pk=obj.pk) & condition).exists()


def require(actor: Any, perm: str, obj: models.Model | None = None) -> None:
    """Raise PermissionDenied unless `has_perm`."""
    if not has_perm(actor, perm, obj):
        raise PermissionDenied()


def scope(actor: Any, perm: str, queryset: models.QuerySet) -> models.QuerySet:
    """The rows of `queryset` on which `actor` may do `perm`."""
    if is_platform(actor, perm):
        return queryset
    spec = _scopes.get(queryset.model) or ScopeSpec()
    condition = Q(pk__in=[])
    if _base_allows(actor, perm) and spec.public is not None:
        condition |= spec.public()
    if spec.owner and getattr(actor, "is_authenticated", False):
        condition |= Q(**{spec.owner: actor.pk})
    if spec.organisation:
        orgs = organisations_with(actor, perm)
        if orgs:
            condition |= Q(**{f"{spec.organisation}__in": orgs})
    if spec == ScopeSpec() and _base_allows(actor, perm):
        return queryset
    return queryset.filter(condition).distinct() if spec.organisation and "__" in spec.organisation else queryset.filter(condition)
