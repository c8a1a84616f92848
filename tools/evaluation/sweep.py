"""Scoring one query under many configurations: the real path, and a fast path for selection grids.

:func:`score_each` applies each configuration to the fitted scorer and calls
``MatchScorer.score`` — what the reported tables use. :func:`sweep_scores` computes the routed,
calibrated row relevances and the lexical similarities *once* per query and then only re-pools
and re-mixes them per configuration, exactly as ``MatchScorer._matches`` does (the lexical share
only for members with evidence in the query's language), but without the bonuses: in every
benchmark here the bonuses are equal for all eligible candidates, so they do not change a
ranking. ``tests/matcher/test_evaluation.py`` checks both paths rank alike.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import numpy as np

from matcher.aggregation import aggregate
from matcher.config import ScoringConfig
from matcher.scoring import MatchScorer, Query
from matcher.text import chunk, detect_language
from models.events import MemberProfile, Opportunity

__all__ = ["ScoreFn", "score_each", "sweep_scores"]

#: ``(scorer, opportunity, query, configs) -> {config name: {member id: score}}``
ScoreFn = Callable[[MatchScorer, Opportunity, Query, dict[str, ScoringConfig]], dict[str, dict[str, float]]]

_LANGUAGES: weakref.WeakKeyDictionary[MatchScorer, dict[str, tuple[MemberProfile, frozenset[str]]]] = (
    weakref.WeakKeyDictionary()
)


def _speaks(scorer: MatchScorer, member_ids: list[str], language: str) -> np.ndarray:
    """Members with evidence (chunk by chunk, as the scorer detects it) in ``language``; memoised."""
    known = _LANGUAGES.setdefault(scorer, {})
    out = np.zeros(len(member_ids), dtype=bool)
    for i, member_id in enumerate(member_ids):
        member = scorer.members_[member_id]
        if member_id not in known or known[member_id][0] is not member:
            pieces = [p for c in member.competencies for p in chunk(c.text, scorer.config.max_chunk_words)]
            known[member_id] = (member, frozenset(detect_language(p) for p in pieces))
        out[i] = language in known[member_id][1]
    return out


def score_each(
    scorer: MatchScorer, opportunity: Opportunity, query: Query, configs: dict[str, ScoringConfig]
) -> dict[str, dict[str, float]]:
    """Every eligible member's ``MatchScorer.score`` under each configuration (scorer config restored)."""
    base = scorer.config
    out = {}
    try:
        for name, config in configs.items():
            scorer.config = config
            out[name] = {m.member_id: m.score for m in scorer.score(opportunity, query)}
    finally:
        scorer.config = base
    return out


def sweep_scores(
    scorer: MatchScorer, opportunity: Opportunity, query: Query, configs: dict[str, ScoringConfig]
) -> dict[str, dict[str, float]]:
    """Affinity (dense + lexical, no bonuses) of each eligible member under each configuration.

    All ``configs`` must share the scorer's calibrations; they may differ in aggregation,
    ``evidence_k``, ``softmax_temperature``, ``lexical_weight`` and ``lexical_saturation``.
    """
    assert scorer.index_ is not None
    base = scorer.config
    for config in configs.values():
        if (config.english, config.crosslingual, config.multilingual) != (
            base.english,
            base.crosslingual,
            base.multilingual,
        ):
            raise ValueError("sweep_scores needs the scorer's own calibrations in every configuration")
    hits = scorer.index_.group(scorer.row_relevance(query))
    ids = hits.member_ids
    keep = np.array([m != opportunity.published_by for m in ids], dtype=bool)
    if opportunity.seeking is not None and opportunity.seeking.org_types:
        wanted = set(opportunity.seeking.org_types)
        keep &= np.array([scorer.members_[m].org_type in wanted for m in ids], dtype=bool)
    if opportunity.seeking is not None and opportunity.seeking.sme_only:
        keep &= np.array([scorer.members_[m].is_sme for m in ids], dtype=bool)
    lexical = speaks = None
    if any(c.lexical_weight > 0 for c in configs.values()):
        lexical = scorer.lexical_.similarities(query.text, ids)[keep]
        speaks = _speaks(scorer, ids, query.language)[keep]
    pooled: dict[tuple[str, int, float], np.ndarray] = {}
    out = {}
    kept = [m for m, k in zip(ids, keep, strict=True) if k]
    for name, c in configs.items():
        key = (c.aggregation, c.evidence_k, c.softmax_temperature)
        if key not in pooled:
            pooled[key] = aggregate(hits.sims[keep], c.aggregation, c.evidence_k, c.softmax_temperature)
        room = 1.0 - c.complementarity_bonus - 2 * c.ecosystem_bonus - c.cross_cluster_bonus
        total = room * pooled[key]
        if c.lexical_weight > 0 and lexical is not None and speaks is not None:
            weight = np.where(speaks, c.lexical_weight, 0.0)
            total = total + room * weight * (np.minimum(lexical / c.lexical_saturation, 1.0) - pooled[key])
        out[name] = dict(zip(kept, total.astype(np.float32).tolist(), strict=True))
    return out
