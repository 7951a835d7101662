from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertiseConfig(AppConfig):
    name = "korpu.expertise"
    label = "expertise"
    verbose_name = _("Expertise")

    def ready(self) -> None:
        from korpu.core.extensions import register_nav
        from korpu.core.permissions import register_scope
        from korpu.core.roles import (
            COMMITTEE_STAFF,
            Scope,
            allow_signed_in,
            declare_role,
            grant_permissions,
        )
        from korpu.expertise import tasks  # noqa: F401 - registers the periodic job
        from korpu.expertise.models import Engagement, ExpertProfile, Need

        staff_perms = ("expertise.view_experts", "expertise.verify_credentials", "expertise.view_needs",
                       "expertise.view_matches", "expertise.manage_engagements", "expertise.view_dashboard",
                       "expertise.manage_embeddings")
        grant_permissions(COMMITTEE_STAFF, *staff_perms)
        # Institutions at home (hospitals, universities, institutes, ministries): an organisation role.
        declare_role("institution", scope=Scope.ORGANISATION, label=_("Institution at home"),
                     permissions={"expertise.post_need", "expertise.view_needs", "expertise.view_matches",
                                  "expertise.manage_engagements"})
        # Anyone signed in may keep their own expert profile and see their engagements.
        allow_signed_in("expertise.own_profile")
        register_scope(Need, organisation="organisation_id")
        register_scope(Engagement, organisation="need__organisation_id", owner="expert__person__user_id")
        register_scope(ExpertProfile, owner="person__user_id")
        register_nav(_("Expertise"), "expertise:home", order=60, permission="expertise.own_profile")
        try:
            from korpu.network import signals
        except ImportError:  # the registry's signals are not there yet
            return
        from korpu.expertise import services

        signals.person_erased.connect(services.on_person_erased, dispatch_uid="expertise.person_erased")
        signals.persons_merged.connect(services.on_persons_merged, dispatch_uid="expertise.persons_merged")
