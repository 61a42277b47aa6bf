from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "zorgzaam.people"
    label = "people"
    verbose_name = "People"
