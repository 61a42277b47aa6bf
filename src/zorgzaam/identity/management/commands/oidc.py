"""``zorgzaam oidc list`` and ``zorgzaam oidc check``: the identity providers configured in
ZORGZAAM_OIDC, and whether each answers (discovery document, issuer) and its mapping fits the
municipality (it exists; the mapped teams exist)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from zorgzaam.accounts.models import SocialTeam
from zorgzaam.tenancy.models import Municipality

from ... import config


class Command(BaseCommand):
    help = "List or check the identity providers configured in ZORGZAAM_OIDC."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "check"])

    def handle(self, *args, action: str, **options):
        try:
            current = config.current()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if not current.providers:
            self.stdout.write("No identity providers configured: local passwords only.")
            return
        problems = 0
        for provider in current.providers.values():
            passwords = "off" if provider.municipality in current.password_off else "on"
            self.stdout.write(
                f"{provider.slug}: {provider.kind} for {provider.municipality}, "
                f"issuer {provider.issuer}, client {provider.client_id}, "
                f"local passwords {passwords}"
            )
            if action != "check":
                continue
            for problem in self._problems(provider):
                problems += 1
                self.stdout.write(f"  problem: {problem}")
        if problems:
            raise CommandError(f"{problems} problem(s) found.")
        if action == "check":
            self.stdout.write("All providers answer and fit their municipality.")

    def _problems(self, provider: config.Provider) -> list[str]:
        problems = []
        municipality = Municipality.objects.filter(code=provider.municipality).first()
        if municipality is None:
            problems.append(f"no municipality with code {provider.municipality}")
        else:
            for group, rule in provider.groups.items():
                for team in rule.teams:
                    if not SocialTeam.objects.filter(
                        municipality=municipality, name__iexact=team
                    ).exists():
                        problems.append(f"group {group!r}: no team {team!r} in the municipality")
        try:
            provider.client_secret  # noqa: B018 - reading it is the check
        except ImproperlyConfigured as exc:
            problems.append(str(exc))
        try:
            document = config.discovery(provider)
        except Exception as exc:  # noqa: BLE001 - any failure is reported as a problem
            problems.append(f"discovery {provider.discovery_url}: {exc.__class__.__name__}: {exc}")
        else:
            for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                if key not in document:
                    problems.append(f"discovery document has no {key}")
        return problems
