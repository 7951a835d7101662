from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "korpu.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        from korpu.accounts import signals
        from korpu.core.extensions import register_nav

        post_migrate.connect(signals.sync_roles_after_migrate, sender=self)
        user_logged_in.connect(signals.audit_sign_in)
        register_nav(_("Invite"), "accounts:invite", order=900, permission="accounts.invite_user")
        _register_scopes()


def _register_scopes() -> None:
    from korpu.accounts.models import ApiToken, Invitation, RoleAssignment
    from korpu.core.permissions import register_scope

    register_scope(RoleAssignment, organisation="organisation_id", owner="user_id")
    register_scope(Invitation, organisation="organisation_id", owner="invited_by_id")
    register_scope(ApiToken, owner="user_id")
