from django.urls import path

from korpu.network import views

app_name = "network"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("organisations/apply/", views.organisation_apply, name="apply"),
    path("organisations/applications/", views.applications, name="applications"),
    path("organisations/<uuid:organisation_id>/", views.organisation_detail, name="organisation"),
    path("organisations/<uuid:organisation_id>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<uuid:organisation_id>/verify/", views.organisation_verify, name="organisation_verify"),
    path("organisations/<uuid:organisation_id>/people/new/", views.person_add, name="person_add"),
    path("people/", views.people_search, name="people_search"),
    path("people/<uuid:person_id>/", views.person_detail, name="person"),
    path("people/<uuid:person_id>/edit/", views.person_edit, name="person_edit"),
    path("people/<uuid:person_id>/variants/", views.person_add_variant, name="person_add_variant"),
    path("people/<uuid:person_id>/variants/<uuid:variant_id>/remove/", views.person_remove_variant,
         name="person_remove_variant"),
    path("people/<uuid:person_id>/consents/", views.person_consents, name="person_consents"),
    path("me/", views.my_data, name="my_data"),
    path("me/consents/", views.my_consents, name="my_consents"),
    path("me/export.<str:fmt>", views.my_export, name="my_export"),
    path("me/erase/", views.my_erase, name="my_erase"),
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/<uuid:job_id>/", views.import_detail, name="import"),
    path("imports/<uuid:job_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("export/<str:what>.<str:fmt>", views.export, name="export"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<uuid:candidate_id>/merge/", views.duplicate_merge, name="duplicate_merge"),
    path("duplicates/<uuid:candidate_id>/dismiss/", views.duplicate_dismiss, name="duplicate_dismiss"),
    path("merges/<uuid:merge_id>/undo/", views.merge_undo, name="merge_undo"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
