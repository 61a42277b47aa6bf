from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "zorgzaam.work"
    label = "work"
    verbose_name = "Work and social return"
