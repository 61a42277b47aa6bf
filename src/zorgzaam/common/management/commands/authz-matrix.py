"""`zorgzaam authz-matrix`: the authorization matrix (every URL x every role) as Markdown,
generated from the URL conf and the role capabilities, with the per-field table of personal
and special-category data (``common/fieldmatrix.py``: which URLs show a field, so which roles
see it). docs/authorization.md is its output; tests fail when the running code allows a URL
that table does not, or shows a field's value on a URL the field table does not list."""

from django.core.management.base import BaseCommand

from zorgzaam.common.authz import matrix_markdown


class Command(BaseCommand):
    help = "Print the authorization matrix (URL x role, and field x role) as Markdown."

    def handle(self, *args, **opts):
        self.stdout.write(matrix_markdown())
