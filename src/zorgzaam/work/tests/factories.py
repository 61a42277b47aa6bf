"""Test data for the work part (built through the services, so tests exercise them)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from zorgzaam.common.testing import PostcodeAreaFactory
from zorgzaam.help.matching import slot_mask
from zorgzaam.work import services
from zorgzaam.work.sroi import DEFAULT_TABLE

_n = itertools.count(1)
WEEKDAYS = slot_mask([(d, p) for d in range(5) for p in (0, 1)])


def postcode(lat: float, lon: float) -> str:
    n = next(_n)
    area = PostcodeAreaFactory(pc4=f"{3100 + n}", latitude=lat, longitude=lon)
    return f"{area.pc4} AA"


def employer(actor, *, lat=52.05, lon=4.73, **kw):
    n = next(_n)
    values = {
        "name": f"Bedrijf {n}",
        "sector": "care",
        "postcode": postcode(lat, lon),
        "kvk_number": f"{10000000 + n}",
        "buddy_capacity": 2,
        "work_experience_places": 1,
        "availability": WEEKDAYS,
    }
    values.update(kw)
    return services.employer_create(actor=actor, **values)


def seeker(actor, person, **kw):
    values = {
        "target_group": "participatiewet",
        "work_goal": "Werk in de zorg",
        "sectors": ["care"],
        "skills": ["caring"],
        "availability": WEEKDAYS,
        "max_travel_km": Decimal(10),
    }
    values.update(kw)
    return services.job_seeker_register(actor=actor, person=person, **values)


def table(actor, **changes):
    return services.table_create(
        actor=actor,
        name="Bouwblokken 2026",
        valid_from=dt.date(2026, 1, 1),
        data={**DEFAULT_TABLE, **changes},
    )


def contract(actor, tbl=None, **kw):
    n = next(_n)
    values = {
        "reference": f"SROI-{n}",
        "title": "Onderhoud groen",
        "contractor_name": "Groenbedrijf",
        "contract_value": Decimal("1000000"),
        "start": dt.date(2026, 1, 1),
        "end": dt.date(2026, 12, 31),
        "obligation_percentage": Decimal(5),
        "table": tbl or table(actor),
    }
    values.update(kw)
    return services.contract_create(actor=actor, **values)
