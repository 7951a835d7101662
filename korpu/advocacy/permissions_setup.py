"""Advocacy's permissions, scopes, navigation and answers to the registry's signals."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from korpu.core.extensions import register_nav
from korpu.core.permissions import register_scope
from korpu.core.roles import COMMITTEE_STAFF, ORG_ADMIN, ORG_EDITOR, allow_public, grant_permissions

# Officials, bodies and public outcomes are public-position data; taking part in an open action
# (signing, writing) is open to anonymous supporters.
PUBLIC = ("advocacy.view_official", "advocacy.view_campaign", "advocacy.view_action", "advocacy.view_outcome",
          "advocacy.take_action")
ORG_ADMIN_PERMS = ("advocacy.view_interaction", "advocacy.record_interaction", "advocacy.manage_campaign",
                   "advocacy.record_outcome", "advocacy.view_outcome", "advocacy.view_campaign",
                   "advocacy.view_action", "advocacy.export_register", "advocacy.export_signatures",
                   "advocacy.import_officials", "advocacy.change_official")
ORG_EDITOR_PERMS = ("advocacy.view_interaction", "advocacy.record_interaction", "advocacy.record_outcome",
                    "advocacy.view_outcome", "advocacy.view_campaign", "advocacy.view_action")
# Committee staff read interactions whose visibility includes the committee (not all of them:
# `view_interaction` stays with the organisations involved), and every campaign and outcome.
STAFF_PERMS = ("advocacy.view_committee_interactions", "advocacy.view_campaign", "advocacy.view_action",
               "advocacy.view_outcome", "advocacy.export_register", "advocacy.export_signatures",
               "advocacy.import_officials", "advocacy.change_official")


def register() -> None:
    from korpu.advocacy.models import Action, Campaign, CampaignStatus, Interaction, Outcome

    allow_public(*PUBLIC)
    grant_permissions(ORG_ADMIN, *ORG_ADMIN_PERMS)
    grant_permissions(ORG_EDITOR, *ORG_EDITOR_PERMS)
    grant_permissions(COMMITTEE_STAFF, *STAFF_PERMS)
    register_scope(Campaign, organisation="organisations__id",
                   public=lambda: Q(is_public=True) & ~Q(status=CampaignStatus.DRAFT))
    register_scope(Action, organisation="campaign__organisations__id",
                   public=lambda: Q(is_open=True, campaign__is_public=True, campaign__status=CampaignStatus.ACTIVE))
    register_scope(Interaction, organisation="organisations__id")
    register_scope(Outcome, organisation="organisation_id", public=lambda: Q(is_public=True))
    register_nav(_("Advocacy"), "advocacy:index", order=60)
    _connect_signals()


def _connect_signals() -> None:
    try:
        from korpu.network import signals
    except ImportError:  # an older registry without erasure signals
        return
    from korpu.advocacy import services

    if hasattr(signals, "person_erased"):
        signals.person_erased.connect(services.on_person_erased, dispatch_uid="advocacy_person_erased")
    if hasattr(signals, "persons_merged"):
        signals.persons_merged.connect(services.on_persons_merged, dispatch_uid="advocacy_persons_merged")
