"""URLs of the administrator's users-and-teams screens, under /account/manage/ in the
``accounts`` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("users/", views.user_list, name="manage-users"),
    path("users/invite/", views.user_invite, name="manage-user-invite"),
    path("users/bulk/", views.user_bulk_invite, name="manage-users-bulk"),
    path("users/bulk/links.csv", views.user_bulk_links_csv, name="manage-users-bulk-links"),
    path("users/<uuid:user_id>/", views.user_detail, name="manage-user"),
    path("users/<uuid:user_id>/role/", views.user_role, name="manage-user-role"),
    path("users/<uuid:user_id>/teams/", views.user_teams, name="manage-user-teams"),
    path("users/<uuid:user_id>/deactivate/", views.user_deactivate, name="manage-user-deactivate"),
    path(
        "users/<uuid:user_id>/invitation/",
        views.user_invitation_renew,
        name="manage-user-invitation",
    ),
    path(
        "users/<uuid:user_id>/second-factor/",
        views.user_second_factor_reset,
        name="manage-user-second-factor",
    ),
    path("teams/", views.team_list, name="manage-teams"),
    path("teams/new/", views.team_create, name="manage-team-create"),
    path("teams/<uuid:team_id>/", views.team_detail, name="manage-team"),
    path("teams/<uuid:team_id>/areas/", views.team_areas, name="manage-team-areas"),
]
