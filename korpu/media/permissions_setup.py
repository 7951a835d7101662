"""The media app's permissions, role, navigation and signal handlers, registered at start-up.

- `media_officer` (platform role, the committee's media team) holds every media.* permission
  and may turn an alert into a coordination task.
- Committee staff read everything of media (outlets, contacts, articles, stories, dashboard)
  but change nothing.
- Organisations and the public see nothing of media: contacts are personal data and the
  monitoring is the committee's working tool.
"""

from django.utils.translation import gettext_lazy as _

from korpu.core.extensions import register_nav, register_panel
from korpu.core.roles import COMMITTEE_STAFF, Scope, declare_role, grant_permissions

MEDIA_OFFICER = "media_officer"
VIEW = "media.view_media"
VIEW_CONTACT = "media.view_contact"
CHANGE_CONTACT = "media.change_contact"
CHANGE_OUTLET = "media.change_outlet"
CHANGE_SOURCE = "media.change_source"
SEND_RELEASE = "media.send_release"
CHANGE_TOPICS = "media.change_topics"
SEARCH = "media.search"
EXPORT = "media.export"
CREATE_TASK = "media.create_task"

READ_PERMISSIONS = {VIEW, VIEW_CONTACT, SEARCH, EXPORT}
ALL_PERMISSIONS = READ_PERMISSIONS | {CHANGE_CONTACT, CHANGE_OUTLET, CHANGE_SOURCE, SEND_RELEASE, CHANGE_TOPICS,
                                      CREATE_TASK}


def register() -> None:
    declare_role(MEDIA_OFFICER, scope=Scope.PLATFORM, label=_("Media officer"),
                 permissions=ALL_PERMISSIONS | {"coordination.create_task", "coordination.view_task"},
                 requires_mfa=True)
    grant_permissions(COMMITTEE_STAFF, *READ_PERMISSIONS)
    register_nav(_("Media"), "media:dashboard", order=40, permission=VIEW)
    register_nav(_("Press search"), "media:search", order=41, permission=SEARCH)
    from korpu.media.panels import organisation_panel

    register_panel("network.organisation", "media/_organisation_panel.html", organisation_panel, order=60)

    try:
        from korpu.network.signals import person_erased
    except ImportError:  # network without signals: nothing to answer
        return
    person_erased.connect(_on_person_erased, dispatch_uid="media.person_erased")


def _on_person_erased(sender=None, person_id=None, **kwargs) -> None:
    from korpu.media.services import erase_person

    if person_id is not None:
        erase_person(person_id)
