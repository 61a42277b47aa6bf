"""Figures from the other parts, read through their selector modules *when they exist*.

Each source names the module and function it expects (the contract is in docs/reports.md).
A part that is not installed, has no such function, raises, or returns another shape is
reported honestly ("no data yet" / "not available") instead of showing a zero.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

log = logging.getLogger(__name__)

NO_MODULE = "no_module"
NO_DATA = "no_data"
BROKEN = "broken"
OK = "ok"


@dataclass
class SourceResult:
    status: str
    rows: dict[Any, dict[str, int]] = field(default_factory=dict)  # area pk (or None) -> counts
    totals: dict[str, Any] = field(default_factory=dict)  # municipality-level figures

    @property
    def ok(self) -> bool:
        return self.status == OK


def selector(module: str, name: str) -> Callable | None:
    """``module.name`` if the part is installed and provides it, else None."""
    try:
        if importlib.util.find_spec(module) is None:
            return None
    except ModuleNotFoundError:
        return None
    from django.conf import settings

    app = ".".join(module.split(".")[:2])
    if app not in settings.INSTALLED_APPS:
        return None
    mod = importlib.import_module(module)
    func = getattr(mod, name, None)
    return func if callable(func) else None


def _call(module: str, name: str, *args) -> tuple[str, Any]:
    func = selector(module, name)
    if func is None:
        return NO_MODULE, None
    try:
        return OK, func(*args)
    except Exception:  # another part's bug must not take the council report down
        log.exception("report source %s.%s failed", module, name)
        return BROKEN, None


def _area_key(value, areas_by_public_id: Mapping[str, int], area_pks: set[int]):
    """Accept an area's integer pk or its public UUID; unknown or None -> None."""
    if value is None:
        return None
    if isinstance(value, int) and value in area_pks:
        return value
    try:
        return areas_by_public_id.get(str(uuid.UUID(str(value))))
    except (ValueError, TypeError):
        return None


def _int(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError("not a count")
    return value


def village_rows(
    raw, areas, extract: Callable[[Mapping], dict[str, int]]
) -> dict[Any, dict[str, int]]:
    """``[{"area_id": pk|uuid|None, ...}]`` -> {area pk or None: {column: count}}."""
    if not isinstance(raw, list | tuple):
        raise TypeError("expected a list of rows")
    by_public = {str(a.public_id): a.pk for a in areas}
    pks = {a.pk for a in areas}
    out: dict[Any, dict[str, int]] = {}
    for row in raw:
        if not isinstance(row, Mapping):
            raise TypeError("expected dict rows")
        key = _area_key(row.get("area_id"), by_public, pks)
        counts = {k: _int(v) for k, v in extract(row).items()}
        bucket = out.setdefault(key, {})
        for k, v in counts.items():
            bucket[k] = bucket.get(k, 0) + v
    return out


def _result(status: str, build: Callable[[], SourceResult]) -> SourceResult:
    if status != OK:
        return SourceResult(status)
    try:
        result = build()
    except (TypeError, KeyError, AttributeError, ValueError):
        log.exception("report source returned an unexpected shape")
        return SourceResult(BROKEN)
    if not result.rows and not any(result.totals.values()):
        result.status = NO_DATA
    return result


# ------------------------------------------------------------------ the sources
HELP_COLUMNS = ("asked", "matched", "done", "buddies", "volunteers_active")
#: the volunteer hours column: a sum, not a count (see ``suppression.suppress_sums``)
HELP_HOURS = "volunteer_hours"


def help_source(municipality, start: date, end: date, areas) -> SourceResult:
    """zorgzaam.help.selectors.help_counts_by_village(municipality, (start, end)).

    The counts are ``rows``; in ``totals``: ``days_to_match`` {area: [days]},
    ``volunteers_active_total`` (from ``help_volunteers_active``: the distinct volunteers of
    the whole municipality, the municipality's figure instead of the villages' sum, which
    counts someone who helped in two villages twice; ``None`` when the part does not give
    it or gives a number no distinct count of these villages can be) and, when the help
    part records hours, ``hours`` {area: float}, ``hours_volunteers`` {area: distinct
    volunteers behind them}, ``done_with_hours`` {area: n} and ``hours_volunteers_total``
    (from ``help_hours_volunteers``, likewise, or ``None``). Without hours in the rows,
    ``hours`` is absent.
    """
    status, raw = _call(
        "zorgzaam.help.selectors", "help_counts_by_village", municipality, (start, end)
    )

    def extract(row):
        states = row.get("requests") or {}
        return {
            "asked": row["total"],
            "matched": sum(int(states.get(s, 0)) for s in ("accepted", "planned", "done")),
            "done": int(states.get("done", 0)),
            "buddies": row.get("buddies", 0),
            "volunteers_active": row.get("volunteers_active", 0),
        }

    def build():
        rows = village_rows(raw, areas, extract)
        by_public = {str(a.public_id): a.pk for a in areas}
        pks = {a.pk for a in areas}
        days: dict[Any, list[float]] = {}
        for row in raw:
            values = row.get("days_to_match")
            if values is None:  # an older help part without the time to match
                continue
            if not isinstance(values, list | tuple):
                raise TypeError("days_to_match must be a list")
            key = _area_key(row.get("area_id"), by_public, pks)
            days.setdefault(key, []).extend(_days(v) for v in values)
        rows = {k: v for k, v in rows.items() if any(v.values())}
        totals: dict[str, Any] = {
            "days_to_match": {k: sorted(v) for k, v in days.items() if k in rows},
            "volunteers_active_total": _active_total(municipality, start, end, rows),
        }
        if rows and any("hours" in row for row in raw):  # an older help part records none
            totals.update(_hours_totals(raw, rows, by_public, pks))
            totals["hours_volunteers_total"] = _hours_people(municipality, start, end)
        return SourceResult(OK, rows=rows, totals=totals)

    return _result(status, build)


def _hours_totals(raw, rows, by_public, pks) -> dict[str, dict]:
    hours: dict[Any, float] = {}
    people: dict[Any, int] = {}
    done_with: dict[Any, int] = {}
    for row in raw:
        key = _area_key(row.get("area_id"), by_public, pks)
        if key not in rows:  # no counts, so no done requests: nothing to add up
            continue
        hours[key] = hours.get(key, 0.0) + _hours(row.get("hours", 0))
        # rows merged into one key (unknown villages): the larger count is a lower bound of
        # the distinct people, the sum could count someone twice
        people[key] = max(people.get(key, 0), _int(row.get("hours_volunteers", 0)))
        done_with[key] = done_with.get(key, 0) + _int(row.get("done_with_hours", 0))
    return {"hours": hours, "hours_volunteers": people, "done_with_hours": done_with}


def _hours_people(municipality, start: date, end: date) -> int | None:
    """The distinct volunteers behind all hours, or None when the help part cannot say."""
    return _distinct("help_hours_volunteers", municipality, start, end)


def _active_total(municipality, start: date, end: date, rows) -> int | None:
    """The distinct active volunteers of the municipality, or None when the help part cannot
    say or says what cannot be: the distinct people of all villages together are at least
    the largest village's and at most the villages' sum."""
    found = _distinct("help_volunteers_active", municipality, start, end)
    villages = [r.get("volunteers_active", 0) for r in rows.values()]
    if found is not None and not max(villages, default=0) <= found <= sum(villages):
        log.warning("help_volunteers_active does not fit the villages' counts")
        return None
    return found


def _distinct(name: str, municipality, start: date, end: date) -> int | None:
    status, value = _call("zorgzaam.help.selectors", name, municipality, (start, end))
    try:
        return _int(value) if status == OK else None
    except TypeError:
        log.warning("%s returned an unexpected shape", name)
        return None


def _hours(value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError("not a number of hours")
    number = float(value)
    if not 0 <= number < 1e9:  # also NaN
        raise TypeError("not a number of hours")
    return number


def _days(value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise TypeError("not a number of days")
    return float(value)


CASEWORK_COLUMNS = ("households", "plans_with_actions", "plans_with_informal", "referrals_finished")


def casework_source(municipality, start: date, end: date, areas) -> SourceResult:
    """zorgzaam.casework.selectors.casework_counts_by_village(municipality, (start, end))."""
    status, raw = _call(
        "zorgzaam.casework.selectors", "casework_counts_by_village", municipality, (start, end)
    )

    def build():
        rows = village_rows(raw, areas, lambda r: {c: r.get(c, 0) for c in CASEWORK_COLUMNS})
        return SourceResult(OK, rows={k: v for k, v in rows.items() if any(v.values())})

    return _result(status, build)


def informal_share_source(municipality, start: date, end: date) -> SourceResult:
    """zorgzaam.casework.selectors.informal_share(municipality, (start, end)) with
    ``.plans`` and ``.informal`` (or a dict with those keys)."""
    status, raw = _call("zorgzaam.casework.selectors", "informal_share", municipality, (start, end))

    def build():
        get = raw.get if isinstance(raw, Mapping) else lambda k: getattr(raw, k)
        return SourceResult(
            OK, totals={"plans": _int(get("plans")), "informal": _int(get("informal"))}
        )

    return _result(status, build)


SOCIALMAP_COLUMNS = ("formal", "welfare", "informal")
HUB_COLUMNS = ("hubs", "activities")


def socialmap_source(
    municipality, start: date, end: date, areas, columns=SOCIALMAP_COLUMNS
) -> SourceResult:
    """zorgzaam.socialmap.selectors.socialmap_counts_by_village(municipality): published
    services per village and kind (or hubs and approved activities with
    ``columns=HUB_COLUMNS``), as they are now (the social map has no history)."""
    status, raw = _call("zorgzaam.socialmap.selectors", "socialmap_counts_by_village", municipality)

    def build():
        rows = village_rows(raw, areas, lambda r: {c: r.get(c, 0) for c in columns})
        return SourceResult(OK, rows={k: v for k, v in rows.items() if any(v.values())})

    return _result(status, build)


ATTENDANCE_COLUMNS = ("activities", "sessions", "attendance")


def hub_attendance_source(municipality, start: date, end: date, areas) -> SourceResult:
    """zorgzaam.socialmap.selectors.hub_attendance_by_village(municipality, (start, end)):
    per village the activities and sessions with counted attendance in the period and the
    sum of the head counts."""
    status, raw = _call(
        "zorgzaam.socialmap.selectors", "hub_attendance_by_village", municipality, (start, end)
    )

    def build():
        rows = village_rows(raw, areas, lambda r: {c: r.get(c, 0) for c in ATTENDANCE_COLUMNS})
        return SourceResult(OK, rows={k: v for k, v in rows.items() if any(v.values())})

    return _result(status, build)


def work_source(municipality, start: date, end: date) -> SourceResult:
    """zorgzaam.work.selectors.work_counts(municipality, start, end) -> dict (see docs)."""
    status, raw = _call("zorgzaam.work.selectors", "work_counts", municipality, start, end)

    def build():
        seekers = raw.get("job_seekers") or {}
        peer = raw.get("peer_groups") or {}
        sroi = raw.get("sroi") or {}
        totals = {
            "job_seekers": _int(seekers.get("registered", 0)),
            "jobs_found": _int(raw.get("jobs_found", 0)),
            "placements_started": _int(raw.get("placements_started", 0)),
            "peer_sessions": _int(peer.get("sessions", 0)),
            "peer_attendances": _int(peer.get("attendances", 0)),
            "sroi_contracts": _int(sroi.get("contracts", 0)),
            "sroi_owed": sroi.get("owed"),
            "sroi_expected": sroi.get("expected"),
            "sroi_fulfilled": sroi.get("fulfilled"),
        }
        return SourceResult(OK, totals=totals)

    return _result(status, build)


def zrm_source(municipality, start: date, end: date) -> SourceResult:
    """zorgzaam.casework.selectors.zrm_progress(municipality, (start, end)) ->
    ``[{"domain", "name", "households", "mean_change", "improved", "same", "worse"}]``.
    Rows are keyed by the domain name (not by village)."""
    status, raw = _call("zorgzaam.casework.selectors", "zrm_progress", municipality, (start, end))

    def build():
        if not isinstance(raw, list | tuple):
            raise TypeError("expected a list of rows")
        rows: dict[Any, dict[str, int]] = {}
        changes: dict[Any, float] = {}
        for row in raw:
            key = str(row["name"])
            rows[key] = {c: _int(row.get(c, 0)) for c in ("improved", "same", "worse")}
            if _int(row["households"]) != sum(rows[key].values()):
                raise ValueError("improved + same + worse must equal households")
            changes[key] = float(row.get("mean_change", 0.0))
        return SourceResult(OK, rows=rows, totals={"mean_change": changes})

    return _result(status, build)


# ------------------------------------------------------------------ practices (issue #24)
DECISION_COLUMNS = ("requested", "approved", "rejected", "reviewed")
CONTACT_COLUMNS = ("contacts", "in_village", "at_hub")


def _quarter_rows(raw, columns, extra=()) -> dict[Any, dict[str, Any]]:
    """``[{"quarter": "2026-Q3", column: count, ...}]`` -> {quarter: {column: count}}; the
    ``extra`` keys are kept as they are (checked by the caller)."""
    if not isinstance(raw, list | tuple):
        raise TypeError("expected a list of rows")
    rows: dict[Any, dict[str, Any]] = {}
    for row in raw:
        if not isinstance(row, Mapping):
            raise TypeError("expected dict rows")
        quarter = str(row["quarter"])
        rows[quarter] = {c: _int(row.get(c, 0)) for c in columns}
        rows[quarter].update({k: row.get(k) for k in extra})
    return rows


def decisions_source(municipality, start: date, end: date) -> SourceResult:
    """zorgzaam.casework.selectors.discretionary_decisions_by_quarter(municipality,
    (start, end)): per quarter the discretionary decisions requested, approved, rejected and
    reviewed (counts) and ``approved_cost`` (euros, in ``totals["approved_cost"]``)."""
    status, raw = _call(
        "zorgzaam.casework.selectors",
        "discretionary_decisions_by_quarter",
        municipality,
        (start, end),
    )

    def build():
        rows = _quarter_rows(raw, DECISION_COLUMNS, extra=("approved_cost",))
        costs = {}
        for quarter, row in rows.items():
            cost = row.pop("approved_cost")
            if isinstance(cost, bool) or not isinstance(cost, int | float | Decimal) or cost < 0:
                raise TypeError("approved_cost must be an amount")
            costs[quarter] = Decimal(str(cost))
        has_any = any(any(v.values()) for v in rows.values())
        return SourceResult(OK, rows=rows if has_any else {}, totals={"approved_cost": costs})

    return _result(status, build)


def village_contacts_source(municipality, start: date, end: date) -> SourceResult:
    """zorgzaam.casework.selectors.village_contact_share_by_quarter(municipality,
    (start, end)): per quarter the social team's contacts with households, those held in the
    village (at the community hub or at home) and those at the hub. The share is computed by
    the report from the published counts, not taken from the part."""
    status, raw = _call(
        "zorgzaam.casework.selectors",
        "village_contact_share_by_quarter",
        municipality,
        (start, end),
    )

    def build():
        rows = _quarter_rows(raw, CONTACT_COLUMNS)
        for row in rows.values():
            if not row["at_hub"] <= row["in_village"] <= row["contacts"]:
                raise ValueError("at the hub <= in the village <= all contacts")
        has_any = any(row["contacts"] for row in rows.values())
        return SourceResult(OK, rows=rows if has_any else {})

    return _result(status, build)
