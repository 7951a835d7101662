from django.urls import path

from korpu.media import views

app_name = "media"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("search/", views.search_page, name="search"),
    path("search/export.csv", views.export, name="export"),
    path("articles/<uuid:article_id>/", views.article_detail, name="article"),
    path("stories/", views.story_list, name="stories"),
    path("stories/<uuid:story_id>/", views.story_detail, name="story"),
    path("outlets/", views.outlet_list, name="outlets"),
    path("outlets/<uuid:outlet_id>/", views.outlet_detail, name="outlet"),
    path("contacts/", views.contact_list, name="contacts"),
    path("contacts/<uuid:contact_id>/", views.contact_detail, name="contact"),
    path("releases/", views.release_list, name="releases"),
    path("releases/<uuid:release_id>/", views.release_detail, name="release"),
    path("o/<str:token>.gif", views.release_opened, name="release_opened"),
    path("sources/", views.source_list, name="sources"),
    path("sources/<uuid:source_id>/", views.source_detail, name="source"),
    path("topics/", views.topic_list, name="topics"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<uuid:alert_id>/task/", views.alert_task, name="alert_task"),
]
