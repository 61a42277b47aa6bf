"""`zorgzaam hsds import PATH --municipality GM1901`, `zorgzaam hsds validate PATH` and
`zorgzaam hsds export DIR --municipality GM1901`.

The first line says what was read and what happens ("HSDS 3.0 folder, 12 services (...):
imported into Gouda, merged with what was stored."); problems and warnings follow grouped by
kind, each kind with its count and first examples; ``--report FILE.csv`` writes them all.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zorgzaam.common.errors import ApplicationError, ImportRejected
from zorgzaam.socialmap.hsds import legacy, report
from zorgzaam.socialmap.hsds.reader import describe, read_path
from zorgzaam.socialmap.models import Kind
from zorgzaam.socialmap.services import hsds_export, hsds_import, hsds_validate
from zorgzaam.tenancy.selectors import municipality_get


class Command(BaseCommand):
    help = (
        "HSDS 3.0/3.1: `hsds import PATH --municipality GM1901` (JSON objects, lists, "
        "packages, tabular CSV, whole published folders), `hsds validate PATH` (checks, "
        "writes nothing) or `hsds export DIR --municipality GM1901` (both forms)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "validate", "export"])
        parser.add_argument("path")
        parser.add_argument(
            "--municipality",
            help="CBS code, e.g. GM1901 (import and export; validate: check against its map)",
        )
        parser.add_argument(
            "--kind",
            choices=Kind.values,
            default=Kind.WELFARE,
            help="kind given to new services (existing ones keep theirs)",
        )
        parser.add_argument(
            "--unpublished", action="store_true", help="import new services unpublished"
        )
        parser.add_argument(
            "--prefer",
            choices=["json", "csv"],
            default="json",
            help="which form wins when files disagree about a record (default json)",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace each stored record the source holds (default: merge, keeping what "
            "the source does not mention)",
        )
        parser.add_argument("--report", help="write every problem and warning to FILE.csv")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        action, path = options["action"], Path(options["path"])
        municipality = None
        if options["municipality"]:
            try:
                municipality = municipality_get(options["municipality"])
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
        elif action != "validate":
            raise CommandError(f"hsds {action} needs --municipality (a CBS code, e.g. GM1901).")
        if action == "export":
            counts = hsds_export(directory=path, municipality=municipality)
            self.stdout.write(
                f"Exported {counts.get('services.json', 0)} services of {municipality.name} "
                f"to {path}/json and {path}/csv."
            )
            return
        info = legacy.detect(path)
        if info is not None:  # HSDS 1.x / Open Referral UK v1: converted to HSDS 3.0 first
            scope = municipality.code if municipality else ""
            dataset = legacy.convert(path, scope=scope)
            head = info.head
        else:
            dataset = read_path(path, prefer=options["prefer"])
            head = describe(dataset)
        if action == "validate":
            self._validate(dataset, head, municipality, options)
            return
        self._import(dataset, head, municipality, options)

    def _validate(self, dataset, head, municipality, options):
        _, problems = hsds_validate(
            dataset=dataset, municipality=municipality, prefer=options["prefer"]
        )
        against = f" against the map of {municipality.name}" if municipality else ""
        self._report(options, problems, dataset.warnings)
        if problems:
            raise CommandError(
                "\n".join(
                    [
                        f"{head}: not importable{against}: "
                        f"{report.summary_line(problems, 'problem')}.",
                        *report.grouped(problems),
                        *self._warnings(dataset.warnings),
                    ]
                )
            )
        self.stdout.write(f"{head}: importable{against}; nothing was written.")
        self._write_warnings(dataset.warnings)

    def _import(self, dataset, head, municipality, options):
        mode = (
            "each record replaced by the source's version"
            if options["replace"]
            else "merged with what was stored"
        )
        show = not options["no_progress"] and sys.stderr.isatty()
        arguments = {
            "dataset": dataset,
            "municipality": municipality,
            "kind": options["kind"],
            "published": not options["unpublished"],
            "prefer": options["prefer"],
            "replace": options["replace"],
        }
        try:
            if show:
                from rich.progress import Progress

                with Progress(transient=True) as bar:
                    task = bar.add_task("HSDS import", total=None)

                    def progress(table, done, total):
                        bar.update(task, completed=done, total=total, description=table)

                    summary = hsds_import(**arguments, progress=progress)
            else:
                summary = hsds_import(**arguments)
        except ImportRejected as exc:
            self._report(options, exc.problems, dataset.warnings)
            raise CommandError(
                "\n".join(
                    [
                        f"{head}: refused, nothing was imported into {municipality.name}: "
                        f"{report.summary_line(exc.problems, 'problem')}.",
                        *report.grouped(exc.problems),
                        *self._warnings(dataset.warnings),
                    ]
                )
            ) from exc
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self._report(options, [], list(summary.warnings))
        created = sum(summary.created.values())
        updated = sum(summary.updated.values())
        self.stdout.write(f"{head}: imported into {municipality.name}, {mode}.")
        self.stdout.write(
            f"{created} new and {updated} updated records "
            f"({summary.created.get('service', 0)} new services, "
            f"{summary.services_indexed} services indexed)."
        )
        self._write_warnings(list(summary.warnings))

    @staticmethod
    def _warnings(warnings) -> list[str]:
        if not warnings:
            return []
        return [f"Warnings: {report.summary_line(warnings, 'warning')}.", *report.grouped(warnings)]

    def _write_warnings(self, warnings):
        for line in self._warnings(warnings):
            self.stdout.write(line)

    def _report(self, options, problems, warnings):
        if options["report"]:
            written = report.write_report(Path(options["report"]), problems, list(warnings))
            self.stdout.write(f"Report: {written} rows in {options['report']}.")
