from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

PLAQUE_PERMISSIONS = {"plaques.manage_plaque", "plaques.approve_proof"}


class PlaquesConfig(AppConfig):
    name = "korpu.plaques"
    label = "plaques"
    verbose_name = _("Plaques")

    def ready(self) -> None:
        import logging

        # WeasyPrint and ezdxf narrate every step at INFO; keep the console for what matters.
        for noisy in ("weasyprint", "weasyprint.progress", "ezdxf", "fontTools"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        from korpu.core.extensions import register_nav, register_panel
        from korpu.core.roles import Scope, allow_signed_in, declare_role

        # Same role as giving and revival declare (declare_role merges permissions).
        declare_role("foundation_officer", scope=Scope.PLATFORM, label=_("Foundation officer"),
                     permissions=PLAQUE_PERMISSIONS, requires_mfa=True)
        allow_signed_in("plaques.view_own_line")
        register_nav(_("Plaques"), "plaques:list", order=42, permission="plaques.manage_plaque")
        register_panel("giving.donor", "plaques/_donor_panel.html", _donor_panel, order=50)


def _donor_panel(request, donor):
    """On giving's donor page: the plaque proof lines that name this donor, if any."""
    from korpu.plaques.selectors import lines_naming

    lines = lines_naming(request.user) if request is not None else []
    return {"lines": lines} if lines else None
