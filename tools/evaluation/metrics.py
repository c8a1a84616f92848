"""Evaluation metrics (pure functions) and the held-out split every benchmark shares.

Equal scores (within ``tol``) are ties, never broken by accident: tie-aware ranking metrics and a
pairwise loss charging a tie half its weight (docs/TOOLS.md).
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection, Hashable, Mapping, Sequence
from typing import TypeVar

__all__ = [
    "TOL",
    "expected_rank1",
    "holdout_split",
    "ndcg_at_k",
    "pairwise_accuracy",
    "recall_at_k",
    "weighted_pairwise_loss",
]

K = TypeVar("K", bound=Hashable)

#: Scores closer than this are a tie (float noise is not a preference). Members described by the
#: same texts get scores up to ~5e-7 apart, depending on the process's memory layout (float32
#: arithmetic, where exactly not found; docs/QUALITY.md, sixth pass), so the tolerance sits above that.
TOL = 1e-6


def weighted_pairwise_loss(
    positive: Sequence[float], negative: Sequence[float], weights: Sequence[float], tol: float = TOL
) -> float:
    """LR-bench loss: ``Σ w·[pos < neg] + Σ (w/2)·[pos ≈ neg]``, over ``Σ w`` (0 perfect, 0.5 constant)."""
    if not len(positive) == len(negative) == len(weights):
        raise ValueError("positive, negative and weights must have the same length")
    total = sum(weights)
    if total <= 0:
        raise ValueError("weights must add up to more than zero")
    loss = 0.0
    for pos, neg, w in zip(positive, negative, weights, strict=True):
        if abs(pos - neg) <= tol:
            loss += w / 2
        elif pos < neg:
            loss += w
    return loss / total


def pairwise_accuracy(positive: Sequence[float], negative: Sequence[float], tol: float = TOL) -> float:
    """Share of pairs ordered strictly right (a tie is not right)."""
    if len(positive) != len(negative) or not positive:
        raise ValueError("need two non-empty sequences of the same length")
    return sum(p - n > tol for p, n in zip(positive, negative, strict=True)) / len(positive)


def _tie_groups(scores: Mapping[K, float], tol: float) -> list[list[K]]:
    """Candidates best first, in groups of equal score."""
    ordered = sorted(scores, key=lambda c: -scores[c])
    groups: list[list[K]] = []
    for cand in ordered:
        if groups and abs(scores[groups[-1][0]] - scores[cand]) <= tol:
            groups[-1].append(cand)
        else:
            groups.append([cand])
    return groups


def _expected_hits(scores: Mapping[K, float], relevant: Collection[K], k: int, tol: float) -> list[float]:
    """Expected number of relevant items at each position ``0..k-1`` under random tie-breaking."""
    hits = [0.0] * k
    start = 0
    for group in _tie_groups(scores, tol):
        if start >= k:
            break
        share = sum(c in relevant for c in group) / len(group)
        for pos in range(start, min(start + len(group), k)):
            hits[pos] = share
        start += len(group)
    return hits


def recall_at_k(scores: Mapping[K, float], relevant: Collection[K], k: int = 10, tol: float = TOL) -> float:
    """Share of ``relevant`` among the best ``k`` of ``scores`` (tie-aware); ``relevant`` non-empty."""
    wanted = set(relevant) & set(scores)
    if not wanted:
        raise ValueError("no relevant candidate among the scored ones")
    return sum(_expected_hits(scores, wanted, k, tol)) / len(wanted)


def ndcg_at_k(scores: Mapping[K, float], relevant: Collection[K], k: int = 10, tol: float = TOL) -> float:
    """Binary-gain nDCG@k (gain 1 at position p discounted by ``1/log2(p+2)``), tie-aware."""
    wanted = set(relevant) & set(scores)
    if not wanted:
        raise ValueError("no relevant candidate among the scored ones")
    hits = _expected_hits(scores, wanted, k, tol)
    dcg = sum(h / math.log2(p + 2) for p, h in enumerate(hits))
    ideal = sum(1 / math.log2(p + 2) for p in range(min(len(wanted), k)))
    return dcg / ideal


def expected_rank1(scores: Mapping[K, float], target: K, tol: float = TOL) -> float:
    """1 if ``target`` alone scores best, ``1/n`` if it ties with ``n-1`` others for best, else 0."""
    best = max(scores.values())
    if scores[target] < best - tol:
        return 0.0
    return 1.0 / sum(1 for s in scores.values() if s >= best - tol)


def holdout_split(keys: Sequence[K], seed: int = 20260601) -> tuple[set[K], set[K]]:
    """Split unique ``keys`` into (dev, test) halves with a fixed seed, whatever their order."""
    unique = sorted(set(keys), key=str)
    random.Random(seed).shuffle(unique)
    half = (len(unique) + 1) // 2
    return set(unique[:half]), set(unique[half:])
