"""Exception hierarchy of the matching engine.

Every error raised for bad input is a :class:`MatchingError`, which is a :class:`ValueError`,
so callers can catch either.
"""

from __future__ import annotations


class MatchingError(ValueError):
    """Base class for all matching-engine input errors."""


class VocabularyError(MatchingError):
    """A vocabulary was built or used incorrectly (duplicate term, more than 64 terms)."""


class UnknownTermError(VocabularyError):
    """A term (skill or language) is not part of the vocabulary."""

    def __init__(self, kind: str, term: object) -> None:
        self.kind = kind
        self.term = term
        super().__init__(f"unknown {kind}: {term!r}")


class UnknownSkillError(UnknownTermError):
    """A skill is not part of the skill vocabulary."""

    def __init__(self, term: object) -> None:
        super().__init__("skill", term)


class UnknownLanguageError(UnknownTermError):
    """A language is not part of the language vocabulary."""

    def __init__(self, term: object) -> None:
        super().__init__("language", term)


class InvalidCoordinatesError(MatchingError):
    """Latitude/longitude are NaN, infinite or out of range."""


class InvalidValueError(MatchingError):
    """A numeric field is out of range (negative radius, negative max_load, bad slot mask...)."""


class InvalidWeightsError(InvalidValueError):
    """Score weights are negative or not finite."""


class DuplicateRequestError(MatchingError):
    """The same request id occurs twice in one batch."""


class UnknownVolunteerError(MatchingError, KeyError):
    """A volunteer id is not in the pool."""

    def __init__(self, volunteer_id: object) -> None:
        self.volunteer_id = volunteer_id
        super().__init__(f"unknown volunteer id: {volunteer_id!r}")

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])


class SolverError(MatchingError):
    """The min-cost-flow solver is unavailable or did not reach an optimal solution."""


class GreedyFallbackWarning(UserWarning):
    """``assign(method="auto")`` could not use the min-cost flow and returned the greedy
    result instead (often far below the optimum when volunteers are scarce). The same text
    is in ``Assignment.warning``; callers log or audit it."""
