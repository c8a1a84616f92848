"""Pure functions that pool a member's per-evidence similarities into one affinity."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from matcher.config import Aggregation

__all__ = ["aggregate"]


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
