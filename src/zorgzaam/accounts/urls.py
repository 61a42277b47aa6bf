from django.urls import include, path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("2fa/", views.otp, name="otp"),
    path("profile/", views.profile, name="profile"),
    path("manage/", include("zorgzaam.accounts.manage.urls")),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
