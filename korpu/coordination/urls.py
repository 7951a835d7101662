from django.urls import path

from korpu.coordination import views

app_name = "coordination"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<uuid:event_id>/", views.event_detail, name="event_detail"),
    path("events/<uuid:event_id>/edit/", views.event_edit, name="event_edit"),
    path("events/<uuid:event_id>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<uuid:event_id>/register/", views.event_register, name="event_register"),
    path("events/<uuid:event_id>/check-in/", views.event_check_in, name="event_check_in"),
    path("events/<uuid:event_id>/badges.pdf", views.event_badges, name="event_badges"),
    path("events/<uuid:event_id>/delegates/", views.event_delegates, name="event_delegates"),
    path("registrations/<uuid:registration_id>/", views.registration_detail, name="registration_detail"),
    path("registrations/<uuid:registration_id>/qr.svg", views.registration_qr, name="registration_qr"),
    path("registrations/<uuid:registration_id>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("attendance/", views.attendance, name="attendance"),
    path("calendars/", views.feeds, name="feeds"),
    path("calendars/private/new/", views.feed_create, name="feed_create"),
    path("calendars/private/<uuid:feed_id>/revoke/", views.feed_revoke, name="feed_revoke"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<uuid:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<uuid:campaign_id>/join/", views.campaign_join, name="campaign_join"),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/new/", views.task_new, name="task_new"),
    path("tasks/<uuid:task_id>/", views.task_detail, name="task_detail"),
    path("tasks/<uuid:task_id>/attachments/<uuid:attachment_id>/", views.task_attachment, name="task_attachment"),
    path("announcements/", views.announcement_list, name="announcement_list"),
    path("announcements/new/", views.announcement_new, name="announcement_new"),
    path("announcements/<uuid:announcement_id>/", views.announcement_detail, name="announcement_detail"),
    path("notifications/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
