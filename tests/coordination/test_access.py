"""Authorization matrix: every page and API route of coordination × every persona.

Objects (created by fixtures): a public event and a members-only event of organisation A, a
public congress of A, a member's registration, a campaign led by A with a task for A, an
announcement to every organisation, and the member's private feed.
"""

from __future__ import annotations

import pytest

from tests.coordination.conftest import make_event

PERSONAS = ["anonymous", "member", "editor", "officer", "other_officer", "staff", "admin"]
ALL_200 = (200,) * 7
SIGNED_IN_200 = (302, 200, 200, 200, 200, 200, 200)
API_SIGNED_IN_200 = (401, 200, 200, 200, 200, 200, 200)

# name: (method, url template, json body or None, expected status per persona in PERSONAS order)
MATRIX = {
    "calendar": ("get", "/coordination/", None, ALL_200),
    "calendar_list": ("get", "/coordination/?view=list", None, ALL_200),
    "event_new": ("get", "/coordination/events/new/", None, (302, 403, 200, 200, 200, 403, 200)),
    "event_detail_public": ("get", "/coordination/events/{event}/", None, ALL_200),
    "event_detail_members": ("get", "/coordination/events/{members_event}/", None, (404, 200, 200, 200, 404, 200, 200)),
    "event_edit": ("get", "/coordination/events/{event}/edit/", None, (302, 403, 200, 200, 404, 403, 200)),
    "event_cancel": ("post", "/coordination/events/{event}/cancel/", None, (302, 403, 302, 302, 404, 403, 302)),
    "event_register": ("post", "/coordination/events/{event}/register/", None, (302, 409, 302, 302, 302, 302, 302)),
    "event_check_in": ("get", "/coordination/events/{event}/check-in/", None, (302, 403, 200, 200, 403, 403, 200)),
    "event_badges": ("get", "/coordination/events/{congress}/badges.pdf", None, (302, 403, 200, 200, 404, 403, 200)),
    "event_delegates": ("get", "/coordination/events/{congress}/delegates/", None, (302, 403, 200, 200, 200, 403, 200)),
    "registration_detail": ("get", "/coordination/registrations/{registration}/", None, (302, 200, 200, 200, 404, 200, 200)),
    "registration_qr": ("get", "/coordination/registrations/{registration}/qr.svg", None, (302, 200, 200, 200, 404, 200, 200)),
    "registration_cancel": ("post", "/coordination/registrations/{registration}/cancel/", None, (302, 302, 302, 302, 404, 403, 302)),
    "attendance": ("get", "/coordination/attendance/", None, (302, 403, 200, 200, 200, 200, 200)),
    "feeds": ("get", "/coordination/calendars/", None, ALL_200),
    "feed_create": ("post", "/coordination/calendars/private/new/", None, (302,) * 7),
    "campaign_list": ("get", "/coordination/campaigns/", None, SIGNED_IN_200),
    "campaign_new": ("get", "/coordination/campaigns/new/", None, (302, 403, 403, 200, 200, 200, 200)),
    "campaign_detail": ("get", "/coordination/campaigns/{campaign}/", None, SIGNED_IN_200),
    "my_tasks": ("get", "/coordination/tasks/", None, SIGNED_IN_200),
    "task_new": ("get", "/coordination/tasks/new/", None, (302, 403, 200, 200, 200, 200, 200)),
    "task_detail": ("get", "/coordination/tasks/{task}/", None, (302, 404, 200, 200, 404, 200, 200)),
    "announcement_list": ("get", "/coordination/announcements/", None, SIGNED_IN_200),
    "announcement_new": ("get", "/coordination/announcements/new/", None, (302, 403, 403, 200, 200, 200, 200)),
    "announcement_detail": ("get", "/coordination/announcements/{announcement}/", None, SIGNED_IN_200),
    "preferences": ("get", "/coordination/notifications/", None, SIGNED_IN_200),
    "unsubscribe": ("get", "/coordination/unsubscribe/{token}/", None, ALL_200),
    "dashboard": ("get", "/coordination/dashboard/", None, (302, 403, 403, 403, 403, 200, 200)),
    # --- API
    "api_events": ("get", "/api/v1/events", None, ALL_200),
    "api_event_members": ("get", "/api/v1/events/{members_event}", None, (404, 200, 200, 200, 404, 200, 200)),
    "api_event_create": ("post", "/api/v1/events", "event_body", (401, 403, 201, 201, 403, 403, 201)),
    "api_event_update": ("patch", "/api/v1/events/{event}", {"venue": "Hall 2"}, (401, 403, 200, 200, 403, 403, 200)),
    "api_event_cancel": ("post", "/api/v1/events/{event}/cancel", None, (401, 403, 200, 200, 403, 403, 200)),
    "api_registrations": ("get", "/api/v1/registrations", None, API_SIGNED_IN_200),
    "api_registration_create": ("post", "/api/v1/registrations", "registration_body", (401, 409, 201, 201, 201, 201, 201)),
    "api_registration_cancel": ("post", "/api/v1/registrations/{registration}/cancel", None, (401, 200, 200, 200, 404, 403, 200)),
    "api_checkins": ("post", "/api/v1/checkins", "checkin_body", (401, 403, 200, 200, 403, 403, 200)),
    "api_campaigns": ("get", "/api/v1/campaigns", None, API_SIGNED_IN_200),
    "api_campaign": ("get", "/api/v1/campaigns/{campaign}", None, API_SIGNED_IN_200),
    "api_campaign_create": ("post", "/api/v1/campaigns", "campaign_body", (401, 403, 403, 201, 403, 201, 201)),
    "api_campaign_join": ("post", "/api/v1/campaigns/{campaign}/join", "join_body", (401, 403, 403, 403, 200, 200, 200)),
    "api_tasks": ("get", "/api/v1/tasks", None, API_SIGNED_IN_200),
    "api_task": ("get", "/api/v1/tasks/{task}", None, (401, 404, 200, 200, 404, 200, 200)),
    "api_task_create": ("post", "/api/v1/tasks", "task_body", (401, 403, 201, 201, 403, 201, 201)),
    "api_task_update": ("patch", "/api/v1/tasks/{task}", {"status": "doing"}, (401, 404, 200, 200, 404, 200, 200)),
    "api_task_comment": ("post", "/api/v1/tasks/{task}/comments", {"body": "ok"}, (401, 404, 201, 201, 404, 201, 201)),
    "api_announcements": ("get", "/api/v1/announcements", None, API_SIGNED_IN_200),
    "api_announcement_create": ("post", "/api/v1/announcements", {"title": {"en": "Hi"}, "body": {"en": "Text"}},
                                (401, 403, 403, 403, 403, 201, 201)),
    "api_announcement_read": ("post", "/api/v1/announcements/{announcement}/read", None, API_SIGNED_IN_200),
    "api_bounces": ("post", "/api/v1/bounces", {"email": "x@example.org"}, (401, 403, 403, 403, 403, 200, 200)),
    "feed_public": ("get", "/api/v1/calendars/public.ics", None, ALL_200),
    "feed_organisation": ("get", "/api/v1/calendars/organisations/{org_a}.ics", None, ALL_200),
    "feed_country": ("get", "/api/v1/calendars/countries/DE.ics", None, ALL_200),
    "feed_private": ("get", "/api/v1/calendars/private/{secret}.ics", None, ALL_200),
}

CASES = [(name, persona, expected[i]) for name, (_m, _u, _b, expected) in MATRIX.items() for i, persona in enumerate(PERSONAS)]


@pytest.fixture
def objects(org_a, org_b, event, members_event, registration, campaign, task, announcement, member):
    from korpu.coordination.services import do_create_feed, do_set_quota, preference_for

    congress = make_event([org_a], kind="congress", title={"en": "Congress"})
    do_set_quota(actor="system", event=congress, country="DE", seats=5)
    return {
        "event": event.pk, "members_event": members_event.pk, "congress": congress.pk, "registration": registration.pk,
        "campaign": campaign.pk, "task": task.pk, "announcement": announcement.pk, "org_a": org_a.pk,
        "token": preference_for(member).unsubscribe_token, "secret": do_create_feed(actor=member).secret,
        "code": registration.code,
    }


def body_for(name, objects):
    return {
        "event_body": {"organisers": [str(objects["org_a"])], "title": {"en": "New"}, "starts_at": "2030-05-01T10:00:00Z",
                       "ends_at": "2030-05-01T12:00:00Z", "venue": "Hall"},
        "registration_body": {"event_id": str(objects["event"])},
        "checkin_body": {"event_id": str(objects["event"]), "code": objects["code"], "scan_id": "matrix"},
        "campaign_body": {"title": {"en": "Week"}, "lead_organisation": str(objects["org_a"])},
        "join_body": {"organisation": "00000000-0000-4000-8000-00000000000b"},
        "task_body": {"title": "Do it", "assignee_organisation": str(objects["org_a"])},
    }[name]


@pytest.mark.parametrize("name, persona, expected", CASES, ids=[f"{n}-{p}" for n, p, _e in CASES])
def test_access(name, persona, expected, personas, objects, client_for):
    method, template, body, _expected = MATRIX[name]
    url = template.format(**objects)
    client = client_for(personas[persona])
    if isinstance(body, str):
        body = body_for(body, objects)
    if body is None:
        response = getattr(client, method)(url)
    else:
        response = getattr(client, method)(url, body, content_type="application/json")
    assert response.status_code == expected, (name, persona, response.content[:300])
    if expected == 302 and persona == "anonymous" and method == "get":
        assert "/accounts/login/" in response["Location"]
