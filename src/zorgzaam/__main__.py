"""`zorgzaam` console command: Django's manage.py for the installed package.

Production settings by default (``zorgzaam.conf.production``): SECRET_KEY, PUBLIC_URL,
FIELD_ENCRYPTION_KEYS, DATABASE_URL, ... come from the environment (docs/operations.md).
To try it on your own machine with the demo settings::

    DJANGO_SETTINGS_MODULE=zorgzaam.conf.dev zorgzaam <command> ...

Help (``zorgzaam``, ``zorgzaam --help``, ``zorgzaam help <command>``,
``zorgzaam <command> --help``) works without any setting. A missing or wrong setting is one
line on stderr naming it, and exit code 2; never a traceback.
"""

import os
import sys

PRODUCTION = "zorgzaam.conf.production"
LOCAL = "zorgzaam.conf.dev"
HELP = "zorgzaam.conf.help"
EXIT_SETTINGS = 2


def wants_help(args: list[str]) -> bool:
    """True when the command line only asks for help (or for nothing at all)."""
    if not args or args[0] in ("help", "-h", "--help", "--version", "version"):
        return True
    return any(arg in ("-h", "--help") for arg in args[1:])


def settings_error(exc: Exception, args: list[str]) -> str:
    """The one line for a missing or wrong setting: what, and how to run locally instead."""
    reason = str(exc).strip().rstrip(".") or type(exc).__name__
    command = " ".join(["zorgzaam", *args])
    return (
        f"zorgzaam: {reason}. Set it in the environment (docs/operations.md), or try it "
        f"locally: DJANGO_SETTINGS_MODULE={LOCAL} {command}"
    )


def _load_settings() -> None:
    from django.conf import settings

    settings.INSTALLED_APPS  # noqa: B018 - reading a setting loads (and checks) them all


def main() -> None:
    from django.core.exceptions import ImproperlyConfigured

    args = sys.argv[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", PRODUCTION)
    try:
        _load_settings()
    except ImproperlyConfigured as exc:
        if not wants_help(args):
            print(settings_error(exc, args), file=sys.stderr)
            sys.exit(EXIT_SETTINGS)
        # Only help was asked: the real settings are not needed to print it.
        os.environ["DJANGO_SETTINGS_MODULE"] = HELP  # a failed load leaves them unloaded
        try:
            _load_settings()
        except ImproperlyConfigured as again:
            print(settings_error(again, args), file=sys.stderr)
            sys.exit(EXIT_SETTINGS)

    from django.core.management import execute_from_command_line

    # `zorgzaam hsds import X` is `manage.py hsds import X`; `zorgzaam stories deidentify` idem.
    try:
        execute_from_command_line(["zorgzaam", *args])
    except ImproperlyConfigured as exc:
        print(settings_error(exc, args), file=sys.stderr)
        sys.exit(EXIT_SETTINGS)


if __name__ == "__main__":
    main()
