"""Social-team casework: one household, one plan.

* Reference data: the Zelfredzaamheid-Matrix (ZRM) in versions with their domains.
* Household with members (Person links), consent, assigned professionals, the holding team.
* Plan -> goals per ZRM domain -> actions. An action points at a resource by a typed
  reference (kind + public UUID + label snapshot), never by a foreign key into other parts.
* Referral of an action to an organisation or hub, with a closed-loop status.
* ZRM measurements (1-5 per domain), Positieve Gezondheid (conversation data), case notes.
* Break-the-glass access grants (time-limited, flagged to the team lead).

Special-category data (BSN, notes) are encrypted at rest (EncryptedTextField).

Layout: ``zrm`` (reference data), ``household`` (members, network, consent), ``plan``
(goals, actions, referrals), ``measurements`` (ZRM, Positieve Gezondheid), ``access`` (case
notes, break-the-glass, urgency), ``villages`` (practices of caring villages). Every model is
imported here, so ``casework.models.X`` and the app label stay as they were.
"""

from .access import BreakGlass, CaseNote, UrgencyRequest
from .household import Consent, Household, HouseholdMember, NetworkMember
from .measurements import POSITIVE_HEALTH_DIMENSIONS, Measurement, MeasurementScore, PositiveHealth
from .plan import Action, Goal, Plan, Referral, ReferralUpdate
from .villages import (
    DebtBuddy,
    DebtTrack,
    DiscretionaryDecision,
    HouseholdContact,
    PresenceSlot,
    RecoveryGoal,
    Weekday,
)
from .zrm import ZrmDomain, ZrmScore, ZrmVersion

__all__ = [
    "Action",
    "BreakGlass",
    "CaseNote",
    "Consent",
    "DebtBuddy",
    "DebtTrack",
    "DiscretionaryDecision",
    "Goal",
    "Household",
    "HouseholdContact",
    "HouseholdMember",
    "Measurement",
    "MeasurementScore",
    "NetworkMember",
    "POSITIVE_HEALTH_DIMENSIONS",
    "Plan",
    "PositiveHealth",
    "PresenceSlot",
    "RecoveryGoal",
    "Referral",
    "ReferralUpdate",
    "UrgencyRequest",
    "Weekday",
    "ZrmDomain",
    "ZrmScore",
    "ZrmVersion",
]
