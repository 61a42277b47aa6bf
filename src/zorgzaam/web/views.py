from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

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
    Role.COUNCIL_MEMBER: "council_member",
    Role.ADMINISTRATOR: "administrator",
}


def role_panel(role: str) -> str:
    """A mission part may add a panel to a role's home page: a template named
    ``home/<role>.html`` in the part's templates (the council report gives the council
    member's). Named, never imported, so the foundation stands without the part."""
    name = f"home/{role}.html"
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return ""
    return name


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
        {
            "tasks": tasks_for(request.user),
            "role_key": ROLE_INTRO.get(request.user.role, ""),
            "role_panel": role_panel(request.user.role),
        },
    )


@public
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _wants_json(request) -> bool:
    path = request.path
    return path.startswith("/hsds/") or "/api/" in path or path.startswith("/api")


def _error(request, status: int, template: str, detail: str):
    if _wants_json(request):
        return JsonResponse({"detail": detail}, status=status)
    return render(request, template, status=status)


def not_found(request, exception=None):
    return _error(request, 404, "web/404.html", "Not found.")


def forbidden(request, exception=None):
    return _error(request, 403, "web/403.html", "You do not have permission to do this.")


def bad_request(request, exception=None):
    return _error(request, 400, "web/400.html", "Bad request.")


def server_error(request):
    return _error(request, 500, "web/500.html", "Server error.")
