from django.urls import path

from korpu.advocacy import views

app_name = "advocacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("officials/", views.official_list, name="official_list"),
    path("officials/<uuid:official_id>/", views.official_detail, name="official_detail"),
    path("bodies/<uuid:body_id>/", views.body_detail, name="body_detail"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<uuid:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<uuid:campaign_id>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<uuid:campaign_id>/actions/new/", views.action_new, name="action_new"),
    path("actions/<uuid:action_id>/edit/", views.action_edit, name="action_edit"),
    path("act/<uuid:action_id>/", views.action_page, name="action"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("letters/confirm/<str:token>/", views.confirm_letter, name="confirm_letter"),
    path("interactions/", views.interaction_list, name="interaction_list"),
    path("interactions/new/", views.interaction_new, name="interaction_new"),
    path("interactions/<uuid:interaction_id>/", views.interaction_detail, name="interaction_detail"),
    path("interactions/<uuid:interaction_id>/attachments/<uuid:attachment_id>/", views.attachment_download,
         name="attachment"),
    path("outcomes/", views.outcome_list, name="outcome_list"),
    path("outcomes/new/", views.outcome_new, name="outcome_new"),
    path("map/", views.activity_map, name="map"),
    path("register/", views.register, name="register"),
    path("import/", views.import_upload, name="import"),
    path("import/<uuid:batch_id>/", views.import_preview, name="import_preview"),
    path("petitions/<uuid:action_id>/signatures.csv", views.signatures_export, name="signatures_export"),
]
