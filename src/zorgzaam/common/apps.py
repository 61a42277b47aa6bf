from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "zorgzaam.common"
    label = "common"

    def ready(self):
        from . import checks  # noqa: F401
