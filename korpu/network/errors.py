from django.utils.translation import gettext_lazy as _

from korpu.core.errors import KorpuError


class NetworkError(KorpuError):
    """A registry rule was broken."""

    status = 400
    code = "network"
    default_message = _("The registry could not carry this out.")
