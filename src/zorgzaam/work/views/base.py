"""What the work screens share: the permission names and the labels of codes and balances."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .. import forms, selectors
from ..templatetags.work_tags import euro

COORD = "work.coordinate"


SROI = "work.sroi"


def _labels(codes, table) -> list[str]:
    i = 0 if forms._lang() == "nl" else 1
    return [table[c][i] for c in codes if c in table]


def _balance_label(b: selectors.ContractBalance) -> str:
    return _("%(ref)s %(contractor)s: %(fulfilled)s of %(owed)s fulfilled") % {
        "ref": b.contract.reference,
        "contractor": b.contract.contractor_name,
        "fulfilled": euro(b.balance.fulfilled),
        "owed": euro(b.balance.owed),
    }
