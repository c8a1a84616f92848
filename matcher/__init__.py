"""The matching library: encoders, the evidence scorer, the engine, the feedback re-ranker, consortia.

Pure and synchronous; it may import only ``models`` (never ``streams``, faust or a Kafka client),
so scoring runs offline exactly as in the stream. Importing it loads no model.
"""

from __future__ import annotations

from matcher.config import Calibration, ScoringConfig
from matcher.consortium import ConsortiumBuilder
from matcher.embedding import CachedEncoder, Encoder, MiniLMEncoder, MultilingualUSEEncoder
from matcher.engine import Matchmaker
from matcher.factory import default_scorer
from matcher.feedback import FeedbackReranker
from matcher.scoring import Match, MatchScorer, Query

__all__ = [
    "CachedEncoder",
    "Calibration",
    "ConsortiumBuilder",
    "Encoder",
    "FeedbackReranker",
    "Match",
    "MatchScorer",
    "Matchmaker",
    "MiniLMEncoder",
    "MultilingualUSEEncoder",
    "Query",
    "ScoringConfig",
    "default_scorer",
]
