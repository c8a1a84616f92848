"""Choosing the score-time defaults on the dev halves (``matchmaker eval --only selection``).

A grid of aggregation × lexical weight × lexical saturation, filtered by the cross-language and
targeted-pair guards and ranked on LR-bench and CORDIS dev numbers only (the rule: docs/TOOLS.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from matcher.config import ScoringConfig
from models.events import Notify
from tools.evaluation import cordis as cordis_eval
from tools.evaluation import lrbench as lr
from tools.evaluation.cache import texts_to_embed
from tools.evaluation.crosslingual import evaluate_pairs
from tools.evaluation.metrics import expected_rank1
from tools.evaluation.report import Table
from tools.evaluation.suites import AGGREGATIONS, configure, cordis_sets, describe, load_bench
from tools.evaluation.sweep import score_each, sweep_scores
from tools.ltcdata import generate_members, member_opportunities, targeted_pairs
from tools.ltcdata.crosslingual_pairs import CROSSLINGUAL_PAIRS

if TYPE_CHECKING:
    from tools.evaluation.harness import Context

__all__ = ["grid", "select"]

WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
SATURATIONS = (0.2, 0.3, 0.5)
_DEMO_DAY = dt.date(2026, 6, 1)  # the demo's deadlines are relative to a day; any fixed one will do


def grid() -> dict[str, ScoringConfig]:
    """The candidate configurations by description."""
    out = {}
    for _, agg in AGGREGATIONS:
        for w in WEIGHTS:
            for s in (1.0,) if w == 0 else SATURATIONS:
                config = configure(**agg, lexical_weight=w, lexical_saturation=s)
                out[describe(config)] = config
    return out


def _cordis(ctx: Context, configs: dict[str, ScoringConfig]) -> dict[str, dict[str, float]]:
    """Mean nDCG@10 per configuration over the dev and over the test queries of both sets."""
    sums: dict[str, dict[str, list[float]]] = {s: defaultdict(list) for s in ("dev", "test")}
    for data in cordis_sets(ctx):
        scorer = ctx.scorer("routed", ScoringConfig())
        projects = sorted(data.projects)[: 40 if ctx.quick else None]
        for r in cordis_eval.run_queries(scorer, data, configs, projects, sweep_scores):
            sums["dev" if r.project in data.dev else "test"][r.config].append(r.ndcg)
    return {s: {n: sum(v) / len(v) for n, v in by.items()} for s, by in sums.items()}


def _crosslingual_ok(ctx: Context, configs: dict[str, ScoringConfig]) -> dict[str, bool]:
    """Whether each lexical setting meets the cross-language target (one evidence each: pooling is moot)."""
    pairs = CROSSLINGUAL_PAIRS[:20] if ctx.quick else CROSSLINGUAL_PAIRS
    verdict: dict[tuple[float, float], bool] = {}
    out = {}
    for name, config in configs.items():
        key = (config.lexical_weight, config.lexical_saturation)
        if key not in verdict:
            res = evaluate_pairs(lambda c=config: ctx.scorer("routed", c), pairs)  # type: ignore[misc]
            verdict[key] = res.worst >= 0.95 and res.share_above(Notify().min_score) >= 0.95
        out[name] = verdict[key]
    return out


def _demo_rank1(ctx: Context, configs: dict[str, ScoringConfig]) -> dict[str, float]:
    """Share of the demo's targeted pairs whose member ranks first, per configuration."""
    members = generate_members()
    opportunities = {o.opportunity_id: o for o in member_opportunities(members, today=_DEMO_DAY)}
    pairs = targeted_pairs(members)
    ctx.prewarm(texts_to_embed(members, opportunities.values(), ScoringConfig().max_chunk_words))
    scorer = ctx.scorer("routed", ScoringConfig()).fit(members)
    hits: dict[str, float] = defaultdict(float)
    for opportunity_id, member_id in pairs:
        opportunity = opportunities[opportunity_id]
        query = scorer.encode_opportunity(opportunity)
        for name, scores in score_each(scorer, opportunity, query, configs).items():
            hits[name] += expected_rank1(scores, member_id) / len(pairs)
    return hits


def select(ctx: Context) -> list[Table]:
    """Run the grid and apply the rule; a table of the best candidates and the verdict."""
    configs = grid()
    bench = load_bench(ctx)
    scorer = ctx.scorer("routed", ScoringConfig()).fit(bench.members)
    lr_scores = lr.score_pairs(scorer, bench, configs, sweep_scores)
    lr_res = {n: {s: lr.evaluate(lr_scores[n], bench.subset(s)) for s in ("dev", "test")} for n in configs}
    ndcg = _cordis(ctx, configs)
    ok = _crosslingual_ok(ctx, configs)
    demo = _demo_rank1(ctx, configs)
    eligible = [n for n in configs if ok[n] and demo[n] >= 1.0 - 1e-9]
    by_loss = sorted(eligible, key=lambda n: lr_res[n]["dev"].loss)
    by_ndcg = sorted(eligible, key=lambda n: -ndcg["dev"][n])

    def rank(order: list[str], name: str, value: float, values: dict[str, float]) -> float:
        tied = [i for i, n in enumerate(order) if abs(values[n] - value) <= 1e-9]
        return sum(tied) / len(tied)  # tied configurations share their mean rank

    dev_loss = {n: lr_res[n]["dev"].loss for n in eligible}
    combined = {
        n: (rank(by_loss, n, dev_loss[n], dev_loss) + rank(by_ndcg, n, ndcg["dev"][n], ndcg["dev"])) / 2
        for n in eligible
    }
    ordered = sorted(eligible, key=lambda n: (combined[n], dev_loss[n]))
    table = Table(
        f"Dev-half selection: best 12 of {len(eligible)} eligible configurations ({len(configs)} tried; "
        f"{sum(not ok[n] for n in configs)} fail the cross-language guard, "
        f"{sum(demo[n] < 1 - 1e-9 for n in configs)} the demo guard)",
        [
            "configuration",
            "demo rank-1",
            "mean rank",
            "LR-bench dev loss",
            "CORDIS dev nDCG@10",
            "LR-bench test loss",
            "CORDIS test nDCG@10",
        ],
        command=f"{ctx.command} --only selection",
        notes=[
            f"configured default: {describe(ScoringConfig())}; test columns shown for the record, never used"
        ],
    )
    for n in ordered[:12]:
        table.add(n, demo[n], combined[n], dev_loss[n], ndcg["dev"][n], "", "")
    current = describe(ScoringConfig())
    for label, n in (("→ selected", ordered[0]), ("configured default", current)):
        if n in configs:
            table.add(
                f"{label}: {n}",
                demo[n],
                combined.get(n, "-"),
                lr_res[n]["dev"].loss,
                ndcg["dev"][n],
                lr_res[n]["test"].loss,
                ndcg["test"][n],
            )
    return [table]
