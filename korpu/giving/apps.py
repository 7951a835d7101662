from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

OFFICER = "foundation_officer"
VOLUNTEER = "call_centre_volunteer"
AUDITOR = "auditor"

OFFICER_PERMISSIONS = {
    "giving.manage_campaigns", "giving.record_cash", "giving.confirm_cash", "giving.review_gifts",
    "giving.approve_payout", "giving.pay_out", "giving.import_statement", "giving.enter_pledge",
    "giving.record_donation", "giving.read_books", "giving.view_desk",
}
VOLUNTEER_PERMISSIONS = {"giving.enter_pledge"}
AUDITOR_PERMISSIONS = {"giving.read_books"}


class GivingConfig(AppConfig):
    name = "korpu.giving"
    label = "giving"
    verbose_name = _("Giving")

    def ready(self) -> None:
        from korpu.core.extensions import register_nav, register_panel
        from korpu.core.roles import Scope, allow_public, allow_signed_in, declare_role

        declare_role(OFFICER, scope=Scope.PLATFORM, label=_("Foundation officer"), permissions=OFFICER_PERMISSIONS,
                     requires_mfa=True)
        declare_role(VOLUNTEER, scope=Scope.PLATFORM, label=_("Call-centre volunteer"),
                     permissions=VOLUNTEER_PERMISSIONS)
        declare_role(AUDITOR, scope=Scope.PLATFORM, label=_("Auditor"), permissions=AUDITOR_PERMISSIONS,
                     requires_mfa=True)
        allow_public("giving.view_tally", "giving.view_transparency", "giving.give")
        allow_signed_in("giving.view_own_gifts")
        register_nav(_("Giving"), "giving:campaigns", order=40)
        # The evidence of a payout: revival registers richer panels for the same slot.
        register_panel("giving.payout", "giving/_payout_evidence.html", _payout_context, order=10)
        from korpu.giving import tasks  # noqa: F401  (periodic jobs)


def _payout_context(request, payout):
    return {"payout": payout} if payout is not None else None
