"""`zorgzaam` console command: Django's manage.py for the installed package.

Defaults to production settings; set DJANGO_SETTINGS_MODULE=zorgzaam.conf.dev for the demo.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgzaam.conf.production")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    # `zorgzaam hsds import X` is `manage.py hsds import X`; `zorgzaam stories deidentify` idem.
    argv[0] = "zorgzaam"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
