"""Neighbour help: volunteers, help requests, proposals, lasting buddies, safety and the
in-app inbox. Every row belongs to one municipality (MunicipalModel).

Privacy: the exact address and phone of a request are kept on the request (the address
encrypted) and shown to a volunteer only after they accept; the matching engine only sees
an approximate point (the requester's ~100 m point at home, else the PC4 centroid).

Layout: ``help_requests`` (volunteer profiles, help requests, proposals), ``buddies`` (pairings,
check-ins, concerns, blocks), ``messages`` (notifications, deliveries, contact preferences,
call list, task messages). Every model is imported here, so ``help.models.X`` and the app
label stay as they were.
"""

from .buddies import BuddyCheckIn, BuddyPairing, ConcernReport, PairingBlock
from .help_requests import HelpRequest, Proposal, VolunteerProfile
from .messages import (
    CallListEntry,
    Channel,
    ContactPreference,
    Notification,
    NotificationDelivery,
    TaskMessage,
)

__all__ = [
    "BuddyCheckIn",
    "BuddyPairing",
    "CallListEntry",
    "Channel",
    "ConcernReport",
    "ContactPreference",
    "HelpRequest",
    "Notification",
    "NotificationDelivery",
    "PairingBlock",
    "Proposal",
    "TaskMessage",
    "VolunteerProfile",
]
