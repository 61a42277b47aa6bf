from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpConfig(AppConfig):
    name = "zorgzaam.help"
    label = "help"
    verbose_name = "Neighbour help"

    def ready(self) -> None:
        from zorgzaam.accounts.roles import Role, grant
        from zorgzaam.web.nav import Task, register

        from . import activity_messages, events, notify_visits, signals  # noqa: F401

        grant("help.request", Role.RESIDENT)
        grant("help.volunteer", Role.VOLUNTEER)
        grant("help.coordinate", Role.HUB_COORDINATOR)
        grant("help.request_on_behalf", Role.PROFESSIONAL, Role.TEAM_LEAD)
        grant("help.concern", Role.RESIDENT, Role.VOLUNTEER)
        grant("help.buddy", Role.VOLUNTEER, Role.HUB_COORDINATOR)
        grant(
            "help.inbox",
            Role.RESIDENT,
            Role.VOLUNTEER,
            Role.HUB_COORDINATOR,
            Role.PROFESSIONAL,
            Role.TEAM_LEAD,
        )
        register(
            Task(
                "help.request",
                "help:my_requests",
                _("Ask for help"),
                _("Ask a neighbour for help and follow your requests."),
                order=20,
            )
        )
        register(
            Task(
                "help.volunteer",
                "help:tasks",
                _("Tasks offered to me"),
                _("Accept or decline tasks and see the people you help."),
                order=20,
            )
        )
        register(
            Task(
                "help.coordinate",
                "help:coordinate",
                _("Coordinate neighbour help"),
                _("Open requests per village, proposals with reasons, buddies and concerns."),
                order=20,
            )
        )
        register(
            Task(
                "help.request_on_behalf",
                "help:on_behalf_people",
                _("Ask neighbour help for a resident"),
                _("Informal help first: ask a volunteer on a resident's behalf, with consent."),
                order=30,
            )
        )
        register(
            Task(
                "help.inbox",
                "help:inbox",
                _("Messages"),
                _("Messages about neighbour help."),
                order=95,
            )
        )
