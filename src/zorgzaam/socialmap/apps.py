from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialmapConfig(AppConfig):
    name = "zorgzaam.socialmap"
    label = "socialmap"
    verbose_name = _("Social map")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from zorgzaam.accounts.roles import Role, grant
        from zorgzaam.tenancy.models import Area
        from zorgzaam.web.nav import Task, register

        from . import events  # noqa: F401 - defines the audit events
        from .search import forget_facets_of_area

        for signal in (post_save, post_delete):
            signal.connect(forget_facets_of_area, sender=Area, dispatch_uid="socialmap-facets")

        grant("socialmap.edit", Role.HUB_COORDINATOR, Role.ADMINISTRATOR)
        # Residents propose hub activities; the programme council (residents too) or the hub
        # coordinator decides: the object-level check is hubs.can_decide().
        grant(
            "socialmap.propose",
            Role.RESIDENT,
            Role.VOLUNTEER,
            Role.HUB_COORDINATOR,
            Role.ADMINISTRATOR,
        )
        grant("socialmap.signup", Role.RESIDENT, Role.VOLUNTEER, Role.HUB_COORDINATOR)
        register(
            Task(
                "home.view",
                "socialmap:search",
                _("Social map"),
                _("Find what your village offers: neighbours, volunteers, welfare and care."),
                order=10,
            )
        )
        register(
            Task(
                "home.view",
                "socialmap:hubs",
                _("Find your Huis van Alles"),
                _("The community hub of your village: address, phone number and opening hours."),
                order=12,
            )
        )
        register(
            Task(
                "socialmap.signup",
                "socialmap:my-signups",
                _("My activities"),
                _("The hub activities you signed up for."),
                order=15,
            )
        )
        register(
            Task(
                "socialmap.edit",
                "socialmap:manage",
                _("Manage the social map"),
                _("Add and edit items, and check the ones not verified for a while."),
                order=20,
            )
        )
