from django.urls import path

from korpu.plaques import views

app_name = "plaques"

urlpatterns = [
    path("", views.plaque_list, name="list"),
    path("mine/", views.my_lines, name="mine"),
    path("new/<slug:slug>/", views.create_plaque, name="create"),
    path("<uuid:plaque_id>/", views.plaque_detail, name="detail"),
    path("<uuid:plaque_id>/proofs/", views.make_proof, name="make_proof"),
    path("<uuid:plaque_id>/versions/", views.proof_versions, name="versions"),
    path("proofs/<uuid:proof_id>/decide/", views.decide_proof, name="decide_proof"),
    path("proofs/<uuid:proof_id>/proof.pdf", views.proof_pdf, name="proof_pdf"),
    path("proofs/<uuid:proof_id>/engraver.zip", views.proof_package, name="proof_package"),
]
