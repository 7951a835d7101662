from django.utils.translation import gettext_lazy as _

from korpu.core.errors import KorpuError


class AccountsError(KorpuError):
    """An account, role, token or invitation operation that cannot be done."""

    default_message = _("This account operation cannot be carried out.")
