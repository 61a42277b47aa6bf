from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "zorgzaam.identity"
    label = "identity"
    verbose_name = "Sign-in with identity providers (OpenID Connect, DigiD, eHerkenning)"

    def ready(self) -> None:
        from . import checks, events, signals  # noqa: F401
