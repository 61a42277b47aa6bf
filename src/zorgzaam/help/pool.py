"""The matching engine's volunteer pool, built from the database and cached per municipality
in the process.

* The first use in a process builds the pool with one query (``VolunteerPool.from_columns``);
* every later use refreshes it incrementally: only profiles whose ``updated_at`` is newer than
  the last sync (minus a margin for transactions that committed late) are read and upserted,
  so ranking in a web request never re-reads every volunteer;
* services touch ``updated_at`` whenever something the engine sees changes (profile, load,
  declines, tasks done), so other processes pick the change up on their next refresh;
* once an hour (``FULL_REBUILD_AFTER``) the pool is rebuilt, which also applies the passing of
  time (a pause or VOG that ran out) and restores memory locality.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils import timezone

from .constants import LANGUAGES_VOCABULARY, SKILLS_VOCABULARY
from .matching import Decline, DeclineReason, Volunteer, VolunteerPool

FULL_REBUILD_AFTER = dt.timedelta(hours=1)
SYNC_MARGIN = dt.timedelta(seconds=60)
DECLINES_WINDOW = dt.timedelta(days=90)
RECENT_WINDOW = dt.timedelta(days=28)
_EPOCH = dt.date(1970, 1, 1)

_FIELDS = (
    "pk",
    "public_id",
    "lat",
    "lon",
    "radius_km",
    "skills",
    "languages",
    "availability",
    "vog_status",
    "vog_expires_on",
    "active_tasks",
    "max_active_tasks",
    "paused",
    "paused_until",
)


@dataclass
class _Entry:
    pool: VolunteerPool
    built_at: dt.datetime
    synced_at: dt.datetime
    lock: threading.RLock = field(default_factory=threading.RLock)


_CACHE: dict[str, _Entry] = {}
_CACHE_LOCK = threading.Lock()


def day_number(day: dt.date | None) -> int:
    return 0 if day is None else (day - _EPOCH).days


def _profiles(municipality, since: dt.datetime | None = None):
    from .models import VolunteerProfile

    qs = VolunteerProfile.objects.for_municipality(municipality)
    if since is not None:
        qs = qs.filter(updated_at__gte=since)
    return qs.annotate(
        lat=Coalesce(F("person__latitude"), F("person__postcode_area__latitude")),
        lon=Coalesce(F("person__longitude"), F("person__postcode_area__longitude")),
    ).values_list(*_FIELDS)


def _declines(municipality, profile_ids=None) -> dict[int, list[Decline]]:
    from .models import Proposal

    qs = Proposal.objects.for_municipality(municipality).filter(
        status=Proposal.Status.DECLINED, responded_at__gte=timezone.now() - DECLINES_WINDOW
    )
    if profile_ids is not None:
        qs = qs.filter(volunteer_id__in=profile_ids)
    out: dict[int, list[Decline]] = defaultdict(list)
    for vid, reason, km, skill in qs.values_list(
        "volunteer_id", "decline_reason", "distance_km", "request__skill"
    ):
        out[vid].append(
            Decline(
                DeclineReason(reason or "other"),
                distance_km=km if reason == "too_far" else None,
                skill=skill if reason == "skill" and skill in SKILLS_VOCABULARY else None,
            )
        )
    return out


def _recent(municipality, profile_ids=None) -> dict[int, int]:
    from .models import HelpRequest

    qs = HelpRequest.objects.for_municipality(municipality).filter(
        status=HelpRequest.Status.DONE, done_at__gte=timezone.now() - RECENT_WINDOW
    )
    if profile_ids is not None:
        qs = qs.filter(volunteer_id__in=profile_ids)
    return dict(qs.values("volunteer_id").annotate(n=Count("pk")).values_list("volunteer_id", "n"))


def _known(terms, vocabulary) -> frozenset[str]:
    return frozenset(t for t in terms or () if t in vocabulary)


def _volunteer(row, code: str, today: dt.date, declines, recent) -> Volunteer | None:
    (pk, public_id, lat, lon, radius, skills, langs, avail, vog_status, vog_on, active, mx) = row[
        :12
    ]
    paused, paused_until = row[12], row[13]
    if lat is None or lon is None:
        return None
    return Volunteer(
        id=str(public_id),
        municipality=code,
        lat=lat,
        lon=lon,
        radius_km=radius,
        skills=_known(skills, SKILLS_VOCABULARY),
        languages=_known(langs, LANGUAGES_VOCABULARY),
        availability=avail,
        vog_expires=day_number(vog_on) if vog_status == "valid" else 0,
        load=active,
        max_load=mx,
        paused=bool(paused and (paused_until is None or paused_until >= today)),
        recent_tasks=recent.get(pk, 0),
        declines=tuple(declines.get(pk, ())),
    )


def _build(municipality) -> VolunteerPool:
    code = municipality.code
    today = timezone.localdate()
    rows = [r for r in _profiles(municipality) if r[2] is not None and r[3] is not None]
    declines = _declines(municipality)
    recent = _recent(municipality)
    n = len(rows)
    if n == 0:
        return VolunteerPool(SKILLS_VOCABULARY, LANGUAGES_VOCABULARY)
    far = np.zeros(n)
    dskill = np.zeros(n, dtype=np.uint64)
    dother = np.zeros(n, dtype=np.int64)
    for i, row in enumerate(rows):
        for d in declines.get(row[0], ()):
            if d.reason == "too_far" and d.distance_km:
                far[i] = d.distance_km if far[i] == 0 else min(far[i], d.distance_km)
            elif d.reason == "skill" and d.skill:
                dskill[i] |= np.uint64(1 << SKILLS_VOCABULARY.bit(d.skill))
            else:
                dother[i] += 1
    return VolunteerPool.from_columns(
        SKILLS_VOCABULARY,
        LANGUAGES_VOCABULARY,
        ids=[str(r[1]) for r in rows],
        municipality=np.full(n, code),
        lat=[r[2] for r in rows],
        lon=[r[3] for r in rows],
        radius_km=[r[4] for r in rows],
        skills_mask=np.array(
            [SKILLS_VOCABULARY.encode(_known(r[5], SKILLS_VOCABULARY)) for r in rows],
            dtype=np.uint64,
        ),
        languages_mask=np.array(
            [LANGUAGES_VOCABULARY.encode(_known(r[6], LANGUAGES_VOCABULARY)) for r in rows],
            dtype=np.uint64,
        ),
        availability=np.array([r[7] for r in rows], dtype=np.int64),
        vog_expires=np.array(
            [day_number(r[9]) if r[8] == "valid" else 0 for r in rows], dtype=np.int64
        ),
        load=np.array([r[10] for r in rows], dtype=np.int64),
        max_load=np.array([r[11] for r in rows], dtype=np.int64),
        paused=np.array(
            [bool(r[12] and (r[13] is None or r[13] >= today)) for r in rows], dtype=bool
        ),
        recent_tasks=np.array([recent.get(r[0], 0) for r in rows], dtype=np.int64),
        decline_far_km=far,
        decline_skill_mask=dskill,
        decline_other=dother,
    )


def _refresh(entry: _Entry, municipality) -> None:
    now = timezone.now()
    rows = list(_profiles(municipality, since=entry.synced_at - SYNC_MARGIN))
    if rows:
        ids = [r[0] for r in rows]
        declines = _declines(municipality, ids)
        recent = _recent(municipality, ids)
        today = timezone.localdate()
        for row in rows:
            volunteer = _volunteer(row, municipality.code, today, declines, recent)
            if volunteer is not None:
                entry.pool.upsert(volunteer)
            elif str(row[1]) in entry.pool:
                entry.pool.remove(str(row[1]))
    entry.synced_at = now


@contextmanager
def volunteer_pool(municipality) -> Iterator[VolunteerPool]:
    """The up-to-date pool of ``municipality``, locked for the duration of the block."""
    key = str(municipality.public_id)
    with _CACHE_LOCK:
        entry = _CACHE.get(key)
        now = timezone.now()
        if entry is None or now - entry.built_at > FULL_REBUILD_AFTER:
            entry = _Entry(pool=_build(municipality), built_at=now, synced_at=now)
            _CACHE[key] = entry
            fresh = True
        else:
            fresh = False
    with entry.lock:
        if not fresh:
            _refresh(entry, municipality)
        yield entry.pool


def pool_forget(municipality=None) -> None:
    """Drop the cached pool of one municipality (or all): the next use rebuilds it."""
    with _CACHE_LOCK:
        if municipality is None:
            _CACHE.clear()
        else:
            _CACHE.pop(str(municipality.public_id), None)


def pool_remove(municipality, profile_public_id) -> None:
    entry = _CACHE.get(str(municipality.public_id))
    if entry is not None:
        with entry.lock:
            if str(profile_public_id) in entry.pool:
                entry.pool.remove(str(profile_public_id))


def pool_is_cached(municipality) -> bool:
    return str(municipality.public_id) in _CACHE
