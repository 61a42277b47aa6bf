from django.urls import path

from . import api, views, views_activities, views_hubs, views_manage

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
    # Community hubs ("Huis van Alles").
    path("hubs/", views_hubs.hub_list, name="hubs"),
    path("hubs/mine/", views_hubs.my_signups, name="my-signups"),
    path("hubs/manage/", views_hubs.hub_manage, name="hub-manage"),
    path("hubs/new/", views_hubs.hub_create, name="hub-create"),
    path("hubs/<uuid:public_id>/edit/", views_hubs.hub_edit, name="hub-edit"),
    path("hubs/<uuid:public_id>/council/", views_hubs.hub_council, name="hub-council"),
    path(
        "hubs/council/<uuid:public_id>/remove/",
        views_hubs.hub_council_remove,
        name="hub-council-remove",
    ),
    path("hubs/<uuid:public_id>/", views_hubs.hub_detail, name="hub"),
    path("hubs/<uuid:public_id>/agenda.ics", views_hubs.hub_ical, name="hub-ical"),
    path("hubs/<uuid:public_id>/propose/", views_hubs.activity_propose, name="propose"),
    path("hubs/<uuid:public_id>/proposals/", views_hubs.proposals, name="proposals"),
    path(
        "hubs/activities/<uuid:public_id>/decide/",
        views_hubs.activity_decide,
        name="activity-decide",
    ),
    path(
        "hubs/activities/<uuid:public_id>/",
        views_activities.activity_manage,
        name="activity-manage",
    ),
    path(
        "hubs/activities/<uuid:public_id>/cancel/",
        views_activities.activity_cancel,
        name="activity-cancel",
    ),
    path("hubs/activities/<uuid:public_id>/signup/", views_hubs.signup, name="signup"),
    path(
        "hubs/activities/<uuid:public_id>/attendance/",
        views_hubs.attendance,
        name="attendance",
    ),
    path("hubs/signups/<uuid:public_id>/cancel/", views_hubs.signup_cancel, name="signup-cancel"),
    # HSDS 3.0 read API (paths as the HSDS OpenAPI spells them).
    path("hsds/", api.ApiRoot.as_view(), name="hsds-root"),
    path("hsds/services", api.ServiceList.as_view(), name="hsds-services"),
    path("hsds/services/<uuid:public_id>", api.ServiceDetail.as_view(), name="hsds-service"),
    path("hsds/organizations", api.OrganizationList.as_view(), name="hsds-organizations"),
    path(
        "hsds/organizations/<uuid:public_id>",
        api.OrganizationDetail.as_view(),
        name="hsds-organization",
    ),
    path("hsds/taxonomies", api.TaxonomyList.as_view(), name="hsds-taxonomies"),
    path("hsds/taxonomies/<uuid:public_id>", api.TaxonomyDetail.as_view(), name="hsds-taxonomy"),
    path("hsds/taxonomy_terms", api.TaxonomyTermList.as_view(), name="hsds-taxonomy-terms"),
    path(
        "hsds/taxonomy_terms/<uuid:public_id>",
        api.TaxonomyTermDetail.as_view(),
        name="hsds-taxonomy-term",
    ),
    path(
        "hsds/service_at_locations",
        api.ServiceAtLocationList.as_view(),
        name="hsds-service-at-locations",
    ),
    path(
        "hsds/service_at_locations/<uuid:public_id>",
        api.ServiceAtLocationDetail.as_view(),
        name="hsds-service-at-location",
    ),
]
