from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "zorgzaam.common"
    label = "common"
