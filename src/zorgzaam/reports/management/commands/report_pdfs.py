"""``zorgzaam report_pdfs [--period 2026-Q3] [--municipality X] [--now]``: render the council
and public report PDFs of a quarter (default: the last completed one), each with its annex
(a PDF of its own), into the store, in the background worker (or here with ``--now``). Run it
when a quarter is over and nightly."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from zorgzaam.common.errors import ApplicationError
from zorgzaam.stories.models import Audience
from zorgzaam.stories.periods import period_of, period_parse, period_shift
from zorgzaam.tenancy.models import Municipality


class Command(BaseCommand):
    help = "Render the report PDFs of a completed quarter into the store (background worker)."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="quarter, e.g. 2026-Q3 (default: the last one)")
        parser.add_argument("--municipality", help="CBS code or slug (default: all)")
        parser.add_argument("--now", action="store_true", help="render here, not in the worker")

    def handle(self, *args, **options):
        from zorgzaam.reports.pdf_cache import DOCUMENTS, enqueue_render, pdf_render

        period = options["period"] or period_shift(period_of(timezone.localdate()), -1)
        try:
            period_parse(period)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        municipalities = Municipality.objects.order_by("code")
        if options["municipality"]:
            key = options["municipality"].strip()
            municipalities = municipalities.filter(Q(code__iexact=key) | Q(slug__iexact=key))
            if not municipalities.exists():
                raise CommandError(f"No municipality with code or slug {key!r}.")
        language = settings.LANGUAGE_CODE
        count = 0
        for municipality in municipalities:
            for audience in (Audience.COUNCIL, Audience.PUBLIC):
                for document in DOCUMENTS:
                    if options["now"]:
                        _row, rendered = pdf_render(
                            municipality, period, audience, language, document
                        )
                        state = "rendered" if rendered else "current"
                        self.stdout.write(
                            f"{municipality.code} {period} {audience} {document}: {state}"
                        )
                    else:
                        enqueue_render(municipality, period, audience, language, document)
                    count += 1
        verb = "checked" if options["now"] else "enqueued"
        self.stdout.write(f"{count} report PDF(s) {verb} for {period}.")
