from django.urls import path

from korpu.expertise import views

app_name = "expertise"

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.my_profile, name="my_profile"),
    path("digest/", views.digest, name="digest"),
    path("digest/unsubscribe/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
    path("experts/", views.expert_list, name="expert_list"),
    path("experts/<uuid:profile_id>/", views.expert_detail, name="expert_detail"),
    path("experts/<uuid:profile_id>/credentials/", views.credential_upload, name="credential_upload"),
    path("credentials/<uuid:credential_id>/verify/", views.credential_verify, name="credential_verify"),
    path("needs/", views.need_list, name="need_list"),
    path("needs/new/", views.need_new, name="need_new"),
    path("needs/<uuid:need_id>/", views.need_detail, name="need_detail"),
    path("needs/<uuid:need_id>/propose/<uuid:profile_id>/", views.propose, name="propose"),
    path("engagements/", views.engagement_list, name="engagement_list"),
    path("engagements/<uuid:engagement_id>/", views.engagement_detail, name="engagement_detail"),
    path("engagements/<uuid:engagement_id>/<slug:action>/", views.engagement_action, name="engagement_action"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("embeddings/", views.embeddings, name="embeddings"),
]
