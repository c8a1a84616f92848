"""LR-bench (paper-centric) on the matchmaker's own scorer.

Manuscripts are opportunities, experts members whose competencies are their papers; held-out split
by manuscript (mapping: docs/TOOLS.md). Run by ``matchmaker eval --only lrbench``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from matcher.config import ScoringConfig
from matcher.scoring import MatchScorer
from models.events import MemberProfile, Opportunity
from tools.evaluation.metrics import TOL, holdout_split, pairwise_accuracy, weighted_pairwise_loss
from tools.evaluation.sweep import ScoreFn, score_each
from tools.paths import SHARED

__all__ = ["DEFAULT_PATH", "LRBench", "LRItem", "LRResult", "evaluate", "load_lrbench", "score_pairs"]

DEFAULT_PATH = SHARED / "benchmarks" / "lrbench" / "evaluations_pc.json"
_STAMP = "2026-01-01T00:00:00Z"
PUBLISHER = "LRBENCH-EVAL"


@dataclass(frozen=True)
class LRItem:
    """One triple: the manuscript and the two experts, with their familiarity scores."""

    anchor_id: str
    positive: str
    negative: str
    positive_score: int
    negative_score: int

    @property
    def weight(self) -> int:
        """How much this item counts in the loss: the difference in familiarity."""
        return self.positive_score - self.negative_score


@dataclass(frozen=True)
class LRResult:
    """Loss and accuracy over ``n`` items (``ties`` of them scored equal)."""

    loss: float
    accuracy: float
    n: int
    ties: int


@dataclass
class LRBench:
    """The loaded benchmark: items, manuscripts as opportunities, experts as members, the split."""

    items: list[LRItem]
    opportunities: dict[str, Opportunity]
    members: list[MemberProfile]
    dev: set[str]
    test: set[str]

    def subset(self, split: str) -> list[LRItem]:
        """Items of ``"dev"``, ``"test"`` or ``"all"``; or, over all items, ``"easy"`` (the two
        experts' familiarity differs by 2 or more) or ``"hard"`` (it differs by 1)."""
        if split == "all":
            return self.items
        if split in ("easy", "hard"):
            return [item for item in self.items if (item.weight >= 2) == (split == "easy")]
        keep = self.dev if split == "dev" else self.test
        return [item for item in self.items if item.anchor_id in keep]


def _member(author_id: str, papers: Iterable[dict[str, str]]) -> MemberProfile:
    texts = [f"{p['title'].strip()}. {(p.get('abstract') or '').strip()}".strip() for p in papers]
    return MemberProfile.model_validate(
        {
            "member_id": author_id,
            "name": author_id,
            "clusters": ["LRBENCH"],
            "org_type": "university",
            "competencies": [{"text": t, "kind": "publication"} for t in texts if t],
            "updated_at": _STAMP,
        }
    )


def load_lrbench(path: Path = DEFAULT_PATH, seed: int = 20260601, limit: int | None = None) -> LRBench:
    """Read ``evaluations_pc.json``; ``limit`` keeps the first items only (``--quick``)."""
    raw = json.loads(path.read_text(encoding="utf-8"))[:limit]
    items: list[LRItem] = []
    opportunities: dict[str, Opportunity] = {}
    experts: dict[str, MemberProfile] = {}
    for entry in raw:
        anchor = entry["anchor"]
        opportunities[anchor["paper_id"]] = Opportunity.model_validate(
            {
                "opportunity_id": anchor["paper_id"],
                "published_by": PUBLISHER,
                "kind": "partner_search",
                "title": anchor["paper_title"].strip()[:300],
                "description": anchor["abstract"].strip() or anchor["paper_title"],
                "updated_at": _STAMP,
            }
        )
        for side in ("positive", "negative"):
            expert = entry[side]
            experts.setdefault(expert["author_id"], _member(expert["author_id"], expert["papers"]))
        pos, neg = entry["positive"], entry["negative"]
        items.append(
            LRItem(anchor["paper_id"], pos["author_id"], neg["author_id"], pos["score"], neg["score"])
        )
    dev, test = holdout_split([item.anchor_id for item in items], seed)
    return LRBench(items, opportunities, list(experts.values()), dev, test)


def score_pairs(
    scorer: MatchScorer,
    bench: LRBench,
    configs: dict[str, ScoringConfig],
    score_fn: ScoreFn = score_each,
) -> dict[str, dict[str, dict[str, float]]]:
    """``{config: {anchor_id: {member_id: score}}}`` for every manuscript against all fitted experts.

    Each manuscript is embedded once and scored under every configuration through ``score_fn``.
    """
    out: dict[str, dict[str, dict[str, float]]] = {name: {} for name in configs}
    for anchor_id, opportunity in bench.opportunities.items():
        query = scorer.encode_opportunity(opportunity)
        for name, scores in score_fn(scorer, opportunity, query, configs).items():
            out[name][anchor_id] = scores
    return out


def evaluate(scores: dict[str, dict[str, float]], items: list[LRItem]) -> LRResult:
    """Loss / accuracy of precomputed ``scores`` (from :func:`score_pairs`) over ``items``."""
    pos = [scores[i.anchor_id][i.positive] for i in items]
    neg = [scores[i.anchor_id][i.negative] for i in items]
    ties = sum(abs(p - n) <= TOL for p, n in zip(pos, neg, strict=True))
    return LRResult(
        weighted_pairwise_loss(pos, neg, [i.weight for i in items]),
        pairwise_accuracy(pos, neg),
        len(items),
        ties,
    )
