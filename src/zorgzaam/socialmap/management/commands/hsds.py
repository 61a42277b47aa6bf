"""`zorgzaam hsds import FILE|DIR --municipality GM1901` and `zorgzaam hsds export DIR`."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zorgzaam.common.errors import ApplicationError, ImportRejected
from zorgzaam.socialmap.models import Kind
from zorgzaam.socialmap.services import hsds_export, hsds_import
from zorgzaam.tenancy.selectors import municipality_get


class Command(BaseCommand):
    help = (
        "HSDS 3.0: `hsds import FILE|DIR --municipality GM1901` (JSON objects, lists, "
        "packages, tabular CSV) or `hsds export DIR --municipality GM1901` (both forms)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("path")
        parser.add_argument("--municipality", required=True, help="CBS code, e.g. GM1901")
        parser.add_argument(
            "--kind",
            choices=Kind.values,
            default=Kind.WELFARE,
            help="kind given to new services (existing ones keep theirs)",
        )
        parser.add_argument(
            "--unpublished", action="store_true", help="import new services unpublished"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        try:
            municipality = municipality_get(options["municipality"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        path = Path(options["path"])
        if options["action"] == "export":
            counts = hsds_export(directory=path, municipality=municipality)
            self.stdout.write(
                f"Exported {counts.get('services.json', 0)} services of {municipality.name} "
                f"to {path}/json and {path}/csv."
            )
            return
        show = not options["no_progress"] and sys.stderr.isatty()
        try:
            if show:
                from rich.progress import Progress

                with Progress(transient=True) as bar:
                    task = bar.add_task("HSDS import", total=None)

                    def progress(table, done, total):
                        bar.update(task, completed=done, total=total, description=table)

                    summary = hsds_import(
                        path=path,
                        municipality=municipality,
                        kind=options["kind"],
                        published=not options["unpublished"],
                        progress=progress,
                    )
            else:
                summary = hsds_import(
                    path=path,
                    municipality=municipality,
                    kind=options["kind"],
                    published=not options["unpublished"],
                )
        except ImportRejected as exc:
            raise CommandError(exc.report()) from exc
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        created = sum(summary.created.values())
        updated = sum(summary.updated.values())
        self.stdout.write(
            f"Imported {path} into {municipality.name}: {created} new and {updated} updated "
            f"records ({summary.created.get('service', 0)} new services, "
            f"{summary.services_indexed} services indexed)."
        )
