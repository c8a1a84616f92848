"""Scoring one query under many configurations: the real path, and a fast path for selection grids.

:func:`score_each` (``MatchScorer.score``, what the reported tables use) and :func:`sweep_scores`
(one ``MatchScorer.scan`` per query, re-combined per configuration with the evidence prior but
without the other bonuses, equal for all members in these benchmarks; docs/TOOLS.md).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from matcher.aggregation import pooled
from matcher.components import combine, evidence_prior
from matcher.config import ScoringConfig
from matcher.scoring import MatchScorer, Query
from models.events import Opportunity

__all__ = ["ScoreFn", "score_each", "sweep_scores"]

#: ``(scorer, opportunity, query, configs) -> {config name: {member id: score}}``
ScoreFn = Callable[[MatchScorer, Opportunity, Query, dict[str, ScoringConfig]], dict[str, dict[str, float]]]


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
    """Affinity (dense + lexical) and evidence prior of each eligible member under each configuration.

    All ``configs`` must share the scorer's calibrations; they may differ in aggregation,
    ``evidence_k``, ``softmax_temperature``, ``lexical_weight`` and ``lexical_saturation``.
    """
    base = scorer.config
    for config in configs.values():
        if (config.english, config.crosslingual, config.multilingual) != (
            base.english,
            base.crosslingual,
            base.multilingual,
        ):
            raise ValueError("sweep_scores needs the scorer's own calibrations in every configuration")
    scan = scorer.scan(opportunity, query, lexical=any(c.lexical_weight > 0 for c in configs.values()))
    keep = scan.eligible
    sims, speaks = scan.hits.sims[keep], scan.speaks[keep]
    lexical = None if scan.lexical is None else scan.lexical[keep]
    evidence = scan.evidence[keep]
    org_types = None if scan.org_types is None else scan.org_types[keep]
    kept = [m for m, k in zip(scan.hits.member_ids, keep.tolist(), strict=True) if k]
    dense: dict[tuple[str, int, float, float], np.ndarray] = {}
    out = {}
    for name, c in configs.items():
        key = (c.aggregation, c.evidence_k, c.softmax_temperature, c.evidence_breadth)
        if key not in dense:
            dense[key] = pooled(c, sims, scan.hits.evidence[keep])
        prior = None
        if c.evidence_bonus > 0:
            prior = {"evidence": evidence_prior(c, evidence, opportunity.kind, org_types)}
        _, total = combine(c, dense[key], speaks, lexical, prior)
        out[name] = dict(zip(kept, total.tolist(), strict=True))
    return out
