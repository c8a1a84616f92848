"""Pure functions that pool a member's per-evidence similarities into one affinity."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from matcher.config import Aggregation, ScoringConfig

__all__ = ["aggregate", "breadth", "competency_best", "pooled"]


def aggregate(
    sims: NDArray[np.float32], method: Aggregation, k: int = 3, temperature: float = 0.05
) -> NDArray[np.float32]:
    """Pool each row of ``sims`` (``[members, evidence]``, ``-inf`` where padded) into one value.

    - ``max``: the single best piece of evidence;
    - ``topk_mean``: mean of the best ``k`` (fewer if the member has fewer);
    - ``softmax``: similarity-weighted mean, ``Σ softmax(s / T) · s``, which follows the best
      evidence but rewards a member whose second and third pieces are strong too.
    """
    if sims.shape[0] == 0 or sims.shape[1] == 0:
        return np.zeros(sims.shape[0], dtype=np.float32)
    valid = np.isfinite(sims)
    pooled: NDArray[np.float32]
    if method == "max":
        pooled = sims.max(axis=1).astype(np.float32)
    elif method == "topk_mean":
        top = -np.sort(-sims, axis=1)[:, :k]
        ok = np.isfinite(top)
        pooled = (np.where(ok, top, 0).sum(axis=1) / np.maximum(ok.sum(axis=1), 1)).astype(np.float32)
    elif method == "softmax":
        peak = sims.max(axis=1, keepdims=True)
        weights = np.where(valid, np.exp((np.where(valid, sims, peak) - peak) / temperature), 0.0)
        pooled = ((weights * np.where(valid, sims, 0)).sum(axis=1) / weights.sum(axis=1)).astype(np.float32)
    else:
        raise ValueError(f"unknown aggregation {method!r}")
    return pooled


def competency_best(
    sims: NDArray[np.float32], evidence: NDArray[np.int32]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Per row of ``sims``: each competency's best chunk, as (values, which of them count).

    ``evidence[i, j]`` is the competency behind ``sims[i, j]`` (``-1`` where padded; a 1-D
    ``evidence`` applies to every row). Relevance is clipped to 0..1; ``values[i, j]`` holds one
    competency's best where ``counts[i, j]`` (one entry per competency, padding never), else 0.
    """
    ids = np.broadcast_to(evidence, sims.shape)
    value = np.where(np.isfinite(sims) & (ids >= 0), np.minimum(np.maximum(sims, 0.0), 1.0), 0.0)
    # one sort of one key: the competency, then the best chunk first (relevance is in 0..1)
    key = np.sort(ids + (1.0 - value.astype(np.float64)) * 0.5, axis=-1)
    ids_sorted = np.floor(key)
    first = np.ones(ids_sorted.shape, dtype=bool)
    first[:, 1:] = ids_sorted[:, 1:] != ids_sorted[:, :-1]
    counts = first & (ids_sorted >= 0)
    return np.where(counts, 1.0 - 2.0 * (key - ids_sorted), 0.0), counts


def breadth(sims: NDArray[np.float32], evidence: NDArray[np.int32]) -> NDArray[np.float32]:
    """Per row of ``sims``: the relevance of the member's other pieces of evidence, summed.

    Each competency counts once, with its best chunk (:func:`competency_best`); the best one, which
    the pooled affinity already holds, is left out, and negative relevance counts as 0.
    A member with several relevant projects on a topic is likelier to take part than one with one.
    """
    if sims.shape[0] == 0 or sims.shape[1] == 0:
        return np.zeros(sims.shape[0], dtype=np.float32)
    best, _ = competency_best(sims, evidence)
    total = best.sum(axis=1) - best.max(axis=1)
    out: NDArray[np.float32] = np.maximum(total, 0.0).astype(np.float32)
    return out


def pooled(
    config: ScoringConfig, sims: NDArray[np.float32], evidence: NDArray[np.int32]
) -> NDArray[np.float32]:
    """The dense affinity the score uses: :func:`aggregate` with the configuration's method and, when
    ``evidence_breadth`` (b) is set, the member's other evidence filling ``1 - exp(-b · breadth)`` of
    the room between that and 1: it adds most where the best piece is weak and only nears 1 as the
    sum grows (a linear sum capped at 1 put 4 in 10 of the Horizon top 10s at exactly 1)."""
    cfg = config
    dense = aggregate(sims, cfg.aggregation, cfg.evidence_k, cfg.softmax_temperature)
    if cfg.evidence_breadth > 0:
        room = 1.0 - np.clip(dense, 0.0, 1.0)
        fill = -np.expm1(-cfg.evidence_breadth * breadth(sims, evidence))
        dense = (dense + room * fill).astype(np.float32)
    return dense
