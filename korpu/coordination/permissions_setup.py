"""The coordination app's permissions, scopes, navigation and panels, registered at start-up.

- Events: public ones are visible to everyone; members-only ones to the organisers' people
  (any organisation role); invited-only ones to invitees. Officers and editors of an organiser
  manage the event and check people in. Committee staff see everything.
- Campaigns are visible to every signed-in user; org admins join them and, like staff, create them.
- Tasks are visible to the assigned organisation's officers and editors and to the assigned
  person; committee staff see all.
- Announcements: staff send to everyone; an admin of an umbrella organisation (a coordination
  council) to the organisations of its country. Recipients' people read them.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from korpu.core.extensions import register_nav, register_panel
from korpu.core.permissions import register_scope
from korpu.core.roles import (
    COMMITTEE_STAFF,
    MEMBER,
    ORG_ADMIN,
    ORG_EDITOR,
    allow_public,
    allow_signed_in,
    grant_permissions,
)

VIEW_EVENT = "coordination.view_event"
MANAGE_EVENT = "coordination.manage_event"
CHECK_IN = "coordination.check_in"
VIEW_REGISTRATION = "coordination.view_registration"
NOMINATE_DELEGATE = "coordination.nominate_delegate"
VIEW_CAMPAIGN = "coordination.view_campaign"
MANAGE_CAMPAIGN = "coordination.manage_campaign"
JOIN_CAMPAIGN = "coordination.join_campaign"
VIEW_TASK = "coordination.view_task"
CHANGE_TASK = "coordination.change_task"
CREATE_TASK = "coordination.create_task"
VIEW_ANNOUNCEMENT = "coordination.view_announcement"
SEND_ANNOUNCEMENT = "coordination.send_announcement"
SEND_ANNOUNCEMENT_ALL = "coordination.send_announcement_all"
VIEW_DASHBOARD = "coordination.view_dashboard"
VIEW_ATTENDANCE = "coordination.view_attendance"
RECORD_BOUNCE = "coordination.record_bounce"
MANAGE_OWN = "coordination.manage_own_notifications"


def register() -> None:
    from korpu.coordination.models import (
        Announcement,
        Campaign,
        Event,
        Registration,
        Task,
        Visibility,
    )

    allow_public(VIEW_EVENT)
    allow_signed_in(VIEW_CAMPAIGN, MANAGE_OWN)
    grant_permissions(MEMBER, VIEW_EVENT, VIEW_ANNOUNCEMENT)
    grant_permissions(ORG_EDITOR, VIEW_EVENT, MANAGE_EVENT, CHECK_IN, VIEW_REGISTRATION, VIEW_TASK, CHANGE_TASK,
                      CREATE_TASK, VIEW_ANNOUNCEMENT, NOMINATE_DELEGATE, VIEW_ATTENDANCE)
    grant_permissions(ORG_ADMIN, VIEW_EVENT, MANAGE_EVENT, CHECK_IN, VIEW_REGISTRATION, VIEW_TASK, CHANGE_TASK,
                      CREATE_TASK, VIEW_ANNOUNCEMENT, NOMINATE_DELEGATE, JOIN_CAMPAIGN, MANAGE_CAMPAIGN,
                      SEND_ANNOUNCEMENT, VIEW_ATTENDANCE)
    grant_permissions(COMMITTEE_STAFF, VIEW_EVENT, VIEW_REGISTRATION, VIEW_TASK, CHANGE_TASK, CREATE_TASK,
                      VIEW_ANNOUNCEMENT, SEND_ANNOUNCEMENT, SEND_ANNOUNCEMENT_ALL, VIEW_DASHBOARD,
                      VIEW_ATTENDANCE, MANAGE_CAMPAIGN, RECORD_BOUNCE)

    register_scope(Event, organisation="organisers__id", owner="invitees__id",
                   public=lambda: Q(visibility=Visibility.PUBLIC))
    register_scope(Registration, organisation="event__organisers__id", owner="user_id")
    register_scope(Campaign, organisation="participants__id")
    register_scope(Task, organisation="assignee_organisation_id", owner="assignee_person__user_id")
    register_scope(Announcement, organisation="recipients__organisation_id")

    register_nav(_("Events"), "coordination:calendar", order=40)
    register_nav(_("Campaigns"), "coordination:campaign_list", order=41, permission=VIEW_CAMPAIGN)
    register_nav(_("My tasks"), "coordination:my_tasks", order=42, permission=MANAGE_OWN)
    register_nav(_("Announcements"), "coordination:announcement_list", order=43, permission=VIEW_ANNOUNCEMENT)
    register_nav(_("Coordination dashboard"), "coordination:dashboard", order=44, permission=VIEW_DASHBOARD)

    from korpu.coordination.views import organisation_panel_context

    register_panel("network.organisation", "coordination/_org_events.html", organisation_panel_context)
