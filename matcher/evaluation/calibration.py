"""Fitting the per-backend ``Calibration(center, scale)`` so both backends' relevances mean the same.

Method (``matchmaker eval --only calibration`` prints every number):

1. **Same labels for both models (Platt scaling).** On the LR-bench *dev* manuscripts, a
   (manuscript, expert) pair is *related* when the expert rated their familiarity 4 or 5, and
   *unrelated* when the expert was drawn (seeded) from the experts of another manuscript. Its
   cosine is the best evidence row's (what the affinity follows). A balanced logistic regression
   of the label on the cosine, ``1 / (1 + exp(-(cos - center) / scale))``, is the calibration:
   relevance 0.5 means "as likely a familiar expert as a random one". Fitted once with MiniLM
   (→ ``english``) and once with USE (→ the English-English part of ``crosslingual``).
2. **The language gap.** The multilingual model scores an Italian–English pair a little lower
   than the same pair in one language. On the hand-written pairs, over shuffled non-pairs
   (``i ≠ j``), ``gap = mean USE(en_i, en_j) − mean USE(it_i, en_j)`` (both orders); the
   ``crosslingual`` center is the USE center minus that gap, the scale is kept.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression

from matcher.config import Calibration, ScoringConfig
from matcher.embedding import Encoder
from matcher.evaluation.lrbench import LRBench
from matcher.scoring import MatchScorer

__all__ = ["CalibrationFit", "best_row_cosines", "fit_calibrations", "language_gap", "platt"]


@dataclass(frozen=True)
class CalibrationFit:
    """Fitted calibrations and the statistics behind them."""

    english: Calibration
    crosslingual: Calibration
    use_monolingual: Calibration
    gap: float
    related: int
    unrelated: int
    auc_english: float
    auc_use: float


def platt(related: NDArray[np.float64], unrelated: NDArray[np.float64]) -> Calibration:
    """Balanced logistic regression of related (1) vs unrelated (0) on one score."""
    x = np.concatenate([related, unrelated])[:, None]
    y = np.concatenate([np.ones(len(related)), np.zeros(len(unrelated))])
    model = LogisticRegression(class_weight="balanced", C=1e6, max_iter=1000).fit(x, y)
    w, b = float(model.coef_[0, 0]), float(model.intercept_[0])
    return Calibration(center=round(-b / w, 3), scale=round(1 / w, 3))


def _auc(related: NDArray[np.float64], unrelated: NDArray[np.float64]) -> float:
    greater = (related[:, None] > unrelated[None, :]).mean()
    ties = (related[:, None] == unrelated[None, :]).mean()
    return float(greater + ties / 2)


def best_row_cosines(
    encoder: Encoder, bench: LRBench, split: str = "dev", per_anchor: int = 3, seed: int = 0
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Best-row cosines of (manuscript, familiar expert) and (manuscript, another manuscript's expert)."""
    scorer = MatchScorer(encoder, None, ScoringConfig()).fit(bench.members)
    assert scorer.index_ is not None
    items = bench.subset(split)
    experts_of: dict[str, set[str]] = {}
    familiar: dict[str, set[str]] = {}
    for item in items:
        experts_of.setdefault(item.anchor_id, set()).update((item.positive, item.negative))
        for expert, score in ((item.positive, item.positive_score), (item.negative, item.negative_score)):
            if score >= 4:
                familiar.setdefault(item.anchor_id, set()).add(expert)
    everyone = sorted({e for experts in experts_of.values() for e in experts})
    rng = random.Random(seed)
    related, unrelated = [], []
    for anchor in sorted(experts_of):
        query = scorer.encode_opportunity(bench.opportunities[anchor]).english
        assert query is not None
        hits = scorer.index_.search(query)
        best = dict(zip(hits.member_ids, hits.sims.max(axis=1), strict=True))
        related += [best[e] for e in sorted(familiar.get(anchor, ()))]
        others = [e for e in everyone if e not in experts_of[anchor]]
        unrelated += [best[e] for e in rng.sample(others, per_anchor)]
    return np.array(related, dtype=np.float64), np.array(unrelated, dtype=np.float64)


def language_gap(use: Encoder, pairs: Sequence[tuple[str, str]]) -> float:
    """Mean USE cosine drop from English–English to Italian–English over shuffled non-pairs."""
    it = use.encode([p[0] for p in pairs])
    en = use.encode([p[1] for p in pairs])
    off = ~np.eye(len(pairs), dtype=bool)
    mono = (en @ en.T)[off].mean()
    cross = np.concatenate([(it @ en.T)[off], (en @ it.T)[off]]).mean()
    return float(mono - cross)


def fit_calibrations(
    minilm: Encoder, use: Encoder, bench: LRBench, pairs: Sequence[tuple[str, str]]
) -> CalibrationFit:
    """Both calibrations, from LR-bench dev (Platt, same labels) and the cross-language pairs (gap)."""
    rel_en, unrel_en = best_row_cosines(minilm, bench)
    rel_use, unrel_use = best_row_cosines(use, bench)
    english = platt(rel_en, unrel_en)
    use_mono = platt(rel_use, unrel_use)
    gap = language_gap(use, pairs)
    crosslingual = Calibration(center=round(use_mono.center - gap, 3), scale=use_mono.scale)
    return CalibrationFit(
        english, crosslingual, use_mono, round(gap, 4), len(rel_en), len(unrel_en),
        _auc(rel_en, unrel_en), _auc(rel_use, unrel_use),
    )
