"""The network app's permissions, roles and scopes, registered at start-up."""

from django.db.models import Q

from korpu.core.extensions import register_scope_label
from korpu.core.permissions import register_scope
from korpu.core.roles import COMMITTEE_STAFF, ORG_ADMIN, ORG_EDITOR, allow_public, grant_permissions


def register() -> None:
    from korpu.network.models import Membership, Organisation, OrganisationStatus, Person

    allow_public("network.view_organisation")
    grant_permissions(COMMITTEE_STAFF, "network.view_organisation", "network.verify_organisation",
                      "network.view_person_consented", "network.view_totals")
    grant_permissions(ORG_ADMIN, "network.change_organisation", "network.view_person", "network.change_person",
                      "network.import")
    grant_permissions(ORG_EDITOR, "network.view_person", "network.change_person")
    register_scope(Organisation, organisation="id",
                   public=lambda: Q(status=OrganisationStatus.VERIFIED))
    register_scope(Person, organisation="memberships__organisation_id", owner="user_id")
    register_scope(Membership, organisation="organisation_id", owner="person__user_id")
    register_scope_label(_organisation_name)


def _organisation_name(organisation_id) -> str | None:
    from korpu.network.models import Organisation

    return Organisation.objects.filter(pk=organisation_id).values_list("name", flat=True).first()
