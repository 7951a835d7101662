"""The network app's permissions, roles and scopes, registered at start-up."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from korpu.core.extensions import register_nav, register_scope_label
from korpu.core.permissions import register_scope
from korpu.core.roles import (
    COMMITTEE_STAFF,
    ORG_ADMIN,
    ORG_EDITOR,
    allow_public,
    allow_signed_in,
    grant_permissions,
)


def register() -> None:
    from korpu.network.models import Membership, Organisation, OrganisationStatus, Person

    allow_public("network.view_organisation")
    allow_signed_in("network.apply_organisation", "network.manage_own_data")
    # Committee staff see people only where the person consented to share_committee (view_person_consented),
    # never through a platform-wide view_person: see selectors.people_for.
    grant_permissions(COMMITTEE_STAFF, "network.view_organisation", "network.verify_organisation",
                      "network.view_person_consented", "network.view_totals", "network.merge_people",
                      "network.erase_person", "network.view_duplicates")
    grant_permissions(ORG_ADMIN, "network.view_organisation", "network.change_organisation", "network.view_person",
                      "network.change_person", "network.import", "network.merge_people", "network.view_duplicates",
                      "network.export")
    grant_permissions(ORG_EDITOR, "network.view_organisation", "network.view_person", "network.change_person",
                      "network.export")
    grant_permissions(COMMITTEE_STAFF, "network.export", "network.import")
    register_scope(Organisation, organisation="id",
                   public=lambda: Q(status=OrganisationStatus.VERIFIED))
    register_scope(Person, organisation="memberships__organisation_id", owner="user_id")
    register_scope(Membership, organisation="organisation_id", owner="person__user_id")
    register_scope_label(_organisation_name)
    register_nav(_("Organisations"), "network:directory", order=10)
    register_nav(_("My data"), "network:my_data", order=80, permission="network.manage_own_data")
    register_nav(_("Network map"), "network:dashboard", order=11, permission="network.view_totals")
    register_nav(_("Duplicates"), "network:duplicates", order=12, permission="network.view_duplicates")


def _organisation_name(organisation_id) -> str | None:
    from korpu.network.models import Organisation

    return Organisation.objects.filter(pk=organisation_id).values_list("name", flat=True).first()
