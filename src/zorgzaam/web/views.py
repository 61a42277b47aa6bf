from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from zorgzaam.accounts.permissions import public, requires
from zorgzaam.accounts.roles import Role

from .nav import tasks_for

ROLE_INTRO = {
    Role.RESIDENT: "resident",
    Role.VOLUNTEER: "volunteer",
    Role.HUB_COORDINATOR: "hub_coordinator",
    Role.PROFESSIONAL: "professional",
    Role.TEAM_LEAD: "team_lead",
    Role.POLICY_OFFICER: "policy_officer",
    Role.ADMINISTRATOR: "administrator",
}


@public
def landing(request):
    if request.user.is_authenticated:
        return redirect("web:home")
    return render(request, "web/landing.html")


@requires("home.view")
def home(request):
    return render(
        request,
        "web/home.html",
        {"tasks": tasks_for(request.user), "role_key": ROLE_INTRO.get(request.user.role, "")},
    )


@public
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
