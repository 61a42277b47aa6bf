"""Test helpers: a world with volunteers and a resident who needs help."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from zorgzaam.accounts.roles import Role
from zorgzaam.common.testing import PersonFactory, UserFactory
from zorgzaam.help import services
from zorgzaam.help.constants import VogStatus


def make_volunteer(world, *, user=None, skills=("shopping",), lat=52.045, lon=4.73, **kw):
    person = PersonFactory(
        municipality=world.municipality,
        postcode_area=world.person_a.postcode_area,
        area=world.village_a,
        latitude=lat,
        longitude=lon,
        user=user or UserFactory(role=Role.VOLUNTEER, municipality=world.municipality),
    )
    kw.setdefault("radius_km", 10.0)
    kw.setdefault("max_active_tasks", 2)
    return services.volunteer_profile_save(person=person, skills=list(skills), **kw)


def make_request(world, *, requester=None, skill="shopping", **kw):
    requester = requester or world.person_a
    kw.setdefault("description", "Boodschappen doen bij de supermarkt")
    return services.help_request_create(
        municipality=world.municipality, requester=requester, skill=skill, **kw
    )


@dataclass
class HelpWorld:
    world: object
    volunteer: object  # the world's volunteer user, with a profile
    profile: object
    other: object  # a second volunteer profile
    coordinator: object

    @classmethod
    def make(cls, world):
        vuser = world.users[Role.VOLUNTEER]
        profile = make_volunteer(
            world,
            user=vuser,
            vog_status=VogStatus.VALID,
            vog_expires_on=timezone.localdate() + dt.timedelta(days=365),
            languages=["nl", "ar"],
        )
        other = make_volunteer(world, lat=52.05, lon=4.74)
        return cls(world, vuser, profile, other, world.users[Role.HUB_COORDINATOR])


def make_accepted(helpworld, *, profile=None, **kw):
    """A request accepted by ``profile`` (the world's volunteer by default)."""
    req = make_request(helpworld.world, **kw)
    proposal = services.help_request_propose(
        help_request=req, volunteer=profile or helpworld.profile, actor=helpworld.coordinator
    )
    services.proposal_accept(proposal=proposal, actor=None)
    req.refresh_from_db()
    proposal.refresh_from_db()
    return req, proposal


def make_pairing(helpworld, *, weeks_ago: int = 10):
    """An active buddy pairing of the world's volunteer, started ``weeks_ago``."""
    req, _ = make_accepted(helpworld, kind="buddy", recurring=True, slots=0b111)
    return services.buddy_pairing_start(
        help_request=req,
        actor=helpworld.coordinator,
        start_date=timezone.localdate() - dt.timedelta(weeks=weeks_ago),
    )
