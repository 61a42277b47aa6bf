"""`zorgzaam team add NAME --municipality CODE [--areas NAME,NAME]` and `zorgzaam team list`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from zorgzaam.accounts import services
from zorgzaam.accounts.models import SocialTeam
from zorgzaam.common.errors import ApplicationError
from zorgzaam.tenancy.models import Area
from zorgzaam.tenancy.selectors import municipality_get


def areas_parse(text: str, municipality) -> list[Area]:
    """Comma-separated area names or CBS codes of ``municipality`` (any case)."""
    known = list(Area.objects.filter(municipality=municipality).order_by("name"))
    found = []
    for wanted in (w.strip() for w in text.split(",")):
        if not wanted:
            continue
        match = next((a for a in known if wanted.lower() in (a.name.lower(), a.code.lower())), None)
        if match is None:
            names = ", ".join(a.name for a in known) or "none"
            raise ApplicationError(
                f"{municipality.name} has no area {wanted!r}; its areas: {names}.",
                field="areas",
            )
        found.append(match)
    return found


class Command(BaseCommand):
    help = (
        "Social teams: `team add NAME --municipality GM0513 [--areas NAME,NAME]` (idempotent; "
        "--areas sets the areas the team serves), `team list [--municipality GM0513]`."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{add,list}")
        add = actions.add_parser("add", help="create a social team, or set its areas")
        add.add_argument("name", help='team name, e.g. "Sociaal team Gouda"')
        add.add_argument("--municipality", required=True, help="CBS code, e.g. GM0513")
        add.add_argument(
            "--areas",
            metavar="NAME,NAME",
            help="areas (villages/districts) the team serves, by name or CBS code; "
            "see `municipality list`",
        )
        listing = actions.add_parser("list", help="the teams, their areas and member counts")
        listing.add_argument("--municipality", help="CBS code; all municipalities if left out")

    @no_translations
    def handle(self, *args, **options):
        try:
            if options["action"] == "list":
                return self._list(options["municipality"])
            self._add(options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    @transaction.atomic
    def _add(self, options) -> None:
        municipality = municipality_get(options["municipality"])
        areas = areas_parse(options["areas"], municipality) if options["areas"] else None
        existing = SocialTeam.objects.filter(
            municipality=municipality, name__iexact=" ".join(options["name"].split())
        ).exists()
        team = services.team_create(
            actor=None, municipality=municipality, name=options["name"], areas=areas or ()
        )
        if existing and areas is not None:
            services.team_set_areas(actor=None, team=team, areas=areas)
        names = ", ".join(a.name for a in team.areas.order_by("name")) or "no areas"
        if not existing:
            state = "created"
        elif areas is not None:
            state = "already set up; areas updated"
        else:
            state = "already set up"
        self.stdout.write(f"Team {team.name} in {municipality.name} {state} ({names}).")

    def _list(self, code: str | None) -> None:
        municipalities = [municipality_get(code)] if code else None
        teams = SocialTeam.objects.select_related("municipality").prefetch_related("areas")
        if municipalities:
            teams = teams.filter(municipality__in=municipalities)
        teams = teams.order_by("municipality__code", "name")
        if not teams:
            self.stdout.write("No teams yet: `zorgzaam team add NAME --municipality CODE`.")
            return
        for team in teams:
            areas = ", ".join(a.name for a in team.areas.all()) or "no areas"
            members = team.members.filter(is_active=True).count()
            self.stdout.write(
                f"{team.municipality.code}  {team.name}  ({areas}; {members} member(s))"
            )
