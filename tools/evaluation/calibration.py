"""Fitting the per-backend ``Calibration(center, scale)`` so both backends' relevances mean the same.

``matchmaker eval --only calibration`` fits and prints every number. Method (Platt scaling on
LR-bench dev for English, a two-anchor map on the hand-written pairs across languages): docs/TOOLS.md.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression

from matcher.config import Calibration, ScoringConfig
from matcher.embedding import Encoder
from matcher.scoring import MatchScorer
from tools.evaluation.lrbench import LRBench
from tools.evaluation.report import Table
from tools.evaluation.suites import load_bench
from tools.ltcdata.crosslingual_pairs import CROSSLINGUAL_PAIRS, PAIRS_BY_DOMAIN

if TYPE_CHECKING:
    from tools.evaluation.harness import Context

__all__ = [
    "CalibrationFit",
    "anchors",
    "best_row_cosines",
    "calibration_tables",
    "fit_calibrations",
    "platt",
]


@dataclass(frozen=True)
class CalibrationFit:
    """Fitted calibrations and the statistics behind them."""

    english: Calibration
    crosslingual: Calibration
    use_lrbench: Calibration
    related: int
    unrelated: int
    auc_english: float
    auc_use: float
    anchors: dict[str, float]


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


def anchors(
    minilm: Encoder, use: Encoder, pairs: Sequence[tuple[str, str]], domains: Sequence[str]
) -> dict[str, float]:
    """Mean cosines of the two anchors (and same-domain non-pairs, for the record) per backend."""
    it, en = use.encode([p[0] for p in pairs]), use.encode([p[1] for p in pairs])
    mini = minilm.encode([p[1] for p in pairs])
    labels = np.array(domains)
    off = ~np.eye(len(pairs), dtype=bool)
    other = labels[:, None] != labels[None, :]
    same = (labels[:, None] == labels[None, :]) & off
    english = mini @ mini.T
    cross = np.concatenate([(it @ en.T), (en @ it.T)], axis=0)
    return {
        "minilm_unrelated": float(english[other].mean()),
        "minilm_same_domain": float(english[same].mean()),
        "use_unrelated": float(cross[np.vstack([other, other])].mean()),
        "use_same_domain": float(cross[np.vstack([same, same])].mean()),
        "use_translation": float(np.diag(it @ en.T).mean()),
        "use_translation_min": float(np.diag(it @ en.T).min()),
        "minilm_nonpair_p99": float(np.percentile(english[off], 99)),
        "use_nonpair_p99": float(np.percentile(cross[np.vstack([off, off])], 99)),
    }


def _pull_back(english: Calibration, a: dict[str, float]) -> Calibration:
    """The calibration of USE cosines ``u`` equal to ``english`` at MiniLM cosine ``slope * u + shift``."""
    slope = (1.0 - a["minilm_unrelated"]) / (a["use_translation"] - a["use_unrelated"])
    shift = a["minilm_unrelated"] - slope * a["use_unrelated"]
    return Calibration(
        center=round((english.center - shift) / slope, 3), scale=round(english.scale / slope, 3)
    )


def fit_calibrations(
    minilm: Encoder, use: Encoder, bench: LRBench, pairs: Sequence[tuple[str, str]], domains: Sequence[str]
) -> CalibrationFit:
    """Both calibrations: English by Platt on LR-bench dev, cross-language pulled back through the pairs."""
    rel_en, unrel_en = best_row_cosines(minilm, bench)
    rel_use, unrel_use = best_row_cosines(use, bench)
    english = platt(rel_en, unrel_en)
    found = anchors(minilm, use, pairs, domains)
    return CalibrationFit(
        english,
        _pull_back(english, found),
        platt(rel_use, unrel_use),
        len(rel_en),
        len(unrel_en),
        _auc(rel_en, unrel_en),
        _auc(rel_use, unrel_use),
        found,
    )


def calibration_tables(ctx: Context) -> list[Table]:
    """Fit both calibrations (LR-bench dev + the pairs); compare with the configured ones."""
    bench = load_bench(ctx)
    ctx.prewarm([t for pair in CROSSLINGUAL_PAIRS for t in pair])
    domains = [d for d, pairs in PAIRS_BY_DOMAIN.items() for _ in pairs]
    fit = fit_calibrations(ctx.minilm, ctx.use, bench, CROSSLINGUAL_PAIRS, domains)
    current = ScoringConfig()
    table = Table(
        "Calibration: fitted vs configured (relevance = 1 / (1 + exp(-(cos - center) / scale)))",
        ["backend", "fitted center", "fitted scale", "configured center", "configured scale", "LR-bench AUC"],
        command=f"{ctx.command} --only calibration",
        notes=[
            f"english: Platt scaling on LR-bench dev, {fit.related} related (familiarity ≥ 4) and "
            f"{fit.unrelated} "
            "unrelated (another manuscript's expert) pairs, best-row cosine",
            "crosslingual: the english calibration pulled back through the map USE it↔en cosine → "
            "MiniLM en↔en "
            "cosine fixed by two anchors on the hand-written pairs (unrelated: other-domain non-pairs; same "
            "content: translation = identical text)",
            f"for reference, USE's own Platt fit on LR-bench: center {fit.use_lrbench.center}, scale "
            f"{fit.use_lrbench.scale} (long abstracts: not the regime of competency texts)",
        ],
    )
    table.add(
        "english (MiniLM)",
        fit.english.center,
        fit.english.scale,
        current.english.center,
        current.english.scale,
        fit.auc_english,
    )
    table.add(
        "crosslingual (USE)",
        fit.crosslingual.center,
        fit.crosslingual.scale,
        current.crosslingual.center,
        current.crosslingual.scale,
        fit.auc_use,
    )
    a = fit.anchors
    check = Table(
        "Calibration check on the hand-written pairs: cosine → relevance under the configured calibrations",
        ["pairs", "MiniLM en↔en cosine", "relevance", "USE it↔en cosine", "relevance"],
        command=f"{ctx.command} --only calibration",
        notes=[
            "same content: MiniLM sees the identical English text (cosine 1), USE the Italian translation"
        ],
    )
    for label, m, u in (
        ("same content (mean)", 1.0, a["use_translation"]),
        ("same content (weakest translation)", 1.0, a["use_translation_min"]),
        ("non-pairs, 99th percentile", a["minilm_nonpair_p99"], a["use_nonpair_p99"]),
        ("same domain, different need (mean)", a["minilm_same_domain"], a["use_same_domain"]),
        ("different domains (mean)", a["minilm_unrelated"], a["use_unrelated"]),
    ):
        check.add(label, m, _relevance(m, current.english), u, _relevance(u, current.crosslingual))
    return [table, check]


def _relevance(cosine: float, cal: Calibration) -> float:
    return float(1.0 / (1.0 + math.exp(-(cosine - cal.center) / cal.scale)))
