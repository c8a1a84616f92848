"""Simulated-feedback benchmark: does the re-ranker learn what users want that the scorer does not?

Simulated users answer suggestions on a train half by a hidden preference; the re-ranker's nDCG@10
on the test half is printed as a curve over feedback events (method: docs/TOOLS.md).
``python -m tools.evaluation.feedback_bench --seeds 3`` (``make bench-feedback``).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import defaultdict

import numpy as np

from matcher.components import affinity_room
from matcher.config import ScoringConfig
from matcher.engine import Matchmaker
from matcher.feedback import FeedbackReranker, features, utility
from matcher.scoring import Match, MatchScorer
from models.events import MemberProfile, Opportunity
from tools.evaluation.metrics import holdout_split

__all__ = ["CURVE", "Preference", "graded_ndcg", "run", "simulate"]

CURVE = (0, 50, 200, 1000, 5000)
_K = 10
_NOW = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
_STAGES = ("contacted", "met", "partnered")
_TEMPERATURE = 0.35


class Preference:
    """The simulated users' hidden utility of a scored pair."""

    def __init__(self, cross: float = 1.5, complementary: float = 1.0, sme: float = 0.5) -> None:
        self.cross = cross
        self.complementary = complementary
        self.sme = sme

    def gain(self, match: Match, member: MemberProfile, config: ScoringConfig) -> float:
        """Hidden gain of ``match`` (≥ 0)."""
        relevance = (
            match.components.get("affinity", 0.0) + match.components.get("lexical", 0.0)
        ) / affinity_room(config)
        factor = 1.0 + self.cross * (match.components.get("cross_cluster", 0.0) > 0)
        factor *= 1.0 + self.complementary * (match.components.get("complementarity", 0.0) > 0)
        factor *= 1.0 + self.sme * member.is_sme
        return max(relevance, 0.0) * factor


def graded_ndcg(ranked: list[str], gains: dict[str, float], k: int = _K) -> float:
    """nDCG@k of ``ranked`` under graded ``gains`` (ideal: the best k gains overall)."""
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = sum(gains.get(m, 0.0) * d for m, d in zip(ranked[:k], discounts, strict=False))
    ideal = sorted(gains.values(), reverse=True)[:k]
    best = sum(g * d for g, d in zip(ideal, discounts, strict=False))
    return float(dcg / best) if best > 0 else 0.0


def simulate(
    mm: Matchmaker,
    train: list[Opportunity],
    gains: dict[str, dict[str, float]],
    events: int,
    seed: int,
) -> dict[str, tuple[list[float], list[tuple[str, str]]]]:
    """``events`` answers to train suggestions: suggestion key → (features, answers in order)."""
    rng = np.random.default_rng(seed)
    tops = {o.opportunity_id: mm.scorer.rank(o, _K, min_score=0.0) for o in train}
    shown = [gains[o][m.member_id] for o, top in tops.items() for m in top]
    middle = float(np.log(max(np.median(shown), 1e-6))) if shown else 0.0
    answered: dict[str, tuple[list[float], list[tuple[str, str]]]] = {}
    count = 0
    while count < events:
        opp = train[int(rng.integers(len(train)))]
        top = tops[opp.opportunity_id]
        if not top:
            continue
        bias = 1.0 / np.arange(1, len(top) + 1)
        match = top[int(rng.choice(len(top), p=bias / bias.sum()))]
        key = f"{opp.opportunity_id}|{match.member_id}"
        member = mm.members[match.member_id]
        _, answers = answered.setdefault(
            key, (features(match.components, match.score, match.rank, member), [])
        )
        taste = (np.log(max(gains[opp.opportunity_id][match.member_id], 1e-6)) - middle) / _TEMPERATURE
        p = 0.05 + 0.9 / (1.0 + np.exp(-taste))
        both = True
        for actor in ("member", "cluster"):
            if count >= events:
                break
            yes = bool(rng.random() < p)
            answers.append((actor, "accepted" if yes else "declined"))
            both &= yes
            count += 1
        for stage in _STAGES if both else ():
            if count >= events or rng.random() >= p:
                break
            answers.append(("member", stage))
            count += 1
    return answered


def run(
    mm: Matchmaker,
    opportunities: list[Opportunity],
    curve: tuple[int, ...] = CURVE,
    seed: int = 20260601,
    preference: Preference | None = None,
) -> dict[int, float]:
    """Mean test nDCG@10 after each number of feedback events in ``curve``."""
    preference = preference or Preference()
    gains = {
        o.opportunity_id: {
            m.member_id: preference.gain(m, mm.members[m.member_id], mm.scorer.config)
            for m in mm.scorer.score(o)
        }
        for o in opportunities
    }
    train_ids, test_ids = holdout_split([o.opportunity_id for o in opportunities], seed)
    train = [o for o in opportunities if o.opportunity_id in train_ids]
    test = [o for o in opportunities if o.opportunity_id in test_ids]
    out = {}
    for n in curve:
        if n == 0:
            mm.reranker = None
        else:
            rows, ys, groups = _examples(mm, train, gains, n, seed)
            mm.reranker = FeedbackReranker(random_state=seed).fit(rows, ys, groups=groups)
        scores = [
            graded_ndcg([s.member_id for s in mm.rank(o, _K, 0.0)], gains[o.opportunity_id]) for o in test
        ]
        out[n] = float(np.mean(scores))
    mm.reranker = None
    return out


def _examples(
    mm: Matchmaker, train: list[Opportunity], gains: dict[str, dict[str, float]], n: int, seed: int
) -> tuple[list[list[float]], list[float], list[str]]:
    answered = simulate(mm, train, gains, n, seed)  # the first n events of the same stream
    rows = [row for row, _ in answered.values()]
    groups = [key.split("|", 1)[0] for key in answered]
    return rows, [utility(answers) for _, answers in answered.values()], groups


def main(argv: list[str] | None = None) -> int:
    """Print the nDCG@10 curve (per seed and the mean)."""
    parser = argparse.ArgumentParser(prog="python -m tools.evaluation.feedback_bench")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--horizon", type=int, default=40, help="Horizon Europe topics added")
    args = parser.parse_args(argv)
    from matcher.embedding import MiniLMEncoder, MultilingualUSEEncoder
    from tools.evaluation.cache import DiskCachedEncoder
    from tools.ltcdata import generate_members, load_horizon_topics, member_opportunities, regional_calls

    members = generate_members()
    opportunities = regional_calls() + member_opportunities(members) + load_horizon_topics(limit=args.horizon)
    english, multilingual = DiskCachedEncoder(MiniLMEncoder()), DiskCachedEncoder(MultilingualUSEEncoder())
    mm = Matchmaker(MatchScorer(english, multilingual).fit(members), clock=lambda: _NOW)
    mm.scorer.prefetch([], opportunities)
    english.flush()
    multilingual.flush()
    open_ones = [o for o in opportunities if o.is_open(_NOW.date())]
    curves: dict[int, list[float]] = defaultdict(list)
    print(f"{len(members)} members, {len(open_ones)} open opportunities, encoder {mm.scorer.model_name}")
    for s in range(args.seeds):
        result = run(mm, open_ones, seed=20260601 + s)
        print(f"seed {20260601 + s}: " + "  ".join(f"{n}: {v:.3f}" for n, v in result.items()))
        for n, v in result.items():
            curves[n].append(v)
    print("| feedback events | " + " | ".join(str(n) for n in curves) + " |")
    print("|---|" + "---|" * len(curves))
    print(
        "| test nDCG@10 (mean of seeds) | " + " | ".join(f"{np.mean(v):.3f}" for v in curves.values()) + " |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
