"""Frozen data types of the matching engine."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import FrozenInstanceError, dataclass, field, fields
from enum import StrEnum
from typing import Any

from .errors import InvalidValueError, InvalidWeightsError
from .geo import check_coordinates
from .slots import ALL_SLOTS, check_mask


def _frozen(values: Iterable[Any] | str, what: str) -> frozenset[Any]:
    if isinstance(values, str):
        return frozenset((values,))
    try:
        return frozenset(values)
    except TypeError:
        raise InvalidValueError(f"{what} must be an iterable of hashables") from None


def _nonneg_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            import numpy as np

            if not isinstance(value, np.integer):
                raise TypeError
            value = int(value)
        except TypeError:
            raise InvalidValueError(f"{what} must be an int, not {value!r}") from None
    if value < 0:
        raise InvalidValueError(f"{what} must be >= 0, not {value}")
    return int(value)


def _nonneg_float(value: Any, what: str) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise InvalidValueError(f"{what} must be a number, not {value!r}") from None
    if not math.isfinite(f) or f < 0:
        raise InvalidValueError(f"{what} must be finite and >= 0, not {value!r}")
    return f


class DeclineReason(StrEnum):
    """Why a volunteer declined an earlier proposal."""

    TOO_FAR = "too_far"  #: the distance was too far (``distance_km`` says how far)
    SKILL = "skill"  #: not this kind of help (``skill`` says which)
    NO_TIME = "no_time"  #: no time / too busy
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Decline:
    """One recent decline of a volunteer (the caller decides how far back "recent" goes)."""

    reason: DeclineReason
    distance_km: float | None = None
    skill: str | None = None

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "reason", DeclineReason(self.reason))
        except ValueError:
            raise InvalidValueError(f"unknown decline reason: {self.reason!r}") from None
        if self.distance_km is not None:
            object.__setattr__(
                self, "distance_km", _nonneg_float(self.distance_km, "decline distance_km")
            )


@dataclass(frozen=True, slots=True)
class Volunteer:
    """A volunteer as the matching engine sees them.

    ``availability`` is a 21-bit weekly slot mask (see :mod:`.slots`). ``vog_expires`` is the
    last day (days since 1970-01-01) on which the certificate of conduct (VOG) is valid, 0 for
    none. ``load`` is the number of open tasks, ``recent_tasks`` the number of tasks done
    recently (e.g. last 28 days) and is only used for the fairness score.
    """

    id: Hashable
    municipality: str
    lat: float
    lon: float
    radius_km: float
    skills: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    availability: int = ALL_SLOTS
    vog_expires: int = 0
    load: int = 0
    max_load: int = 1
    paused: bool = False
    recent_tasks: int = 0
    declines: tuple[Decline, ...] = ()

    def __post_init__(self) -> None:
        lat, lon = check_coordinates(self.lat, self.lon)
        setattr_ = object.__setattr__
        setattr_(self, "lat", lat)
        setattr_(self, "lon", lon)
        setattr_(self, "radius_km", _nonneg_float(self.radius_km, "radius_km"))
        setattr_(self, "skills", _frozen(self.skills, "skills"))
        setattr_(self, "languages", _frozen(self.languages, "languages"))
        setattr_(self, "availability", check_mask(self.availability, "availability"))
        setattr_(self, "vog_expires", _nonneg_int(self.vog_expires, "vog_expires"))
        setattr_(self, "load", _nonneg_int(self.load, "load"))
        setattr_(self, "max_load", _nonneg_int(self.max_load, "max_load"))
        setattr_(self, "recent_tasks", _nonneg_int(self.recent_tasks, "recent_tasks"))
        setattr_(self, "paused", bool(self.paused))
        if not isinstance(self.municipality, str) or not self.municipality:
            raise InvalidValueError("municipality must be a non-empty string")
        declines = tuple(self.declines)
        for d in declines:
            if not isinstance(d, Decline):
                raise InvalidValueError(f"declines must be Decline objects, not {d!r}")
        setattr_(self, "declines", declines)


@dataclass(frozen=True, slots=True)
class HelpNeed:
    """A request for help.

    ``skills`` are required (all of them); ``preferred_skills`` only add to the score.
    ``languages`` are the languages the person speaks (a volunteer speaking any of them scores).
    ``slots`` is the wanted 21-bit slot mask (a one-off window converted with
    :func:`.slots.window_to_slots`, a recurring request as its weekly mask). ``date`` is the
    (first) task date in days since 1970-01-01, used for VOG validity. ``previous_volunteers``
    are ids of volunteers who helped this person before (continuity).
    """

    id: Hashable
    municipality: str
    lat: float
    lon: float
    skills: frozenset[str] = frozenset()
    slots: int = ALL_SLOTS
    date: int = 0
    requires_vog: bool = False
    preferred_skills: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    recurring: bool = False
    waiting_days: float = 0.0
    previous_volunteers: frozenset[Hashable] = frozenset()

    def __post_init__(self) -> None:
        lat, lon = check_coordinates(self.lat, self.lon)
        setattr_ = object.__setattr__
        setattr_(self, "lat", lat)
        setattr_(self, "lon", lon)
        setattr_(self, "skills", _frozen(self.skills, "skills"))
        setattr_(self, "preferred_skills", _frozen(self.preferred_skills, "preferred_skills"))
        setattr_(self, "languages", _frozen(self.languages, "languages"))
        setattr_(self, "slots", check_mask(self.slots, "slots"))
        setattr_(self, "date", _nonneg_int(self.date, "date"))
        setattr_(self, "waiting_days", _nonneg_float(self.waiting_days, "waiting_days"))
        setattr_(self, "requires_vog", bool(self.requires_vog))
        setattr_(self, "recurring", bool(self.recurring))
        setattr_(
            self,
            "previous_volunteers",
            _frozen(self.previous_volunteers, "previous_volunteers"),
        )
        if not isinstance(self.municipality, str) or not self.municipality:
            raise InvalidValueError("municipality must be a non-empty string")


#: Alias: the issue calls it a request, the domain a help need.
Request = HelpNeed


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the score terms; see docs/matching.md for the formula.

    ``distance_scale_km`` is the distance at which closeness drops to 1/2,
    ``waiting_full_days`` the waiting time at which the waiting term saturates,
    ``recent_task_factor`` how much a recently done task counts against fairness relative to
    an open one, and ``unassigned_penalty`` the cost (in score units) of leaving a request
    unassigned in :func:`assign`.
    """

    distance: float = 3.0
    skill: float = 1.0
    language: float = 1.5
    continuity: float = 2.0
    fairness: float = 1.5
    waiting: float = 1.0
    decline: float = 2.0
    distance_scale_km: float = 2.0
    waiting_full_days: float = 14.0
    recent_task_factor: float = 0.25
    unassigned_penalty: float = 10.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            try:
                fv = float(value)
            except (TypeError, ValueError):
                raise InvalidWeightsError(f"weight {f.name} must be a number") from None
            if not math.isfinite(fv) or fv < 0:
                raise InvalidWeightsError(f"weight {f.name} must be finite and >= 0, not {value}")
            object.__setattr__(self, f.name, fv)
        if self.distance_scale_km <= 0 or self.waiting_full_days <= 0:
            raise InvalidWeightsError("distance_scale_km and waiting_full_days must be > 0")

    @property
    def max_base(self) -> float:
        """Upper bound of the score without the fairness term."""
        return self.distance + self.skill + self.language + self.continuity + self.waiting


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class Reason:
    """One structured reason: a stable ``code``, parameters, and its score contribution.

    Render with :meth:`text` or :func:`.explain.reason_text`.
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    contribution: float = 0.0

    def text(self, lang: str = "nl") -> str:
        from .explain import reason_text

        return reason_text(self, lang)


class Proposal:
    """A volunteer proposed for a request, with its score and the reasons behind it.

    Immutable. ``rank`` builds the :class:`Reason` objects only when ``reasons`` is first
    read (from values taken when it ranked, so later pool changes do not alter them): a
    caller that only needs ids and scores does not pay for them.
    """

    __slots__ = ("request_id", "volunteer_id", "score", "distance_km", "rank", "_reasons")

    request_id: Hashable
    volunteer_id: Hashable
    score: float
    distance_km: float
    rank: int
    _reasons: tuple[Reason, ...] | Callable[[], tuple[Reason, ...]]

    def __init__(
        self,
        request_id: Hashable,
        volunteer_id: Hashable,
        score: float,
        distance_km: float,
        reasons: Iterable[Reason] = (),
        rank: int = 0,
    ) -> None:
        self._set(request_id, volunteer_id, score, distance_km, tuple(reasons), rank)

    @classmethod
    def lazy(
        cls,
        request_id: Hashable,
        volunteer_id: Hashable,
        score: float,
        distance_km: float,
        make_reasons: Callable[[], tuple[Reason, ...]],
        rank: int = 0,
    ) -> Proposal:
        """A proposal whose reasons are made by ``make_reasons()`` when first read."""
        proposal = cls.__new__(cls)
        proposal._set(request_id, volunteer_id, score, distance_km, make_reasons, rank)
        return proposal

    def _set(self, request_id, volunteer_id, score, distance_km, reasons, rank) -> None:
        for name, value in (
            ("request_id", request_id),
            ("volunteer_id", volunteer_id),
            ("score", score),
            ("distance_km", distance_km),
            ("rank", rank),
            ("_reasons", reasons),
        ):
            object.__setattr__(self, name, value)

    @property
    def reasons(self) -> tuple[Reason, ...]:
        reasons = self._reasons
        if callable(reasons):
            reasons = tuple(reasons())
            object.__setattr__(self, "_reasons", reasons)
        return reasons

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _key(self) -> tuple[Any, ...]:
        return (self.request_id, self.volunteer_id, self.score, self.distance_km, self.rank)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Proposal):
            return NotImplemented
        return self._key() == other._key() and self.reasons == other.reasons

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Proposal(request_id={self.request_id!r}, volunteer_id={self.volunteer_id!r}, "
            f"score={self.score!r}, distance_km={self.distance_km!r}, "
            f"reasons={self.reasons!r}, rank={self.rank!r})"
        )

    def explain(self, lang: str = "nl") -> str:
        from .explain import explain

        return explain(self, lang)

    def reason(self, code: str) -> Reason | None:
        """The reason with ``code``, if present."""
        for r in self.reasons:
            if r.code == code:
                return r
        return None


@dataclass(frozen=True, slots=True)
class Unassigned:
    """A request left unassigned by :func:`assign`, with why.

    ``reason.code`` is ``"no_candidate"`` (no volunteer passes the hard constraints;
    ``reason.params["cause"]`` names the constraint), ``"capacity_exhausted"`` (candidates
    existed but their capacity went to other requests) or ``"below_threshold"`` (every candidate
    scores below ``-unassigned_penalty``).
    """

    request_id: Hashable
    reason: Reason


@dataclass(frozen=True, slots=True)
class Assignment:
    """Result of :func:`assign`.

    ``total_cost`` is the integer objective that was minimised (see docs/matching.md);
    ``total_score`` the sum of the assigned pairs' scores with the fairness term taken at the
    load reached inside the batch; ``objective = total_score - unassigned_penalty * n_unassigned``.
    ``fallback_reason`` says why ``method="auto"`` fell back to greedy, and ``warning`` says
    it in a sentence for a log or audit line (also issued as a
    :class:`~.errors.GreedyFallbackWarning`); ``None`` when the flow was used.

    ``depth`` is the largest number of candidates a request had in the solved graph,
    ``widened`` how many requests got more than the first ``k`` (see :func:`.assign`), and
    ``complete`` whether every request had all its feasible volunteers in the graph: then a
    flow result is the exact optimum over all feasible pairs.
    """

    proposals: tuple[Proposal, ...]
    unassigned: tuple[Unassigned, ...]
    total_cost: int
    total_score: float
    objective: float
    method: str
    fallback_reason: str | None = None
    warning: str | None = None
    depth: int = 0
    widened: int = 0
    complete: bool = False

    @property
    def by_request(self) -> dict[Hashable, Proposal]:
        return {p.request_id: p for p in self.proposals}

    @property
    def volunteer_counts(self) -> dict[Hashable, int]:
        counts: dict[Hashable, int] = {}
        for p in self.proposals:
            counts[p.volunteer_id] = counts.get(p.volunteer_id, 0) + 1
        return counts
