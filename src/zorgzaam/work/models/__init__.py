"""Work: employers (buddies, places, jobs), job seekers, peer groups, placements with
follow-ups, and social return (SROI) contracts with fulfilment entries.

References to other parts are typed UUIDs, not foreign keys, so this part does not depend on
their tables: an employer may point at a social-map organization (``socialmap_organization_id``),
a job seeker at a goal of a household plan (``plan_goal_id``, casework's Werk & Opleiding).

Layout: ``employers`` (shared validators and choices, building blocks, employers), ``seekers``
(job seekers, peer groups), ``contracts`` (SROI contracts, placements, fulfilment),
``gardens`` (food gardens). Every model is imported here, so ``work.models.X`` and the app
label stay as they were.
"""

from .contracts import FollowUp, FulfilmentEntry, Placement, SroiContract
from .employers import (
    FOLLOW_UP_MONTHS,
    KVK_VALIDATOR,
    PAID_JOB_MIN_HOURS,
    POSTCODE_VALIDATOR,
    BuildingBlockTable,
    ContactPerson,
    Employer,
    OfferKind,
    Sector,
    TargetGroup,
)
from .gardens import FoodGarden, GardenShift, ProduceDelivery
from .seekers import Attendance, JobSeeker, PeerGroup, PeerGroupMembership, PeerGroupSession

__all__ = [
    "Attendance",
    "BuildingBlockTable",
    "ContactPerson",
    "Employer",
    "FOLLOW_UP_MONTHS",
    "FollowUp",
    "FoodGarden",
    "FulfilmentEntry",
    "GardenShift",
    "JobSeeker",
    "KVK_VALIDATOR",
    "OfferKind",
    "PAID_JOB_MIN_HOURS",
    "POSTCODE_VALIDATOR",
    "PeerGroup",
    "PeerGroupMembership",
    "PeerGroupSession",
    "Placement",
    "ProduceDelivery",
    "Sector",
    "SroiContract",
    "TargetGroup",
]
