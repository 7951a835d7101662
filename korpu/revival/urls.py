from django.urls import path

from korpu.revival import views

app_name = "revival"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("p/<slug:slug>/", views.project, name="project"),
    path("p/<slug:slug>/offer/", views.make_offer, name="make_offer"),
    path("photos/<uuid:photo_id>/", views.photo, name="photo"),
    path("evidence/<uuid:evidence_id>/", views.evidence, name="evidence"),
    path("transparency/", views.transparency, name="transparency"),
    path("offers/", views.my_offers, name="my_offers"),
    path("offers/<uuid:offer_id>/withdraw/", views.withdraw_offer, name="withdraw_offer"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.create_project, name="create_project"),
    path("manage/<slug:slug>/", views.manage_project, name="manage_project"),
    path("manage/<slug:slug>/status/", views.change_status, name="change_status"),
    path("manage/<slug:slug>/partners/", views.add_partner, name="add_partner"),
    path("manage/<slug:slug>/photos/", views.add_photo, name="add_photo"),
    path("manage/<slug:slug>/milestones/", views.add_milestone, name="add_milestone"),
    path("manage/<slug:slug>/milestones/<uuid:milestone_id>/evidence/", views.add_evidence, name="add_evidence"),
    path("manage/<slug:slug>/milestones/<uuid:milestone_id>/status/", views.milestone_status, name="milestone_status"),
    path("manage/<slug:slug>/milestones/<uuid:milestone_id>/payouts/", views.request_payout, name="request_payout"),
    path("manage/<slug:slug>/payouts/<uuid:payout_id>/", views.decide_payout, name="decide_payout"),
    path("manage/<slug:slug>/offers/<uuid:offer_id>/", views.offer_status, name="offer_status"),
]
