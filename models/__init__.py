"""Event contracts of LTC Matchmaker (pydantic v2), their schemas and the error hierarchy. Imports nothing
else of the project."""

from __future__ import annotations

from models.events import (
    Competency,
    DeadLetter,
    EvidenceMatch,
    Explanation,
    MatchSuggestion,
    MemberProfile,
    Notify,
    Opportunity,
    Seeking,
    make_suggestion_id,
)
from models.exceptions import ConfigurationError, InvalidEvent, MatchmakerError, ModelUnavailable

__all__ = [
    "Competency",
    "ConfigurationError",
    "DeadLetter",
    "EvidenceMatch",
    "Explanation",
    "InvalidEvent",
    "MatchSuggestion",
    "MatchmakerError",
    "MemberProfile",
    "ModelUnavailable",
    "Notify",
    "Opportunity",
    "Seeking",
    "make_suggestion_id",
]
