from django.urls import path

from . import views

app_name = "identity"
urlpatterns = [
    path("callback/", views.callback, name="callback"),
    path("<slug:slug>/login/", views.start, name="start"),
    path("welcome/", views.consent, name="consent"),
    path("me/", views.me, name="me"),
    path("level/", views.assurance, name="assurance"),
]
