"""Sharded matching in simulation: members split by Kafka partition, each shard's top-k gathered.

``python -m tools.bench.shards --members 20000 --shards 4 --queries 50`` (one JSON line); the design
it simulates and its figures: docs/SCALING.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Sequence

import numpy as np
from kafka.partitioner.default import murmur2
from numpy.typing import NDArray

from matcher.config import ScoringConfig
from matcher.diversity import mmr_order
from matcher.embedding import CachedEncoder
from matcher.lexical import LexicalIndex, idf_weight
from matcher.scoring import Match, MatchScorer, Query
from models.events import MemberProfile, Opportunity
from tools.bench.index import MEMBERS_PER_SCALE, StandInEncoder, percentile_ms

__all__ = ["GlobalTerms", "ShardedMatcher", "partition_of", "run_shard_bench"]


def partition_of(member_id: str, partitions: int) -> int:
    """The partition Kafka's default partitioner gives this key (murmur2, as the Java client)."""
    return int(murmur2(member_id.encode()) & 0x7FFFFFFF) % partitions


class GlobalTerms:
    """The term statistics of the whole population, which every shard's lexical index scores with.

    In a deployment each shard publishes its document-frequency deltas to a compacted topic that
    every shard follows (2**20 counts, 4 MiB); here the shards' own counts are summed in place.
    """

    def __init__(self, shards: Sequence[MatchScorer]) -> None:
        self.shards = list(shards)
        self.df: NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        self.n = 0
        self.version = 0
        for shard in self.shards:
            shard.lexical_.__class__ = _ShardLexicalIndex
            shard.lexical_.terms = self  # type: ignore[attr-defined]
        self.refresh()

    def refresh(self) -> None:
        """Take the shards' counts again (after members changed anywhere)."""
        self.df = np.sum([s.lexical_._df for s in self.shards], axis=0, dtype=np.int32)
        self.n = sum(len(s.lexical_._docs) for s in self.shards)
        self.version += 1
        for shard in self.shards:  # every cached weight and norm depends on the global IDF
            shard.lexical_._version += 1


class _ShardLexicalIndex(LexicalIndex):
    """A shard's lexical index: its own members' terms, the population's document frequencies."""

    terms: GlobalTerms

    def __len__(self) -> int:
        return self.terms.n

    def document_share(self, terms: Sequence[str]) -> list[float]:
        if not self.terms.n or not terms:
            return [0.0] * len(terms)
        df, n = self.terms.df, self.terms.n
        return [float(df[ids].max()) / n if len(ids) else 0.0 for ids in self._term_ids(terms)]

    def _idf(self) -> NDArray[np.float64]:
        if self._idf_cache is None or self._idf_version != self._version:
            self._idf_cache = idf_weight(self.terms.n, self.terms.df)
            self._idf_squared = None
            self._idf_version = self._version
        return self._idf_cache

    def _idf_at(self, terms: NDArray[np.int32]) -> NDArray[np.float64]:
        if self._idf_cache is not None and self._idf_version == self._version:
            return self._idf_cache[terms]
        return idf_weight(self.terms.n, self.terms.df[terms])


@dataclasses.dataclass
class Gathered:
    """One scatter-gather: the final top-k and what each step cost."""

    matches: list[Match]
    shard_seconds: list[float]
    gather_seconds: float


class ShardedMatcher:
    """Members split over ``len(shards)`` scorers by partition; a top-k is scattered and gathered.

    Each shard returns its best :meth:`MatchScorer.depth` candidates; the gather keeps the best of
    those (ties by member id, as one scorer orders them) and runs the final selection of
    :meth:`MatchScorer.select` (floor, diversity, explanation) with each member's own shard.
    """

    def __init__(self, shards: list[MatchScorer]) -> None:
        self.shards = shards
        self.terms = GlobalTerms(shards)
        self.owner = {m: shard for shard in shards for m in shard.members}

    def rank(self, opportunity: Opportunity, query: Query, top_k: int, min_score: float) -> Gathered:
        """The top ``top_k`` of the whole population for ``opportunity``."""
        depth = self.shards[0].depth(top_k)
        candidates: list[Match] = []
        shard_seconds = []
        for shard in self.shards:  # in a deployment: in parallel, one request per shard
            started = time.perf_counter()
            candidates += shard.score(opportunity, query, limit=depth)
            shard_seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        candidates.sort(key=lambda m: (-m.score, m.member_id))
        matches = self._select(candidates[:depth], query, top_k, min_score)
        return Gathered(matches, shard_seconds, time.perf_counter() - started)

    def _select(self, candidates: list[Match], query: Query, top_k: int, min_score: float) -> list[Match]:
        """:meth:`MatchScorer.select` over members of several shards (each asked about its own)."""
        first = self.shards[0]
        pool = [m for m in candidates if self.owner[m.member_id].admits(query, m, min_score)]
        if first._diversify(top_k) and len(pool) > 1:
            scores = np.array([m.score for m in pool], dtype=np.float32)
            centroids = np.vstack([self.owner[m.member_id]._centroids([m.member_id]) for m in pool])
            kept = [pool[i] for i in mmr_order(scores, centroids, top_k, first.config.mmr_lambda)]
        else:
            kept = pool[:top_k]
        out = [self.owner[m.member_id].finish(m, rank, query) for rank, m in enumerate(kept, start=1)]
        for i, match in enumerate(out):
            passed = [later.member_id for later in out[i + 1 :] if later.score > match.score]
            if passed:
                out[i] = dataclasses.replace(match, above=passed)
        return out


def _scorer(config: ScoringConfig, members: list[MemberProfile]) -> MatchScorer:
    return MatchScorer(
        CachedEncoder(StandInEncoder("stand-in-en", 384, seed=1)),
        CachedEncoder(StandInEncoder("stand-in-ml", 512, seed=2)),
        config,
    ).fit(members)


def build(
    members: list[MemberProfile], shards: int, config: ScoringConfig
) -> tuple[MatchScorer, ShardedMatcher, list[float]]:
    """One scorer holding every member, and ``shards`` scorers holding one partition each (fit seconds)."""
    whole = _scorer(config, members)
    parts: list[list[MemberProfile]] = [[] for _ in range(shards)]
    for member in members:
        parts[partition_of(member.member_id, shards)].append(member)
    fit_seconds, scorers = [], []
    for part in parts:
        started = time.perf_counter()
        scorers.append(_scorer(config, part))
        fit_seconds.append(time.perf_counter() - started)
    return whole, ShardedMatcher(scorers), fit_seconds


def run_shard_bench(members: int, shards: int, queries: int, seed: int = 7) -> dict[str, object]:
    """Top-k of one scorer against the gathered shards on the same members: equality and cost."""
    from tools.ltcdata import generate_members, load_horizon_topics

    population = generate_members(seed=seed, scale=members / MEMBERS_PER_SCALE)[:members]
    opportunities = load_horizon_topics()[:queries]
    config = ScoringConfig(approximate_min_rows=None)
    whole, sharded, fit_seconds = build(population, shards, config)
    same, score_gap = 0, 0.0
    whole_s, shard_s, gather_s = [], [], []
    for opportunity in opportunities:
        query = whole.encode_opportunity(opportunity)
        started = time.perf_counter()
        want = whole.rank(opportunity, query=query, min_score=0.0)
        whole_s.append(time.perf_counter() - started)
        got = sharded.rank(opportunity, query, config.top_k, 0.0)
        shard_s += got.shard_seconds
        gather_s.append(got.gather_seconds)
        same += [(m.member_id, m.rank) for m in got.matches] == [(m.member_id, m.rank) for m in want]
        gaps = [abs(a.score - b.score) for a, b in zip(got.matches, want, strict=False)]
        score_gap = max(score_gap, *gaps, 0.0)
    sizes = [len(s.members) for s in sharded.shards]
    return {
        "members": len(population),
        "shards": shards,
        "members_per_shard": sizes,
        "queries": len(opportunities),
        "identical_top_k": same,
        "max_score_difference": score_gap,
        "whole_p50_ms": round(percentile_ms(whole_s, 50), 2),
        "whole_p99_ms": round(percentile_ms(whole_s, 99), 2),
        "shard_p50_ms": round(percentile_ms(shard_s, 50), 2),
        "shard_p99_ms": round(percentile_ms(shard_s, 99), 2),
        "gather_p50_ms": round(percentile_ms(gather_s, 50), 2),
        "gather_p99_ms": round(percentile_ms(gather_s, 99), 2),
        "shard_fit_s": [round(s, 1) for s in fit_seconds],
        "whole_matrix_mib": round(_nbytes(whole) / 2**20, 1),
        "shard_matrix_mib": [round(_nbytes(s) / 2**20, 1) for s in sharded.shards],
    }


def _nbytes(scorer: MatchScorer) -> int:
    assert scorer.index_ is not None
    return scorer.index_.nbytes + scorer.lexical_.nbytes


def main(argv: list[str] | None = None) -> int:
    """Run one configuration and print its figures as one JSON line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args(argv)
    print(json.dumps(run_shard_bench(args.members, args.shards, args.queries)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
