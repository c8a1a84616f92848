"""The project's single error hierarchy, rooted at :class:`MatchmakerError`."""

from __future__ import annotations

__all__ = ["ConfigurationError", "InvalidEvent", "MatchmakerError", "ModelUnavailable", "NotFittedError"]


class MatchmakerError(Exception):
    """Root of every error raised on purpose by LTC Matchmaker."""


class InvalidEvent(MatchmakerError):
    """An input record failed to decode or validate; it belongs on the dead-letter topic."""


class ModelUnavailable(MatchmakerError):
    """The embedding model could not be loaded (missing package or weights)."""


class ConfigurationError(MatchmakerError):
    """Settings are inconsistent or point at something that does not exist."""


class NotFittedError(MatchmakerError):
    """An estimator was used before ``fit`` (e.g. a ``MatchScorer`` asked to score or index)."""
