from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "zorgzaam.stories"
    label = "stories"
    verbose_name = "Stories (lichtpuntjes)"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate, post_save

        from zorgzaam.accounts.roles import Role, grant
        from zorgzaam.web.nav import Task, register

        from . import (
            events,  # noqa: F401 - defines the audit events
            signals,
        )

        post_save.connect(
            signals.municipality_created,
            sender="tenancy.Municipality",
            dispatch_uid="stories.default_domains",
        )
        post_migrate.connect(
            signals.defaults_after_migrate, sender=self, dispatch_uid="stories.default_domains"
        )

        grant(
            "stories.tell",
            Role.RESIDENT,
            Role.VOLUNTEER,
            Role.HUB_COORDINATOR,
            Role.PROFESSIONAL,
            Role.TEAM_LEAD,
        )
        grant("stories.read", *Role.values)
        # "The team": social-team members review and edit stories of their villages and
        # are the only ones (besides the teller) who may read an original.
        grant("stories.edit", Role.PROFESSIONAL, Role.TEAM_LEAD)
        grant(
            "stories.select",
            Role.HUB_COORDINATOR,
            Role.PROFESSIONAL,
            Role.TEAM_LEAD,
            Role.POLICY_OFFICER,
        )
        grant("stories.rounds", Role.TEAM_LEAD, Role.POLICY_OFFICER)
        grant("stories.configure", Role.POLICY_OFFICER, Role.ADMINISTRATOR)

        register(
            Task(
                "stories.tell",
                "stories:tell",
                _("Tell your story"),
                _("What changed for you or your village? Share a lichtpuntje."),
                order=30,
            )
        )
        register(
            Task(
                "stories.read",
                "stories:list",
                _("Stories"),
                _("Your own stories and the lichtpuntjes shared in your municipality."),
                order=31,
            )
        )
        register(
            Task(
                "stories.edit",
                "stories:team",
                _("Stories to review"),
                _("Stories from your team's villages waiting for de-identification review."),
                order=32,
            )
        )
        register(
            Task(
                "stories.select",
                "stories:rounds",
                _("Most significant change"),
                _("Select the most significant stories per domain, with your reasons."),
                order=33,
            )
        )
        register(
            Task(
                "stories.configure",
                "stories:domains",
                _("Domains of change"),
                _("The Most Significant Change domains of your municipality."),
                order=80,
            )
        )
