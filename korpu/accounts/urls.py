from django.urls import path

from korpu.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<uuid:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("invite/", views.invite, name="invite"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
