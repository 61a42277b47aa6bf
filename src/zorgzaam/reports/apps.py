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

        grant(
            "reports.view",
            Role.POLICY_OFFICER,
            Role.ADMINISTRATOR,
            Role.TEAM_LEAD,
            Role.COUNCIL_MEMBER,
        )
        grant("reports.budget", Role.POLICY_OFFICER)
        # Work visits and hearings (visits.py): the policy officer plans them and records
        # their outcome; council members read all of them, hub coordinators the ones they
        # are invited to (visits.visit_get_for_actor).
        grant("reports.visits_plan", Role.POLICY_OFFICER)
        grant("reports.visits", Role.POLICY_OFFICER, Role.COUNCIL_MEMBER, Role.HUB_COORDINATOR)
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
        register(
            Task(
                "reports.visits",
                "reports:visits",
                _("Work visits and hearings"),
                _(
                    "Invitations, one-page briefs with stories and figures, and what the "
                    "council heard and decided."
                ),
                order=42,
            )
        )
