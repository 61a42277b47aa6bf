"""``zorgzaam report --municipality X --period 2026-Q3 [--format pdf|csv|html] [--public]``"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.stories.models import Audience
from zorgzaam.stories.periods import period_parse
from zorgzaam.tenancy.models import Municipality


class Command(BaseCommand):
    help = "Write the council report (PDF, open-data CSV or HTML) to a file or stdout."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="CBS code, slug or name")
        parser.add_argument("--period", required=True, help="quarter, e.g. 2026-Q3")
        parser.add_argument("--format", choices=["pdf", "csv", "html"], default="pdf")
        parser.add_argument("--public", action="store_true", help="the public version")
        parser.add_argument("--output", "-o", help="file to write (default: stdout)")

    def handle(self, *args, **options):
        from django.template.loader import render_to_string

        from zorgzaam.reports.opendata import tidy_csv
        from zorgzaam.reports.pdf import report_pdf
        from zorgzaam.reports.selectors import report_build

        key = options["municipality"].strip()
        municipality = Municipality.objects.filter(
            Q(code__iexact=key) | Q(slug__iexact=key) | Q(name__iexact=key)
        ).first()
        if municipality is None:
            raise CommandError(f"No municipality with code, slug or name {key!r}.")
        try:
            period_parse(options["period"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        audience = Audience.PUBLIC if options["public"] else Audience.COUNCIL
        report = report_build(municipality, options["period"], audience=audience)
        fmt = options["format"]
        if fmt == "pdf":
            data = report_pdf(report)
        elif fmt == "csv":
            data = tidy_csv(report)
        else:
            data = render_to_string("reports/report_pdf.html", {"report": report}).encode("utf-8")
        audit_record(
            event="reports.export_pdf" if fmt == "pdf" else "reports.export_csv",
            target=("reports.report", f"cli-{audience}-{fmt}:{report.period}"),
            municipality_code=municipality.code,
        )
        if options["output"]:
            with open(options["output"], "wb") as fh:
                fh.write(data)
            self.stdout.write(f"Wrote {options['output']} ({len(data)} bytes).")
        else:
            sys.stdout.buffer.write(data)
