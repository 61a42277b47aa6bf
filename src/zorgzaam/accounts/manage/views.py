"""The municipal administrator's users-and-teams screens. Thin: parse a form, call one
account service (which checks the rules and writes the audit row), render. Every page shows
staff names and e-mail addresses, so every page needs the second factor."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.common.csvsafe import csv_row
from zorgzaam.common.errors import ApplicationError, add_form_error
from zorgzaam.common.http import post_form

from .. import services
from ..permissions import actor_can, requires
from ..roles import Role
from . import selectors
from .bulk import MAX_ROWS, BulkInviteRejected, users_bulk_invite
from .forms import (
    STAFF_ROLES,
    BulkInviteForm,
    DeactivateForm,
    InviteForm,
    RoleForm,
    SecondFactorResetForm,
    TeamAreasForm,
    TeamCreateForm,
    TeamsForm,
    UserFilterForm,
)
from .mail import invitation_mail_send


def _no_store(response: HttpResponse) -> HttpResponse:
    """A page with a one-time invitation link is kept in no cache."""
    response["Cache-Control"] = "no-store"
    return response


def _render(request, template: str, context: dict, **kwargs) -> HttpResponse:
    context.setdefault("can_manage_users", actor_can(request.user, "users.manage"))
    return render(request, template, context, **kwargs)


def _user_url(account) -> str:
    return reverse("accounts:manage-user", args=[account.public_id])


def _back_to_top(url: str) -> str:
    """After a successful action: the page from the top, where the message is. (The action
    forms post to a URL with a fragment so that a form with errors comes back scrolled to
    itself; without a fragment of its own, a redirect would inherit that one.)"""
    return url + "#main"


# --- users ---------------------------------------------------------------------------------


@requires("users.manage", person_level=True)
def user_list(request):
    form = UserFilterForm(request.GET or None, actor=request.user)
    filters = form.filters() if form.is_bound else {}
    qs = selectors.user_list_for_actor(request.user, **filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [(account, selectors.user_status(account)) for account in page]
    return _render(
        request,
        "accounts/manage/user_list.html",
        {"form": form, "page": page, "rows": rows, "filtered": any(filters.values())},
    )


def _detail(request, account, **forms):
    context = {
        "account": account,
        "status": selectors.user_status(account),
        "is_self": account.pk == request.user.pk,
        "can_view_audit": actor_can(request.user, "audit.view"),
        "team_roles": [Role.PROFESSIONAL, Role.TEAM_LEAD],
        "role_form": RoleForm(prefix="role", initial={"role": account.role}),
        "teams_form": TeamsForm(
            prefix="teams", actor=request.user, initial={"teams": list(account.teams.all())}
        ),
        "deactivate_form": DeactivateForm(prefix="deactivate"),
        "reset_form": SecondFactorResetForm(prefix="reset"),
    }
    context.update(forms)
    return _render(request, "accounts/manage/user_detail.html", context)


@requires("users.manage", person_level=True)
def user_detail(request, user_id):
    account = selectors.user_get_for_actor(request, user_id)
    return _detail(request, account)


def _user_action(request, account, form, form_key: str, perform, success):
    """A POST form of the user page: a valid form goes to its service (which audits); a
    refusal comes back on the form, next to the field it names; success is a message and the
    user page again. ``success`` is called after the service, so it reads the changed user."""
    outcome = post_form(
        request,
        form,
        lambda f: perform(f.cleaned_data),
        lambda result: success(),
        redirect_to=_back_to_top(_user_url(account)),
    )
    if isinstance(outcome, HttpResponseRedirect):
        return outcome
    return _detail(request, account, **{form_key: form})


@requires("users.manage", person_level=True)
@require_POST
def user_role(request, user_id):
    account = selectors.user_get_for_actor(request, user_id)
    return _user_action(
        request,
        account,
        RoleForm(request.POST, prefix="role"),
        "role_form",
        lambda data: services.user_change_role(
            actor=request.user, user=account, role=data["role"], request=request
        ),
        lambda: (
            _("The role of %(name)s is now: %(role)s.")
            % {"name": account.display_name, "role": account.get_role_display()}
        ),
    )


@requires("users.manage", person_level=True)
@require_POST
def user_teams(request, user_id):
    account = selectors.user_get_for_actor(request, user_id)
    return _user_action(
        request,
        account,
        TeamsForm(request.POST, prefix="teams", actor=request.user),
        "teams_form",
        lambda data: services.user_set_teams(
            actor=request.user, user=account, teams=data["teams"], request=request
        ),
        lambda: _("The teams have been saved."),
    )


@requires("users.manage", person_level=True)
@require_POST
def user_deactivate(request, user_id):
    account = selectors.user_get_for_actor(request, user_id)
    return _user_action(
        request,
        account,
        DeactivateForm(request.POST, prefix="deactivate"),
        "deactivate_form",
        lambda data: services.user_deactivate(actor=request.user, user=account, request=request),
        lambda: (
            _("%(name)s has been deactivated and can no longer log in.")
            % {"name": account.display_name}
        ),
    )


@requires("users.manage", person_level=True)
@require_POST
def user_second_factor_reset(request, user_id):
    account = selectors.user_get_for_actor(request, user_id)
    return _user_action(
        request,
        account,
        SecondFactorResetForm(request.POST, prefix="reset"),
        "reset_form",
        lambda data: services.second_factor_reset(
            actor=request.user, user=account, reason=data["reason"], request=request
        ),
        lambda: (
            _(
                "The second factor of %(name)s has been reset: they set up a new "
                "authenticator app at their next login."
            )
            % {"name": account.display_name}
        ),
    )


def _invitation_page(request, account, token: str, *, renewed: bool):
    url = services.invitation_url(token)
    sent = invitation_mail_send(
        user=account, url=url, municipality_name=request.user.municipality.name
    )
    return _no_store(
        _render(
            request,
            "accounts/manage/invitation_link.html",
            {"account": account, "url": url, "sent": sent, "renewed": renewed},
        )
    )


@requires("users.manage", person_level=True)
@require_POST
def user_invitation_renew(request, user_id):
    account = selectors.user_get_for_actor(request, user_id)
    try:
        token = services.invitation_renew(actor=request.user, user=account, request=request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(_user_url(account))
    return _invitation_page(request, account, token, renewed=True)


@requires("users.manage", person_level=True)
def user_invite(request):
    form = InviteForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account, token = services.user_invite(
                actor=request.user,
                username=data["username"],
                role=data["role"],
                municipality=request.user.municipality,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                teams=data["teams"],
                request=request,
            )
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            return _invitation_page(request, account, token, renewed=False)
    return _render(request, "accounts/manage/user_invite.html", {"form": form})


@requires("users.manage", person_level=True)
def user_bulk_invite(request):
    form = BulkInviteForm(request.POST or None, request.FILES or None)
    problems: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            invited = users_bulk_invite(
                actor=request.user, data=form.cleaned_data["file"].read(), request=request
            )
        except BulkInviteRejected as exc:
            problems = exc.problems
            form.add_error(None, exc.message)
        else:
            municipality_name = request.user.municipality.name
            rows = [
                (
                    item,
                    invitation_mail_send(
                        user=item.user, url=item.url, municipality_name=municipality_name
                    ),
                )
                for item in invited
            ]
            return _no_store(
                _render(request, "accounts/manage/user_bulk_done.html", {"rows": rows})
            )
    return _render(
        request,
        "accounts/manage/user_bulk.html",
        {
            "form": form,
            "problems": problems,
            "max_rows": MAX_ROWS,
            "roles": STAFF_ROLES,
            "example_team": selectors.team_list_for_actor(request.user).first(),
        },
    )


@requires("users.manage", person_level=True)
@require_POST
def user_bulk_links_csv(request):
    """The links of a bulk invitation as a CSV file, made from the page just shown (the raw
    links are stored nowhere). Only users of the actor's municipality and links to this
    site are written."""
    usernames = request.POST.getlist("username")[:MAX_ROWS]
    urls = request.POST.getlist("url")[:MAX_ROWS]
    accounts = {
        u.username: u
        for u in selectors.user_list_for_actor(request.user).filter(username__in=usernames)
    }
    prefix = settings.ZORGZAAM_PUBLIC_URL + "/"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="uitnodigingen.csv"'
    _no_store(response)
    response.write("\ufeff")  # Excel opens UTF-8 with a byte-order mark correctly
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["username", "first_name", "last_name", "email", "invitation_link"])
    for username, url in zip(usernames, urls, strict=False):
        account = accounts.get(username)
        if account is None or not url.startswith(prefix):
            continue
        writer.writerow(
            csv_row([account.username, account.first_name, account.last_name, account.email, url])
        )
    return response


# --- teams ---------------------------------------------------------------------------------


def _can_edit_teams(user) -> bool:
    """Creating teams and setting their areas decides who sees which residents: the
    administrator's (users.manage), not a team lead's."""
    return actor_can(user, "users.manage")


@requires("team.manage", person_level=True)
def team_list(request):
    teams = selectors.team_list_for_actor(request.user)
    form = TeamCreateForm(actor=request.user) if _can_edit_teams(request.user) else None
    return _render(request, "accounts/manage/team_list.html", {"teams": teams, "form": form})


@requires("users.manage", person_level=True)
@require_POST
def team_create(request):
    form = TeamCreateForm(request.POST, actor=request.user)
    name = form.cleaned_data.get("name") if form.is_valid() else None
    if name and selectors.team_name_taken(request.user, name) is not None:
        form.add_error("name", _("There is already a team with this name."))
    outcome = post_form(
        request,
        form,
        lambda f: services.team_create(
            actor=request.user,
            municipality=request.user.municipality,
            name=f.cleaned_data["name"],
            areas=f.cleaned_data["areas"],
            request=request,
        ),
        lambda team: _("The team %(name)s has been created.") % {"name": team},
        redirect_to=lambda team: reverse(
            "accounts:manage-team", kwargs={"team_id": team.public_id}
        ),
    )
    if isinstance(outcome, HttpResponseRedirect):
        return outcome
    teams = selectors.team_list_for_actor(request.user)
    return _render(request, "accounts/manage/team_list.html", {"teams": teams, "form": form})


def _team_page(request, team, form=None):
    if form is None and _can_edit_teams(request.user):
        form = TeamAreasForm(actor=request.user, initial={"areas": list(team.areas.all())})
    return _render(
        request,
        "accounts/manage/team_detail.html",
        {
            "team": team,
            "members": [(u, selectors.user_status(u)) for u in selectors.team_members(team)],
            "form": form,
            "can_manage_users": actor_can(request.user, "users.manage"),
        },
    )


@requires("team.manage", person_level=True)
def team_detail(request, team_id):
    team = selectors.team_get_for_actor(request, team_id)
    return _team_page(request, team)


@requires("users.manage", person_level=True)
@require_POST
def team_areas(request, team_id):
    team = selectors.team_get_for_actor(request, team_id)
    form = TeamAreasForm(request.POST, actor=request.user)
    failed = post_form(
        request,
        form,
        lambda f: services.team_set_areas(
            actor=request.user, team=team, areas=f.cleaned_data["areas"], request=request
        ),
        _("The areas of the team have been saved."),
    )
    if failed is None:
        return redirect(_back_to_top(reverse("accounts:manage-team", args=[team.public_id])))
    return _team_page(request, team, failed)
