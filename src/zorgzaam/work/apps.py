from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "zorgzaam.work"
    label = "work"
    verbose_name = "Work and social return"

    def ready(self) -> None:
        from zorgzaam.accounts.roles import Role, grant
        from zorgzaam.web.nav import Task, register

        from . import events  # noqa: F401

        grant("work.coordinate", Role.HUB_COORDINATOR, Role.TEAM_LEAD, Role.PROFESSIONAL)
        grant("work.sroi", Role.POLICY_OFFICER, Role.ADMINISTRATOR)
        register(
            Task(
                "work.coordinate",
                "work:jobseeker_list",
                _("Job seekers and employer buddies"),
                _("Match job seekers with local employers, record placements and follow-ups."),
                order=60,
            )
        )
        register(
            Task(
                "work.coordinate",
                "work:peergroup_list",
                _("Peer groups"),
                _("Werkvinden groups: sessions, attendance and outcomes."),
                order=61,
            )
        )
        register(
            Task(
                "work.coordinate",
                "work:garden_list",
                _("Food gardens"),
                _("Work-experience places, volunteer shifts and produce for the food bank."),
                order=63,
            )
        )
        register(
            Task(
                "work.sroi",
                "work:contract_list",
                _("Social return (SROI)"),
                _("Contracts with social-return obligations, balances and who is falling behind."),
                order=62,
            )
        )
