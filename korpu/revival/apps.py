from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

FOUNDATION_OFFICER = "foundation_officer"
REVIVAL_PERMISSIONS = {"revival.view_project", "revival.manage_project", "revival.approve_payout", "revival.manage_offer",
                       "revival.view_dashboard"}


class RevivalConfig(AppConfig):
    name = "korpu.revival"
    label = "revival"
    verbose_name = _("Revival")

    def ready(self) -> None:
        from django.db.models import Q

        from korpu.core.extensions import register_nav, register_panel
        from korpu.core.permissions import register_scope
        from korpu.core.roles import (
            COMMITTEE_STAFF,
            Scope,
            allow_public,
            allow_signed_in,
            declare_role,
            grant_permissions,
        )
        from korpu.revival import panels
        from korpu.revival.models import PUBLIC_STATUSES, Offer, Project

        # The giving app declares the role first (it is installed before us); declare_role merges,
        # so this also works while giving has not declared it.
        declare_role(FOUNDATION_OFFICER, scope=Scope.PLATFORM, label=_("Foundation officer"),
                     permissions=REVIVAL_PERMISSIONS, requires_mfa=True)
        grant_permissions(COMMITTEE_STAFF, "revival.view_dashboard")
        allow_public("revival.view_project")
        allow_signed_in("revival.make_offer")
        register_scope(Project, public=lambda: Q(status__in=PUBLIC_STATUSES))
        register_scope(Offer, owner="user_id")
        register_nav(_("Revival projects"), "revival:catalogue", order=40)
        register_nav(_("Participation"), "revival:dashboard", order=41, permission="revival.view_dashboard")
        register_panel("network.organisation", "revival/_organisation_panel.html", panels.organisation_panel)
        register_panel("giving.payout", "revival/_payout_panel.html", panels.payout_panel)
