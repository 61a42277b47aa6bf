from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "zorgzaam.reports"
    label = "reports"
    verbose_name = "Council report"

    def ready(self) -> None:
        from zorgzaam.accounts.roles import Role, grant
        from zorgzaam.web.nav import Task, register

        from . import events  # noqa: F401 - defines the audit events

        grant("reports.view", Role.POLICY_OFFICER, Role.ADMINISTRATOR, Role.TEAM_LEAD)
        grant("reports.budget", Role.POLICY_OFFICER)
        register(
            Task(
                "reports.view",
                "reports:index",
                _("Council report"),
                _("Stories and honest numbers per village, as HTML, PDF and open data."),
                order=40,
            )
        )
        register(
            Task(
                "reports.budget",
                "reports:budget",
                _("Budget table"),
                _("Spending on formal care versus welfare and informal support, per quarter."),
                order=41,
            )
        )
