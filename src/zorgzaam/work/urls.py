from django.urls import path

from . import views, views_garden

app_name = "work"
urlpatterns = [
    path("", views.jobseeker_list, name="jobseeker_list"),
    path("jobseekers/new/", views.jobseeker_new, name="jobseeker_new"),
    path("jobseekers/new/<uuid:person_id>/", views.jobseeker_register, name="jobseeker_register"),
    path("jobseekers/<uuid:public_id>/", views.jobseeker_detail, name="jobseeker_detail"),
    path("jobseekers/<uuid:public_id>/edit/", views.jobseeker_edit, name="jobseeker_edit"),
    path("jobseekers/<uuid:public_id>/place/", views.placement_new, name="placement_new"),
    path("placements/<uuid:public_id>/", views.placement_detail, name="placement_detail"),
    path("placements/<uuid:public_id>/end/", views.placement_end, name="placement_end"),
    path("followups/<uuid:public_id>/", views.followup_record, name="followup_record"),
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/new/", views.employer_new, name="employer_new"),
    path("employers/<uuid:public_id>/", views.employer_detail, name="employer_detail"),
    path("employers/<uuid:public_id>/edit/", views.employer_edit, name="employer_edit"),
    path("peergroups/", views.peergroup_list, name="peergroup_list"),
    path("peergroups/<uuid:public_id>/", views.peergroup_detail, name="peergroup_detail"),
    path(
        "peergroups/<uuid:public_id>/members/",
        views.peergroup_member_add,
        name="peergroup_member_add",
    ),
    path(
        "peergroups/<uuid:public_id>/members/<uuid:seeker_id>/",
        views.peergroup_member_outcome,
        name="peergroup_member_outcome",
    ),
    path("peergroups/<uuid:public_id>/sessions/", views.session_add, name="session_add"),
    path("sessions/<uuid:public_id>/", views.session_detail, name="session_detail"),
    path("gardens/", views_garden.garden_list, name="garden_list"),
    path("gardens/new/", views_garden.garden_new, name="garden_new"),
    path("gardens/<uuid:public_id>/", views_garden.garden_detail, name="garden_detail"),
    path("gardens/<uuid:public_id>/place/", views_garden.garden_place, name="garden_place"),
    path("gardens/<uuid:public_id>/shifts/", views_garden.garden_shift, name="garden_shift"),
    path("gardens/<uuid:public_id>/produce/", views_garden.garden_produce, name="garden_produce"),
    path("sroi/", views.contract_list, name="contract_list"),
    path("sroi/new/", views.contract_new, name="contract_new"),
    path("sroi/tables/", views.table_list, name="table_list"),
    path("sroi/<uuid:public_id>/", views.contract_detail, name="contract_detail"),
]
