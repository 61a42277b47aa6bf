from django.urls import path

from . import views

app_name = "stories"
urlpatterns = [
    path("", views.story_list, name="list"),
    path("new/", views.story_tell, name="tell"),
    path("team/", views.team_queue, name="team"),
    path("themes/", views.themes, name="themes"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<uuid:public_id>/", views.round_detail, name="round"),
    path("rounds/<uuid:public_id>/select/", views.round_select, name="select"),
    path("domains/", views.domain_list, name="domains"),
    path("keep-list/", views.keep_list, name="keep-list"),
    path("keep-list/<uuid:public_id>/remove/", views.keep_remove, name="keep-remove"),
    path("<uuid:public_id>/", views.story_detail, name="detail"),
    path("<uuid:public_id>/review/", views.story_review, name="review"),
    path(
        "<uuid:public_id>/restore/<uuid:redaction_id>/",
        views.redaction_restore,
        name="restore",
    ),
    path("<uuid:public_id>/withdraw/", views.story_withdraw, name="withdraw"),
    path("<uuid:public_id>/original/", views.story_original, name="original"),
    path("<uuid:public_id>/photo/", views.story_photo, name="photo"),
]
