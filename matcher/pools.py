"""Candidate pools: a stored opportunity's best-scored members, so a member change re-ranks a few.

When a pool may be re-used instead of a full scan (and why the result is the same) is explained
in ``docs/SCORING.md``, section ``matcher/pools.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matcher.config import ScoringConfig
from matcher.scoring import Match, MatchScorer, Query, Ranked
from models.events import Opportunity

__all__ = ["CandidatePool", "PoolRanker"]

_ROUNDING = 1e-6  # float32 scores: an outside member must trail by more than this


@dataclass(frozen=True)
class CandidatePool:
    """The members worth re-scoring for one opportunity, and what is known of everyone else."""

    member_ids: frozenset[str]
    outside: float  # no member outside scored above this at ``step`` (``-inf``: nobody outside)
    lexical: float  # nor had a larger lexical share of its score (the only part a change moves)
    step: int  # position in the scorer's change log
    query_norm: float  # the opportunity's TF-IDF norm at ``step``
    config: ScoringConfig


class PoolRanker:
    """Takes and re-uses :class:`CandidatePool` s for one scorer.

    A pool holds ``max(factor · depth, depth + extra)`` members; a re-use that would score more than
    ``max_candidates`` members (many holders of re-weighted rare terms) takes a fresh pool instead.
    """

    def __init__(
        self,
        scorer: MatchScorer,
        factor: int = 4,
        extra: int = 32,
        max_candidates: int = 2000,
        rare_ratio: float = 3e-3,
    ) -> None:
        self.scorer = scorer
        self.factor = factor
        self.extra = extra
        self.max_candidates = max_candidates
        self.scans = 0  # rankings from a scan of every member (:meth:`full`)
        self.reused = 0  # rankings proven from a pool (:meth:`reuse` that did not return ``None``)
        scorer.track_changes(rare_ratio)

    def size(self, depth: int) -> int:
        """Members kept in a pool for rankings that look at ``depth`` candidates."""
        return max(self.factor * depth, depth + self.extra)

    def full(self, opportunity: Opportunity, query: Query, depth: int) -> tuple[list[Match], CandidatePool]:
        """The first ``depth`` candidates of a scan of every member, best first, and the pool it leaves."""
        self.scans += 1
        size = self.size(depth)
        ranking: list[Ranked] = []
        scored = self.scorer.score(opportunity, query, limit=size + 1, ranking=ranking)
        outside = scored[size].score if len(scored) > size else -math.inf
        lexical = max((share for _, _, share in ranking[size:]), default=-math.inf)
        kept = frozenset(m.member_id for m in scored[:size])
        scorer = self.scorer
        return scored[:depth], CandidatePool(
            kept, outside, lexical, scorer.change_step, scorer.query_norm(query.text), scorer.config
        )

    def reuse(
        self, opportunity: Opportunity, query: Query, pool: CandidatePool, depth: int
    ) -> tuple[list[Match], CandidatePool] | None:
        """:meth:`full`'s first ``depth`` candidates, from ``pool``; ``None`` where that is not proven."""
        scorer = self.scorer
        drift = scorer.drift_since(pool.step, query.text)
        if drift is None or pool.config is not scorer.config or opportunity.published_by in drift.changed:
            return None
        wanted = (pool.member_ids | drift.changed | drift.holders) & scorer.members.keys()
        if len(wanted) > self.max_candidates:
            return None
        size = self.size(depth)
        ranking: list[Ranked] = []
        matches = scorer.score_members(opportunity, query, sorted(wanted), depth, ranking)
        query_norm = scorer.query_norm(query.text)
        bound, lexical = pool.outside, pool.lexical
        if scorer.config.lexical_weight > 0 and query_norm > 0:
            # only an outside member's lexical share moves, and by at most this factor (matcher.lexical)
            growth = max(1.0, drift.growth * pool.query_norm / query_norm)
            bound += max(lexical, 0.0) * (growth - 1.0)
            lexical *= growth
        if len(ranking) >= depth:
            if ranking[depth - 1][1] <= bound + _ROUNDING:
                return None
        elif bound > -math.inf:
            return None
        if len(ranking) > size:
            bound = max(bound, ranking[size][1])
            lexical = max(lexical, max(share for _, _, share in ranking[size:]))
        outside = bound + _ROUNDING / 10 if bound > -math.inf else bound  # rounding of this round's scores
        lexical = lexical + _ROUNDING / 10 if lexical > -math.inf else lexical
        kept = frozenset(member_id for member_id, _, _ in ranking[:size])
        self.reused += 1
        return matches, CandidatePool(kept, outside, lexical, scorer.change_step, query_norm, scorer.config)
