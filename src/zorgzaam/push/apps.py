from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "zorgzaam.push"
    label = "push"
    verbose_name = "Installable app and web push"

    def ready(self) -> None:
        from . import events  # noqa: F401
