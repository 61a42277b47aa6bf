from django.urls import path

from . import views, views_manage

app_name = "socialmap"
urlpatterns = [
    path("map/", views.search, name="search"),
    path("map/markers.json", views.markers, name="markers"),
    path("map/manage/", views_manage.manage, name="manage"),
    path("map/new/", views_manage.service_create, name="create"),
    path("map/<uuid:public_id>/", views.service_detail, name="detail"),
    path("map/<uuid:public_id>/edit/", views_manage.service_edit, name="edit"),
    path("map/<uuid:public_id>/verify/", views_manage.service_verify, name="verify"),
    path("map/<uuid:public_id>/versions/", views_manage.service_versions, name="versions"),
]
