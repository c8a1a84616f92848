"""The default scorer: the configuration the stream, ``matchmaker score`` and the evaluation share."""

from __future__ import annotations

from matcher.alignment import AlignedEncoder
from matcher.config import ScoringConfig
from matcher.embedding import CachedEncoder, MiniLMEncoder, MultilingualUSEEncoder
from matcher.scoring import MatchScorer

__all__ = ["default_scorer"]


def default_scorer(config: ScoringConfig | None = None, track_fresh: bool = False) -> MatchScorer:
    """MiniLM for English↔English pairs, multilingual USE for the rest, both behind text caches (or,
    with ``config.alignment``, both models behind one aligned encoder).

    ``track_fresh`` queues every newly computed vector for persistence (the stream worker).
    """
    config = config or ScoringConfig()
    threads = config.model_threads
    if config.alignment is not None:  # one space: both models behind one encoder (matcher.alignment)
        aligned = AlignedEncoder(
            MiniLMEncoder(threads=threads), MultilingualUSEEncoder(threads=threads), config.alignment
        )
        return MatchScorer(CachedEncoder(aligned, track_fresh=track_fresh), None, config)
    multilingual = (
        CachedEncoder(MultilingualUSEEncoder(threads=threads), track_fresh=track_fresh)
        if config.multilingual
        else None
    )
    english = CachedEncoder(MiniLMEncoder(threads=threads), track_fresh=track_fresh)
    return MatchScorer(english, multilingual, config)
