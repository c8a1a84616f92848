"""The benchmarks as the harness runs them: which scorer variants, on which data, into which tables.

Every variant is the *current* ``ScoringConfig()`` with a few fields changed (``min_score=0``
always, so every member is scored), so the tables always describe what is configured.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ltcdata.crosslingual_pairs import CROSSLINGUAL_PAIRS
from matcher.config import ScoringConfig
from matcher.evaluation import cordis as cordis_eval
from matcher.evaluation import lrbench as lr
from matcher.evaluation.cache import texts_to_embed
from matcher.evaluation.calibration import fit_calibrations
from matcher.evaluation.crosslingual import evaluate_pairs, member_for, opportunity_for
from matcher.evaluation.report import Table
from matcher.evaluation.timing import time_scoring

if TYPE_CHECKING:
    from matcher.evaluation.harness import Context

__all__ = ["Variant", "calibration", "configure", "cordis", "crosslingual", "lrbench", "timing"]

SPLITS = ("dev", "test", "all")
AGGREGATIONS: list[tuple[str, dict[str, Any]]] = [
    ("max", {"aggregation": "max"}),
    ("topk_mean k=2", {"aggregation": "topk_mean", "evidence_k": 2}),
    ("topk_mean k=3", {"aggregation": "topk_mean", "evidence_k": 3}),
    ("softmax T=0.05", {"aggregation": "softmax", "softmax_temperature": 0.05}),
    ("softmax T=0.1", {"aggregation": "softmax", "softmax_temperature": 0.1}),
    ("softmax T=0.2", {"aggregation": "softmax", "softmax_temperature": 0.2}),
    ("softmax T=0.5", {"aggregation": "softmax", "softmax_temperature": 0.5}),
]
LEXICAL_WEIGHTS = (0.1, 0.2, 0.3, 0.4, 0.5)
SATURATIONS = (0.2, 0.3, 0.5, 1.0)


@dataclass(frozen=True)
class Variant:
    """A named scorer: backend (``minilm``, ``use`` or ``routed``) and configuration."""

    name: str
    backend: str
    config: ScoringConfig


def configure(**changes: Any) -> ScoringConfig:
    """The current defaults with ``changes`` (validated), scoring every member (``min_score=0``)."""
    return ScoringConfig.model_validate({**ScoringConfig().model_dump(), "min_score": 0.0, **changes})


def _describe(config: ScoringConfig) -> str:
    agg = {"max": "max", "topk_mean": f"topk_mean k={config.evidence_k}"}.get(
        config.aggregation, f"softmax T={config.softmax_temperature}"
    )
    return f"{agg}, lexical {config.lexical_weight} (saturation {config.lexical_saturation})"


def variants(scope: str) -> list[Variant]:
    """Variants for ``lrbench`` (all), ``cordis`` or ``crosslingual`` (the main ones)."""
    default = ScoringConfig()
    dense = {"lexical_weight": 0.0}
    main = [
        Variant("dense MiniLM", "minilm", configure(**dense)),
        Variant("dense USE", "use", configure(**dense)),
        Variant("lexical TF-IDF", "routed", configure(lexical_weight=1.0, lexical_saturation=1.0)),
    ]
    if scope == "crosslingual":
        return [*main, Variant("routed, dense only", "routed", configure(**dense)), Variant("default", "routed", configure())]
    hybrids = [Variant(f"hybrid, lexical {w}", "routed", configure(lexical_weight=w)) for w in (0.2, 0.3)]
    if scope == "cordis":
        return [*main, *hybrids, Variant("default", "routed", configure())]
    extra = [w for w in LEXICAL_WEIGHTS if w not in (0.2, 0.3)]
    hybrids += [Variant(f"hybrid, lexical {w}", "routed", configure(lexical_weight=w)) for w in extra]
    aggs = [Variant(f"dense MiniLM, {label}", "minilm", configure(**dense, **agg)) for label, agg in AGGREGATIONS]
    aggs += [Variant(f"default, {label}", "routed", configure(**agg)) for label, agg in AGGREGATIONS]
    aggs += [Variant("dense USE, max", "use", configure(**dense, aggregation="max"))]
    note = f"default = {_describe(default)}"
    return [*main, *sorted(hybrids, key=lambda v: v.name), *aggs, Variant(f"default ({note})", "routed", configure())]


def _by_backend(items: Sequence[Variant]) -> dict[str, list[Variant]]:
    groups: dict[str, list[Variant]] = defaultdict(list)
    for v in items:
        groups[v.backend].append(v)
    return groups


def _lr_scores(ctx: Context, bench: lr.LRBench, items: Sequence[Variant]) -> dict[str, dict[str, lr.LRResult]]:
    out: dict[str, dict[str, lr.LRResult]] = {}
    for backend, group in _by_backend(items).items():
        scorer = ctx.scorer(backend, group[0].config).fit(bench.members)
        queries: dict[str, Any] = {}
        for v in group:
            scorer.config = ctx.config_for(backend, v.config)
            scores = lr.score_pairs(scorer, bench, queries)
            out[v.name] = {split: lr.evaluate(scores, bench.subset(split)) for split in SPLITS}
    return out


def _load_bench(ctx: Context) -> lr.LRBench:
    bench = lr.load_lrbench(seed=ctx.seed, limit=60 if ctx.quick else None)
    ctx.prewarm(texts_to_embed(bench.members, bench.opportunities.values(), ScoringConfig().max_chunk_words))
    return bench


def lrbench(ctx: Context) -> list[Table]:
    """Loss / accuracy of every variant on the dev, test and all items (and the dev grid if asked)."""
    bench = _load_bench(ctx)
    results = _lr_scores(ctx, bench, variants("lrbench"))
    sizes = {s: len(bench.subset(s)) for s in SPLITS}
    table = Table(
        "LR-bench: weighted pairwise loss (lower is better) / pairwise accuracy",
        ["variant", *(f"{s} loss" for s in SPLITS), *(f"{s} acc" for s in SPLITS), "ties (all)"],
        command=f"{ctx.command} --only lrbench",
        notes=[
            f"items: dev {sizes['dev']}, test {sizes['test']}, all {sizes['all']} (split by manuscript, "
            f"seed {ctx.seed}); reference (RATE, fine-tuned): loss 0.18 / acc 0.77; target loss ≤ 0.17",
        ],
    )
    for name, res in results.items():
        table.add(name, *(res[s].loss for s in SPLITS), *(res[s].accuracy for s in SPLITS), res["all"].ties)
    tables = [table]
    if ctx.args.select:
        tables.append(_select(ctx, bench))
    return tables


def _select(ctx: Context, bench: lr.LRBench) -> Table:
    grid = [
        Variant(f"{label}, lexical {w} (saturation {s})", "routed", configure(**agg, lexical_weight=w, lexical_saturation=s))
        for label, agg in AGGREGATIONS
        for w in (0.0, *LEXICAL_WEIGHTS)
        for s in ((1.0,) if w == 0 else SATURATIONS)
    ]
    results = _lr_scores(ctx, bench, grid)
    ranked = sorted(results.items(), key=lambda kv: (kv[1]["dev"].loss, -kv[1]["dev"].accuracy))
    current = _describe(ScoringConfig())
    table = Table(
        f"LR-bench dev-half selection: best 12 of {len(grid)} configurations by dev loss (routed scorer)",
        ["configuration", "dev loss", "dev acc", "test loss", "test acc", "all loss", "all acc"],
        command=f"{ctx.command} --only lrbench --select",
        notes=[f"configured default: {current}"],
    )
    for name, res in ranked[:12]:
        table.add(name, res["dev"].loss, res["dev"].accuracy, res["test"].loss, res["test"].accuracy,
                  res["all"].loss, res["all"].accuracy)
    return table
