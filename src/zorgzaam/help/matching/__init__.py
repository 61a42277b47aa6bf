"""Neighbour-help matching engine (pure Python + NumPy/SciPy/OR-Tools, no Django).

See docs/matching.md for the objective, constraints, scoring and data layout.
"""

from .assignment import CandidateGraph, assign, build_candidate_graph
from .errors import (
    DuplicateRequestError,
    GreedyFallbackWarning,
    InvalidCoordinatesError,
    InvalidValueError,
    InvalidWeightsError,
    MatchingError,
    SolverError,
    UnknownLanguageError,
    UnknownSkillError,
    UnknownTermError,
    UnknownVolunteerError,
    VocabularyError,
)
from .explain import explain, reason_text, reason_texts
from .geo import haversine_km, haversine_many_km
from .models import (
    DEFAULT_WEIGHTS,
    Assignment,
    Decline,
    DeclineReason,
    HelpNeed,
    Proposal,
    Reason,
    Request,
    Unassigned,
    Volunteer,
    Weights,
)
from .pool import VolunteerPool
from .ranking import rank, why_unmatched
from .slots import (
    AFTERNOON,
    ALL_SLOTS,
    EVENING,
    MORNING,
    slot_bit,
    slot_mask,
    slot_name,
    slots_of,
    window_to_slots,
)
from .vocab import LANGUAGE_LABELS, Vocabulary

__all__ = [
    "AFTERNOON",
    "ALL_SLOTS",
    "DEFAULT_WEIGHTS",
    "EVENING",
    "LANGUAGE_LABELS",
    "MORNING",
    "Assignment",
    "CandidateGraph",
    "Decline",
    "DeclineReason",
    "DuplicateRequestError",
    "GreedyFallbackWarning",
    "HelpNeed",
    "InvalidCoordinatesError",
    "InvalidValueError",
    "InvalidWeightsError",
    "MatchingError",
    "Proposal",
    "Reason",
    "Request",
    "SolverError",
    "Unassigned",
    "UnknownLanguageError",
    "UnknownSkillError",
    "UnknownTermError",
    "UnknownVolunteerError",
    "Volunteer",
    "VolunteerPool",
    "Vocabulary",
    "VocabularyError",
    "Weights",
    "assign",
    "build_candidate_graph",
    "explain",
    "haversine_km",
    "haversine_many_km",
    "rank",
    "reason_text",
    "reason_texts",
    "slot_bit",
    "slot_mask",
    "slot_name",
    "slots_of",
    "why_unmatched",
    "window_to_slots",
]
