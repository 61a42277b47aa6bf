from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "zorgzaam.web"
    label = "web"
    verbose_name = "Web shell"

    def ready(self) -> None:
        from .nav import Task, register

        register(
            Task(
                "person.view",
                "people:list",
                _("Residents in my area"),
                _("Persons living in the villages of your team."),
                order=50,
            )
        )
        register(
            Task(
                "audit.view",
                "audit:list",
                _("Audit log"),
                _("Who saw or changed which record, when and why."),
                order=90,
            )
        )
        register(
            Task(
                "profile.own",
                "accounts:profile",
                _("My account"),
                _("Your role, municipality and second factor."),
                order=99,
            )
        )
