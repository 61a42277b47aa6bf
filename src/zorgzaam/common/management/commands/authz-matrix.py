"""`zorgzaam authz-matrix`: the authorization matrix (every URL x every role) as Markdown,
generated from the URL conf and the role capabilities. docs/authorization.md is its output;
a test fails when the running code allows anything that table does not."""

from django.core.management.base import BaseCommand

from zorgzaam.common.authz import matrix_markdown


class Command(BaseCommand):
    help = "Print the authorization matrix (URL x role) as Markdown."

    def handle(self, *args, **opts):
        self.stdout.write(matrix_markdown())
