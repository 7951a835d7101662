"""The HTTP API: one django-ninja instance under /api/v1/, one error format for every route.

Every error, whatever raised it, is answered as
    {"error": {"code": "...", "message": "<translated>", "details": ...}}
"""

from __future__ import annotations

import importlib
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.pagination import PageNumberPagination
from ninja.security import APIKeyCookie, HttpBearer

from korpu import __version__
from korpu.core.errors import KorpuError


class ErrorBody(Schema):
    code: str
    message: str
    details: Any = None


class Error(Schema):
    """The one error format of every route."""

    error: ErrorBody


class TokenAuth(HttpBearer):
    """`Authorization: Bearer korpu_...` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str):
        from korpu.accounts.services import authenticate_token

        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's signed-in session (CSRF-checked for unsafe methods)."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest):
        # Without a session cookie there is nobody to protect from CSRF: answer 401, not 403.
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


class OptionalAuth:
    """Lets anonymous requests through (public routes) but still recognises tokens and sessions."""

    def __init__(self) -> None:
        self.token = TokenAuth()

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization", "")
        if header:
            user = self.token(request)
            if user is None:
                # A wrong token is an error, not a silent downgrade to anonymous.
                raise AuthenticationError()
            return user
        return getattr(request, "user", None) or True


signed_in = [TokenAuth(), SessionAuth()]
optional = [OptionalAuth()]

class Pagination(PageNumberPagination):
    """Page-number pagination with bounds: a page far past any data is answered with an empty
    page, never handed to the database as an offset it cannot hold."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=1000)


# Answers any route may give whatever its own declaration says: a wrong token (401), a failed
# CSRF check or permission (403), input that breaks a rule (400, 422), a rate limit (429).
COMMON_ERRORS = {
    "400": "Bad request",
    "401": "Not signed in, or a wrong API token",
    "403": "Forbidden (permission or CSRF check)",
    "422": "Invalid input",
    "429": "Too many requests (see Retry-After)",
}


class KorpuAPI(NinjaAPI):
    """NinjaAPI that documents the error answers every route shares, in the one error format."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any):
        schema = super().get_openapi_schema(*args, **kwargs)
        body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                # ninja keys responses by int; a str key beside it would serialise as a duplicate
                present = {str(code) for code in responses}
                for code, description in COMMON_ERRORS.items():
                    if code not in present:
                        responses[int(code)] = {"description": description, "content": body}
        return schema


api = KorpuAPI(
    title="Körpü API",
    version=__version__,
    description="The API of Körpü. Authenticate with `Authorization: Bearer <personal token>`.",
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": True}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error_response(request: HttpRequest, status: int, code: str, message: Any, details: Any = None):
    return api.create_response(
        request, {"error": {"code": code, "message": str(message), "details": details}}, status=status
    )


@api.exception_handler(KorpuError)
def _korpu_error(request, exc: KorpuError):
    return error_response(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    details = [
        {"location": [str(p) for p in e.get("loc", [])], "problem": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors
    ]
    malformed = any(e.get("type") in {"json_invalid", "model_attributes_type"} for e in exc.errors)
    message = _("The request body is not valid JSON.") if malformed else _("Some of the data is not valid.")
    return error_response(request, 422, "invalid", message, details)


@api.exception_handler(AuthenticationError)
def _authentication_error(request, exc):
    return error_response(request, 401, "unauthenticated", _("Sign in or send a valid API token."))


@api.exception_handler(AuthorizationError)
def _authorization_error(request, exc):
    return error_response(request, 403, "forbidden", _("You do not have permission to do this."))


@api.exception_handler(DjangoPermissionDenied)
def _permission_denied(request, exc):
    return error_response(request, 403, "forbidden", _("You do not have permission to do this."))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    code = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
            405: "method_not_allowed", 409: "conflict", 429: "rate_limited"}.get(exc.status_code, "error")
    return error_response(request, exc.status_code, code, exc.message)


def _mount_routers() -> None:
    """Mount the router of every Körpü app that has an `api` module (core and accounts first)."""
    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("korpu."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        api.add_router("/", module.router)


_mount_routers()
