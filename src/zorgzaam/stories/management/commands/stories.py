"""``zorgzaam stories deidentify`` (stdin -> stdout) and ``zorgzaam stories purge``."""

from __future__ import annotations

import argparse
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Stories: 'deidentify' reads a story on stdin and prints the de-identified text "
        "(options: --json, --known FILE, --keep WORD; see 'stories deidentify --help'); "
        "'purge' deletes the originals whose retention date has passed; 'process-drafts' "
        "de-identifies every story still waiting (e.g. after the task worker was down)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["deidentify", "purge", "process-drafts"])
        parser.add_argument("rest", nargs=argparse.REMAINDER)

    def handle(self, *args, action: str, rest: list[str], **options):
        if action == "deidentify":
            from zorgzaam.stories.deid.cli import main

            code = main(rest, stdin=sys.stdin, stdout=sys.stdout)
            if code:
                sys.exit(code)
            return
        if rest:
            raise CommandError(f"'{action}' takes no arguments, got {' '.join(rest)!r}.")
        if action == "process-drafts":
            from zorgzaam.stories.models import Selection, Story
            from zorgzaam.stories.services import selection_deidentify, story_deidentify

            done = 0
            for story in Story.objects.filter(status=Story.Status.DRAFT).order_by("pk"):
                story_deidentify(story=story)
                done += 1
            reasons = 0
            for selection in Selection.objects.filter(reason_checked=False).order_by("pk"):
                selection_deidentify(selection=selection)
                reasons += 1
            self.stdout.write(
                f"{done} stor{'y' if done == 1 else 'ies'} and {reasons} reason(s) de-identified."
            )
            return
        from zorgzaam.stories.services import originals_purge

        count = originals_purge()
        self.stdout.write(f"{count} original(s) purged.")
