"""Models of the social map: the HSDS 3.0 tables, derived search tables, versions, hubs."""

from .hsds import *  # noqa: F403 - the HSDS tables are one family, re-exported here
from .hsds import Kind, Service
from .hubs import Activity, CouncilMember, Hub, Session, SignUp
from .search import OpeningSlot
from .versions import ItemVersion

__all__ = [
    "Activity",
    "CouncilMember",
    "Hub",
    "ItemVersion",
    "Kind",
    "OpeningSlot",
    "Service",
    "Session",
    "SignUp",
]
