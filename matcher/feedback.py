"""Learning from feedback: what a suggestion's answers are worth, and a re-ranker fitted on them.

:func:`utility`, :func:`features` and :class:`FeedbackReranker`; how they weigh answers is in
``docs/SCORING.md``, section ``matcher/feedback.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold, StratifiedKFold, cross_val_predict

from matcher.scoring import Match
from models.events import MemberProfile, Opportunity
from models.exceptions import InvalidEvent
from models.feedback import RerankerModel

__all__ = ["FEATURES", "FeedbackReranker", "features", "utility"]

_STAGE = {"accepted": 1, "contacted": 2, "met": 3, "partnered": 4}
_ORG_TYPES = ("company", "university", "research_centre", "public_body", "other")
FEATURES: tuple[str, ...] = (
    "score",
    "log_score",
    "affinity",
    "lexical",
    "complementary",
    "ecosystems",
    "cross_cluster",
    "log_rank",
    *(f"org_{t}" for t in _ORG_TYPES),
    "sme",
    "n_clusters",
)


def utility(answers: Iterable[tuple[str, str]]) -> float:
    """Value of a suggestion from its (actor, action) answers in time order; 0 means unwelcome.

    Per side, a later answer overrides an earlier decline and vice versa; stages only move on.
    """
    stage: dict[str, int] = {}
    for actor, action in answers:
        if action == "declined":
            stage[actor] = -1
        else:
            stage[actor] = max(stage.get(actor, 0), _STAGE[action])
    if not stage or min(stage.values()) < 0:
        return 0.0
    reciprocal = stage.get("member", 0) > 0 and stage.get("cluster", 0) > 0
    return float(max(stage.values())) * (2.0 if reciprocal else 1.0)


def _ranking_groups(utilities: NDArray[np.float64], groups: Sequence[str] | None) -> list[NDArray[np.int64]]:
    """Row indices per group that holds at least two rows of different utility."""
    if groups is None:
        return []
    by: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        by.setdefault(g, []).append(i)
    rows = [np.array(r, dtype=np.int64) for r in by.values() if len(r) > 1]
    return [r for r in rows if np.ptp(utilities[r]) > 0]


def _best_trust(
    score: NDArray[np.float64],
    proba: NDArray[np.float64],
    utilities: NDArray[np.float64],
    ranked: list[NDArray[np.int64]],
    max_trust: float,
) -> float:
    """The blend weight whose held-out order has the best mean nDCG (utility gains); ties → smaller."""
    best, best_ndcg = 0.0, -1.0
    for trust in np.linspace(0.0, max_trust, 7):
        total = 0.0
        for rows in ranked:
            order = rows[np.argsort(-((1 - trust) * score[rows] + trust * proba[rows]), kind="stable")]
            discounts = 1.0 / np.log2(np.arange(2, len(rows) + 2))
            ideal = float(np.sort(utilities[rows])[::-1] @ discounts)
            total += float(utilities[order] @ discounts) / ideal
        if total / len(ranked) > best_ndcg + 1e-9:
            best, best_ndcg = float(trust), total / len(ranked)
    return best


def features(components: Mapping[str, float], score: float, rank: int, member: MemberProfile) -> list[float]:
    """The re-ranker's view of one suggestion (order as in :data:`FEATURES`)."""
    return [
        score,
        float(np.log(max(score, 1e-3))),
        components.get("affinity", 0.0),
        components.get("lexical", 0.0),
        float(components.get("complementarity", 0.0) > 0),
        components.get("ecosystems", 0.0),
        float(components.get("cross_cluster", 0.0) > 0),
        float(np.log(max(rank, 1))),
        *(float(member.org_type == t) for t in _ORG_TYPES),
        float(member.is_sme),
        float(len(member.clusters)),
    ]


class FeedbackReranker(BaseEstimator):  # type: ignore[misc]
    """Re-ranks the scorer's candidates by ``(1 - trust_) · score + trust_ · P(welcome)``.

    ``trust_`` is 0 (the ranking stays the scorer's) below ``min_examples`` or with fewer than two
    examples of a class. Otherwise the model is judged on held-out answers (3-fold): with
    ``groups`` (each row's opportunity) and at least three opportunities whose answers differ,
    folds hold out whole opportunities and the trust is the blend weight in ``0…max_trust`` whose
    held-out order has the best nDCG of the utilities (0 if none beats the score alone); without,
    it is ``max_trust`` when the held-out predictions rank answers better than the score does
    (weighted ROC AUC, ``validation_auc_`` vs ``score_auc_``, by more than ``min_auc_gain``), else
    0. Either way it is shrunk by ``n / (n + prior)`` for ``n`` examples. ``pool_factor`` says how
    many candidates beyond the top-k it may pull up.
    """

    def __init__(
        self,
        C: float = 1.0,
        prior: float = 100.0,
        max_trust: float = 0.9,
        min_examples: int = 10,
        pool_factor: int = 3,
        min_auc_gain: float = 0.0,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.prior = prior
        self.max_trust = max_trust
        self.min_examples = min_examples
        self.pool_factor = pool_factor
        self.min_auc_gain = min_auc_gain
        self.random_state = random_state

    def fit(
        self,
        X: Sequence[Sequence[float]],
        y: Sequence[float],
        sample_weight: Sequence[float] | None = None,
        groups: Sequence[str] | None = None,
    ) -> FeedbackReranker:
        """Fit on feature rows ``X`` and utilities ``y`` (> 0 = welcomed; weight defaults to the utility).

        ``groups`` (the opportunity of each row) lets the trust be chosen on the ranking itself.
        """
        x = np.asarray(X, dtype=np.float64).reshape(len(y), len(FEATURES))
        utilities = np.asarray(y, dtype=np.float64)
        labels = (utilities > 0).astype(int)
        weights = np.maximum(utilities, 1.0) if sample_weight is None else np.asarray(sample_weight, float)
        self.n_examples_ = len(labels)
        self.mean_ = x.mean(axis=0) if len(x) else np.zeros(len(FEATURES))
        scale = x.std(axis=0) if len(x) else np.ones(len(FEATURES))
        self.scale_ = np.where(scale > 1e-9, scale, 1.0)
        self.coef_ = np.zeros(len(FEATURES))
        self.intercept_ = 0.0
        self.trust_ = 0.0
        self.validation_auc_ = self.score_auc_ = float("nan")
        if len(labels) < self.min_examples or min(np.bincount(labels, minlength=2)) < 2:
            return self
        z = (x - self.mean_) / self.scale_
        model = LogisticRegression(C=self.C, random_state=self.random_state, max_iter=1000)
        ranked = _ranking_groups(utilities, groups)
        if len(ranked) >= 3:  # held out by opportunity: the trust that ranks unseen opportunities best
            cv: Any = GroupKFold(3)
        else:
            cv = StratifiedKFold(
                min(3, int(min(np.bincount(labels)))), shuffle=True, random_state=self.random_state
            )
        try:
            held_out = cross_val_predict(
                model,
                z,
                labels,
                cv=cv,
                groups=groups if len(ranked) >= 3 else None,
                method="predict_proba",
                params={"sample_weight": weights},
            )[:, 1]
        except ValueError:  # a training fold with one class only: too little feedback to judge
            return self
        self.validation_auc_ = float(roc_auc_score(labels, held_out, sample_weight=weights))
        self.score_auc_ = float(roc_auc_score(labels, x[:, 0], sample_weight=weights))
        model.fit(z, labels, sample_weight=weights)
        self.coef_ = model.coef_[0].astype(np.float64)
        self.intercept_ = float(model.intercept_[0])
        shrink = len(labels) / (len(labels) + self.prior)
        if len(ranked) >= 3:
            self.trust_ = shrink * _best_trust(x[:, 0], held_out, utilities, ranked, self.max_trust)
        elif self.validation_auc_ > self.score_auc_ + self.min_auc_gain:
            self.trust_ = shrink * self.max_trust
        return self

    def predict_proba(self, X: Sequence[Sequence[float]]) -> NDArray[np.float64]:
        """P(welcomed) per row (one column, unlike scikit-learn's two: the positive class only)."""
        x = (np.asarray(X, dtype=np.float64).reshape(-1, len(FEATURES)) - self.mean_) / self.scale_
        proba: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-(x @ self.coef_ + self.intercept_)))
        return proba

    def pool(self, top_k: int) -> int:
        """How many scorer candidates to ask for when ``top_k`` are wanted."""
        return top_k * self.pool_factor if self.trust_ > 0 else top_k

    def rerank(
        self, opportunity: Opportunity, matches: list[Match], members: Mapping[str, MemberProfile], top_k: int
    ) -> list[Match]:
        """``matches`` (scorer order) re-ordered by the blend, cut to ``top_k``, ranked from 1."""
        if self.trust_ <= 0 or not matches:
            return matches[:top_k]
        rows = [features(m.components, m.score, m.rank, members[m.member_id]) for m in matches]
        blend = (1 - self.trust_) * np.array([m.score for m in matches]) + self.trust_ * self.predict_proba(
            rows
        )
        order = sorted(range(len(matches)), key=lambda i: (-blend[i], i))[:top_k]
        return [dataclasses.replace(matches[i], rank=r) for r, i in enumerate(order, start=1)]

    def to_model(self, version: int, now: dt.datetime) -> RerankerModel:
        """The fitted state as the public, pickle-free :class:`models.feedback.RerankerModel`."""
        return RerankerModel(
            version=version,
            features=list(FEATURES),
            mean=[float(v) for v in self.mean_],
            scale=[float(v) for v in self.scale_],
            coef=[float(v) for v in self.coef_],
            intercept=self.intercept_,
            trust=self.trust_,
            n_examples=self.n_examples_,
            fitted_at=now,
        )

    @classmethod
    def from_model(cls, model: RerankerModel) -> FeedbackReranker:
        """A fitted re-ranker from a published model (its features must be this version's)."""
        if list(model.features) != list(FEATURES):
            raise InvalidEvent(f"model features {model.features} are not this version's {list(FEATURES)}")
        reranker = cls()
        reranker.mean_ = np.asarray(model.mean, dtype=np.float64)
        reranker.scale_ = np.asarray(model.scale, dtype=np.float64)
        reranker.coef_ = np.asarray(model.coef, dtype=np.float64)
        reranker.intercept_ = model.intercept
        reranker.trust_ = model.trust
        reranker.n_examples_ = model.n_examples
        return reranker
