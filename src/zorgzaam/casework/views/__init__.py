"""Thin views: parse, call one service or selector, render. Every case view is person-level
(second factor) and goes through ``permissions.household_get_for_actor``.

One module per seam: ``base`` (the household page and the form helpers), ``household`` (list,
intake, detail, members, team, closing, export), ``record`` (notes, consent, network, urgency,
break-the-glass, BSN, measurements), ``plans`` (goals, actions, referring) and ``inbox`` (the
receiving hub coordinator's referrals). ``urls.py`` names the views through this package."""

from __future__ import annotations

from .base import (
    EDIT,
    VIEW,
)
from .household import (
    export_person,
    household_assign,
    household_close,
    household_detail,
    household_list,
    intake,
    member_form,
)
from .inbox import (
    referral_detail,
    referral_inbox,
)
from .plans import (
    action_formal,
    action_status,
    goal_edit,
    goal_link,
    goal_new,
    plan,
    refer,
)
from .record import (
    break_glass,
    break_glass_review,
    break_glass_reviewed,
    bsn_reveal,
    consent_add,
    consent_withdraw,
    measure,
    network_add,
    note_add,
    urgency_add,
    urgency_decide,
)

__all__ = [
    "EDIT",
    "VIEW",
    "action_formal",
    "action_status",
    "break_glass",
    "break_glass_review",
    "break_glass_reviewed",
    "bsn_reveal",
    "consent_add",
    "consent_withdraw",
    "export_person",
    "goal_edit",
    "goal_link",
    "goal_new",
    "household_assign",
    "household_close",
    "household_detail",
    "household_list",
    "intake",
    "measure",
    "member_form",
    "network_add",
    "note_add",
    "plan",
    "refer",
    "referral_detail",
    "referral_inbox",
    "urgency_add",
    "urgency_decide",
]
