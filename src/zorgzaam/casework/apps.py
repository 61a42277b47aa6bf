from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "zorgzaam.casework"
    label = "casework"
    verbose_name = "Social-team casework"

    def ready(self) -> None:
        from zorgzaam.accounts.roles import Role, grant
        from zorgzaam.identity.residents import person_finder_register
        from zorgzaam.web.nav import Task, register

        from . import events  # noqa: F401
        from .identity_link import person_for_bsn
        from .providers import register_part_providers
        from .resources import register_builtin_providers

        grant("casework.view", Role.PROFESSIONAL, Role.TEAM_LEAD)
        grant("casework.edit", Role.PROFESSIONAL, Role.TEAM_LEAD)
        grant("casework.break_glass_review", Role.TEAM_LEAD)
        grant("casework.referral_receive", Role.HUB_COORDINATOR)
        grant("casework.decision_approve", Role.TEAM_LEAD)
        grant("casework.presence_edit", Role.PROFESSIONAL, Role.TEAM_LEAD)
        grant("casework.presence_view", Role.PROFESSIONAL, Role.TEAM_LEAD, Role.HUB_COORDINATOR)
        register(
            Task(
                "casework.view",
                "casework:list",
                _("Households"),
                _("Your team's households, today's actions and stale referrals."),
                order=10,
            )
        )
        register(
            Task(
                "casework.edit",
                "casework:intake",
                _("New intake"),
                _("Register a household on one page."),
                order=11,
            )
        )
        register(
            Task(
                "casework.break_glass_review",
                "casework:break_glass_review",
                _("Break-the-glass access"),
                _("Professionals outside your team who opened one of its households."),
                order=12,
            )
        )
        register(
            Task(
                "casework.referral_receive",
                "casework:referral_inbox",
                _("Referrals"),
                _("Referrals from the social team to your hub: accept, start, finish."),
                order=20,
            )
        )
        register(
            Task(
                "casework.view",
                "casework:decisions",
                _("Discretionary decisions"),
                _("Support outside the standard rules: approval and review."),
                order=13,
            )
        )
        register(
            Task(
                "casework.presence_view",
                "casework:presence",
                _("Werkbrigade"),
                _("Who of the social team is in which village, on which days."),
                order=14,
            )
        )
        register_builtin_providers()
        register_part_providers()
        person_finder_register(person_for_bsn)
