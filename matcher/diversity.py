"""Diversity in a top-k list: maximal marginal relevance (Carbonell & Goldstein, 1998).

Why and how: ``docs/SCORING.md``, section ``matcher/diversity.py``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["mmr_order"]


def mmr_order(scores: NDArray[np.float32], vectors: NDArray[np.float32], k: int, lambda_: float) -> list[int]:
    """Indices of ``k`` candidates in MMR order; ``vectors`` are unit rows (one per candidate).

    ``lambda_ = 1`` is plain score order; lower values trade score for novelty.
    """
    n = len(scores)
    if n == 0 or k <= 0:
        return []
    if lambda_ >= 1.0:
        return [int(i) for i in np.argsort(-scores, kind="stable")[:k]]
    similarity = vectors @ vectors.T
    chosen: list[int] = []
    redundancy = np.full(n, -np.inf, dtype=np.float32)
    available = np.ones(n, dtype=bool)
    for _ in range(min(k, n)):
        penalty = np.where(np.isfinite(redundancy), redundancy, 0.0)
        value = np.where(available, lambda_ * scores - (1.0 - lambda_) * penalty, -np.inf)
        best = int(np.argmax(value))
        chosen.append(best)
        available[best] = False
        redundancy = np.maximum(redundancy, similarity[best])
    return chosen
