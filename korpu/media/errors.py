"""The media app's domain errors."""

from django.utils.translation import gettext_lazy as _

from korpu.core.errors import KorpuError


class MediaError(KorpuError):
    """A media rule was broken; the message says which."""

    status = 422
    code = "media_invalid"
    default_message = _("The media request could not be carried out.")


class FetchError(Exception):
    """A source could not be fetched or read; the message is shown on the source's page."""
