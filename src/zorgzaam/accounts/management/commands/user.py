"""`zorgzaam user add|invite-again|deactivate|list`: staff accounts from the command line.

A new user gets a one-time invitation link (valid 72 hours) to set a password; a role with
access to personal data then enrols an authenticator app before seeing anything.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction
from django.utils import timezone

from zorgzaam.accounts import selectors, services
from zorgzaam.accounts.roles import Role
from zorgzaam.common.errors import ApplicationError
from zorgzaam.tenancy.selectors import municipality_get


class Command(BaseCommand):
    help = (
        "Staff accounts: `user add USERNAME --role ROLE --municipality GM0513 --email E "
        "[--team NAME]` prints a one-time invitation link; `user invite-again USERNAME`, "
        "`user deactivate USERNAME`, `user list [--municipality GM0513]`."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{add,invite-again,deactivate,list}"
        )
        add = actions.add_parser(
            "add",
            help="invite a new user; prints the one-time link",
            description="Creates the user without a password and prints a one-time invitation "
            "link, valid 72 hours, with which they set their password (and, for professionals, "
            "team leads and administrators, an authenticator app).",
        )
        add.add_argument("username")
        add.add_argument(
            "--role",
            required=True,
            help=f"one of: {', '.join(Role.values)} (or the Dutch name, e.g. teamleider)",
        )
        add.add_argument("--municipality", required=True, help="CBS code, e.g. GM0513")
        add.add_argument("--email", required=True, help="work e-mail address")
        add.add_argument(
            "--team",
            action="append",
            default=[],
            metavar="NAME",
            help="social team (professionals and team leads; repeat for more teams)",
        )
        add.add_argument("--first-name", default="")
        add.add_argument("--last-name", default="")
        again = actions.add_parser(
            "invite-again", help="withdraw the open link and print a new one (72 hours)"
        )
        again.add_argument("username")
        deactivate = actions.add_parser(
            "deactivate", help="the user can no longer log in; open links stop working"
        )
        deactivate.add_argument("username")
        listing = actions.add_parser("list", help="users, role, state and teams")
        listing.add_argument("--municipality", help="CBS code; all municipalities if left out")

    @no_translations
    def handle(self, *args, **options):
        action = options["action"]
        try:
            if action == "add":
                self._add(options)
            elif action == "invite-again":
                user = selectors.user_get(options["username"])
                token = services.invitation_renew(actor=None, user=user)
                self.stdout.write(
                    f"New invitation for {user.username}; the old link no longer works."
                )
                self._link(token)
            elif action == "deactivate":
                user = selectors.user_get(options["username"])
                if not user.is_active:
                    self.stdout.write(f"{user.username} was already deactivated.")
                    return
                services.user_deactivate(actor=None, user=user)
                self.stdout.write(f"Deactivated {user.username}: they can no longer log in.")
            else:
                self._list(options["municipality"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    @transaction.atomic
    def _add(self, options) -> None:
        municipality = municipality_get(options["municipality"])
        teams = [
            selectors.team_get(municipality=municipality, name=name) for name in options["team"]
        ]
        user, token = services.user_invite(
            actor=None,
            username=options["username"],
            role=options["role"],
            municipality=municipality,
            email=options["email"],
            first_name=options["first_name"],
            last_name=options["last_name"],
            teams=teams,
        )
        team_text = f", team {', '.join(t.name for t in teams)}" if teams else ""
        self.stdout.write(f"Invited {user.username} ({user.role}, {municipality.name}{team_text}).")
        self._link(token)

    def _link(self, token: str) -> None:
        expires = timezone.localtime(timezone.now() + services.INVITATION_VALID_FOR)
        self.stdout.write(
            f"One-time invitation link, valid until {expires:%Y-%m-%d %H:%M} (72 hours); "
            "give it only to this person:"
        )
        self.stdout.write(services.invitation_url(token))

    def _list(self, code: str | None) -> None:
        municipality = municipality_get(code) if code else None
        users = selectors.user_list(municipality=municipality)
        if not users:
            self.stdout.write("No users yet: `zorgzaam user add USERNAME --role ... `.")
            return
        for user in users:
            where = user.municipality.code if user.municipality else "-"
            teams = ", ".join(t.name for t in user.teams.all())
            state = selectors.user_invitation_state(user)
            line = f"{user.username:<24} {user.role:<16} {where:<7} {state:<11}"
            self.stdout.write((line + " " + teams).rstrip())
