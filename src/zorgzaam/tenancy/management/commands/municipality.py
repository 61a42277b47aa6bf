"""`zorgzaam municipality add GM0513 [--areas FILE.geojson]` and `zorgzaam municipality list`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db.models import Count

from zorgzaam.common.errors import ApplicationError
from zorgzaam.tenancy.models import Municipality
from zorgzaam.tenancy.services import municipality_add, municipality_code_normalise


class Command(BaseCommand):
    help = (
        "Set up a municipality: `municipality add GM0513 [--areas FILE.geojson]` (name and "
        "postcode areas from the national PC4 list; districts from a CBS wijken GeoJSON), "
        "`municipality list`."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{add,list}")
        add = actions.add_parser(
            "add",
            help="set up or update a municipality (idempotent)",
            description="Name and 4-digit postcode areas come from the national PC4 list "
            "shipped with Zorgzaam; --areas adds districts (wijken) from a CBS GeoJSON and links "
            "each postcode area to the district holding its centre. Without --areas the "
            "municipality has one area covering it all.",
        )
        add.add_argument("code", help="CBS municipality code, e.g. GM0513 (Gouda)")
        add.add_argument(
            "--areas",
            metavar="FILE.geojson",
            help="CBS wijken GeoJSON (may hold more municipalities)",
        )
        actions.add_parser("list", help="the municipalities that are set up")

    @no_translations
    def handle(self, *args, **options):
        if options["action"] == "list":
            return self._list()
        try:
            code = municipality_code_normalise(options["code"])
            existed = Municipality.objects.filter(code=code).exists()
            areas = Path(options["areas"]) if options["areas"] else None
            municipality = municipality_add(code=code, areas_path=areas)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        postcodes = municipality.postcodes.count()
        area_count = municipality.areas.count()
        state = "already set up; updated" if existed else "set up"
        self.stdout.write(
            f"{municipality.name} ({municipality.code}) {state}: {postcodes} postcode areas, "
            f"{area_count} area(s)."
        )

    def _list(self) -> None:
        rows = Municipality.objects.annotate(
            n_postcodes=Count("postcodes", distinct=True),
            n_areas=Count("areas", distinct=True),
            n_teams=Count("teams", distinct=True),
            n_users=Count("users", distinct=True),
        ).order_by("code")
        if not rows:
            self.stdout.write("No municipality is set up yet: `zorgzaam municipality add GM0513`.")
            return
        self.stdout.write(
            f"{'code':<7} {'name':<30} {'PC4':>5} {'areas':>5} {'teams':>5} {'users':>5}"
        )
        for m in rows:
            self.stdout.write(
                f"{m.code:<7} {m.name[:30]:<30} {m.n_postcodes:>5} {m.n_areas:>5} "
                f"{m.n_teams:>5} {m.n_users:>5}"
            )
