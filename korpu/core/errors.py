"""Domain errors. Each carries a translated message and is mapped to an HTTP status once, at the
edge (korpu.api for the API, core.views for pages)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class KorpuError(Exception):
    """Base of every domain error: `message` is shown to the user as is."""

    status = 400
    code = "invalid"
    default_message: Any = _("The request could not be carried out.")

    def __init__(self, message: Any = None, *, code: str | None = None, details: Any = None):
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.details = details
        super().__init__(str(self.message))


class ValidationFailed(KorpuError):
    """Input that breaks a rule; `details` may list per-field or per-row problems."""

    status = 422
    code = "invalid"
    default_message = _("Some of the data is not valid.")


class NotFound(KorpuError):
    """The object does not exist or the actor may not know it exists."""

    status = 404
    code = "not_found"
    default_message = _("Not found.")


class PermissionDenied(KorpuError):
    """The actor may not do this."""

    status = 403
    code = "forbidden"
    default_message = _("You do not have permission to do this.")


class Conflict(KorpuError):
    """The request clashes with the current state (e.g. an idempotency key reused differently)."""

    status = 409
    code = "conflict"
    default_message = _("This conflicts with the current state.")
