from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zorgzaam.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from zorgzaam.web.nav import Task, register

        from . import signals  # noqa: F401
        from .roles import Role, grant

        # The administrator sets up the municipality's teams (team leads only see them).
        grant("team.manage", Role.ADMINISTRATOR)
        register(
            Task(
                "users.manage",
                "accounts:manage-users",
                _("Users"),
                _(
                    "Invite staff, one by one or from a CSV file; change roles and teams; "
                    "deactivate; reset a second factor."
                ),
                order=80,
            )
        )
        register(
            Task(
                "team.manage",
                "accounts:manage-teams",
                _("Social teams"),
                _("The municipality's social teams, their areas and members."),
                order=81,
            )
        )
