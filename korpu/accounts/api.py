"""Accounts' API routes: who am I, personal API tokens."""

import datetime as dt
import uuid

from ninja import Router, Schema
from ninja.responses import Status

from korpu.accounts import selectors, services
from korpu.api import Error, signed_in

router = Router(tags=["accounts"], auth=signed_in)


class AccountRoleOut(Schema):
    role: str
    scope: str
    organisation_id: uuid.UUID | None


class MeOut(Schema):
    id: uuid.UUID
    email: str
    display_name: str
    language: str
    timezone: str
    roles: list[AccountRoleOut]


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: uuid.UUID
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class NewTokenOut(TokenOut):
    token: str


@router.get("/me", response={200: MeOut, 401: Error}, url_name="me")
def me(request):
    """The signed-in user and their roles."""
    user = request.auth
    roles = [AccountRoleOut(role=a.role.code, scope=a.role.scope, organisation_id=a.organisation_id)
             for a in selectors.roles_of(user)]
    return MeOut(id=user.id, email=user.email, display_name=user.display_name, language=user.language,
                 timezone=user.timezone, roles=roles)


@router.get("/tokens", response={200: list[TokenOut], 401: Error}, url_name="token_list")
def list_tokens(request):
    """Your personal API tokens (never the tokens themselves)."""
    return list(selectors.tokens_of(request.auth))


@router.post("/tokens", response={201: NewTokenOut, 401: Error, 422: Error}, url_name="token_create")
def create_token(request, payload: TokenIn):
    """Make a personal API token; the response is the only time the token is shown."""
    token, raw = services.do_create_api_token(actor=request.auth, name=payload.name)
    return Status(201, NewTokenOut(id=token.id, name=token.name, prefix=token.prefix, created_at=token.created_at,
                            last_used_at=None, revoked_at=None, token=raw))


@router.delete("/tokens/{token_id}", response={200: TokenOut, 400: Error, 401: Error}, url_name="token_revoke")
def revoke_token(request, token_id: uuid.UUID):
    """Revoke one of your tokens."""
    return services.do_revoke_api_token(actor=request.auth, token_id=token_id)
