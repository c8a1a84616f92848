"""The default scorer: the configuration the stream, ``matchmaker score`` and the evaluation share."""

from __future__ import annotations

from matcher.config import ScoringConfig
from matcher.embedding import CachedEncoder, MiniLMEncoder, MultilingualUSEEncoder
from matcher.scoring import MatchScorer

__all__ = ["default_scorer"]


def default_scorer(config: ScoringConfig | None = None, track_fresh: bool = False) -> MatchScorer:
    """MiniLM for English↔English pairs, multilingual USE for the rest, both behind text caches.

    ``track_fresh`` queues every newly computed vector for persistence (the stream worker).
    """
    config = config or ScoringConfig()
    threads = config.model_threads
    multilingual = (
        CachedEncoder(MultilingualUSEEncoder(threads=threads), track_fresh=track_fresh)
        if config.multilingual
        else None
    )
    english = CachedEncoder(MiniLMEncoder(threads=threads), track_fresh=track_fresh)
    return MatchScorer(english, multilingual, config)
