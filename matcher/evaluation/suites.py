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
from matcher.embedding import MiniLMEncoder, MultilingualUSEEncoder
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


def _cordis_sets(ctx: Context) -> list[cordis_eval.CordisSet]:
    sets = [cordis_eval.load_h2020(seed=ctx.seed), cordis_eval.load_fp7(seed=ctx.seed)]
    texts: list[str] = []
    for data in sets:
        involved = data.projects_of()
        members = [cordis_eval.member(data, org, projects) for org, projects in involved.items()]
        opportunities = [cordis_eval.opportunity(data, p, "overall") for p in data.projects]
        texts += texts_to_embed(members, opportunities, ScoringConfig().max_chunk_words)
    ctx.prewarm(list(dict.fromkeys(texts)))
    return sets


def cordis(ctx: Context) -> list[Table]:
    """Recall@10 / nDCG@10 of each project's real partners, per query kind, split and variant."""
    tables = []
    for data in _cordis_sets(ctx):
        projects = sorted(data.projects)[: 40 if ctx.quick else None]
        rows: list[cordis_eval.QueryResult] = []
        items = variants("cordis")
        for backend, group in _by_backend(items).items():
            scorer = ctx.scorer(backend, group[0].config)
            configs = {v.name: ctx.config_for(backend, v.config) for v in group}
            rows += list(cordis_eval.run_queries(scorer, data, configs, projects))
        tables.append(_cordis_table(ctx, data, rows, [v.name for v in items]))
    return tables


def _cordis_table(
    ctx: Context, data: cordis_eval.CordisSet, rows: list[cordis_eval.QueryResult], names: list[str]
) -> Table:
    kinds = cordis_eval.KINDS
    cells: dict[tuple[str, str, str], list[cordis_eval.QueryResult]] = defaultdict(list)
    for r in rows:
        for split in SPLITS:
            if split == "all" or r.project in (data.dev if split == "dev" else data.test):
                cells[(r.config, split, r.kind)].append(r)
    table = Table(
        f"CORDIS {data.name}: recall@10 / nDCG@10 of the real partners",
        ["variant", "split", *(f"{k} {m}" for k in kinds for m in ("R@10", "nDCG@10"))],
        command=f"{ctx.command} --only cordis",
    )
    for name in names:
        for split in SPLITS:
            values: list[object] = []
            for kind in kinds:
                got = cells[(name, split, kind)]
                values += [sum(r.recall for r in got) / len(got), sum(r.ndcg for r in got) / len(got)] if got else ["-", "-"]
            table.add(name, split, *values)
    first = [r for r in rows if r.config == names[0]]
    for kind in kinds:
        got = [r for r in first if r.kind == kind]
        if got:
            n = {s: len(cells[(names[0], s, kind)]) for s in SPLITS}
            table.notes.append(
                f"{kind}: {n['all']} queries (dev {n['dev']}, test {n['test']}), mean {sum(r.relevant for r in got) / len(got):.1f}"
                f" relevant among {sum(r.candidates for r in got) / len(got):.0f} candidates"
            )
    overall = [r for r in first if r.kind == "overall"]
    seeds = ", ".join(sorted(data.seeds)) or "none"
    table.notes.append(
        f"{len(data.projects)} projects, {len(data.projects_of())} organisations (seed removed: {seeds}); "
        f"{sum(r.dropped for r in overall)} partner slots dropped (no other project to describe them); "
        f"{len(data.projects) - len(overall)} projects without any described partner"
    )
    return table


def crosslingual(ctx: Context) -> list[Table]:
    """Rank-1 of the translation, both directions, plain and mixed pools, per variant."""
    pairs = CROSSLINGUAL_PAIRS[:20] if ctx.quick else CROSSLINGUAL_PAIRS
    ctx.prewarm([t for pair in pairs for t in pair])
    table = Table(
        "Cross-language: share of queries whose translation ranks first",
        ["variant", "it→en", "en→it", "it→mixed", "en→mixed"],
        command=f"{ctx.command} --only crosslingual",
        notes=[
            f"{len(pairs)} hand-written pairs (ltcdata/crosslingual_pairs.py); target ≥ 0.95 for the default. "
            "mixed: the pool also holds the other texts of the query's language (its own left out)"
        ],
    )
    for v in variants("crosslingual"):
        res = evaluate_pairs(lambda v=v: ctx.scorer(v.backend, v.config), pairs)  # type: ignore[misc]
        table.add(v.name, res.it_to_en, res.en_to_it, res.it_to_mixed, res.en_to_mixed)
    return [table]


def calibration(ctx: Context) -> list[Table]:
    """Fit both calibrations on LR-bench dev + the pairs; compare with the configured ones."""
    bench = _load_bench(ctx)
    ctx.prewarm([t for pair in CROSSLINGUAL_PAIRS for t in pair], ("use",))
    fit = fit_calibrations(ctx.minilm, ctx.use, bench, CROSSLINGUAL_PAIRS)
    current = ScoringConfig()
    table = Table(
        "Calibration: fitted vs configured (relevance = 1 / (1 + exp(-(cos - center) / scale)))",
        ["backend", "fitted center", "fitted scale", "configured center", "configured scale", "AUC"],
        command=f"{ctx.command} --only calibration",
        notes=[
            f"Platt scaling on LR-bench dev: {fit.related} related (familiarity ≥ 4) and {fit.unrelated} "
            "unrelated (another manuscript's expert) pairs, best-row cosine",
            f"USE on English pairs: center {fit.use_monolingual.center}, scale {fit.use_monolingual.scale}; "
            f"cross-language gap on shuffled non-pairs: {fit.gap} (subtracted from the center)",
        ],
    )
    table.add("english (MiniLM)", fit.english.center, fit.english.scale, current.english.center,
              current.english.scale, fit.auc_english)
    table.add("crosslingual (USE)", fit.crosslingual.center, fit.crosslingual.scale,
              current.crosslingual.center, current.crosslingual.scale, fit.auc_use)
    return [table]


def timing(ctx: Context) -> list[Table]:
    """Time per opportunity against ``--members`` members × 5 evidence texts (random vectors)."""
    bench = lr.load_lrbench(seed=ctx.seed)
    texts = sorted({" ".join(c.text.split()[:60]) for m in bench.members for c in m.competencies})
    queries = list(bench.opportunities.values())[:20]
    italian = [opportunity_for(f"it{i}", it) for i, (it, _) in enumerate(CROSSLINGUAL_PAIRS[:20])]
    members = 2_000 if ctx.quick else ctx.args.members
    table = Table(
        f"Scoring time per opportunity: {members:,} members × 5 evidence texts",
        ["opportunity", "index rows", "score all (median ms)", "p95 ms", "rank top-k (ms)", "build (s)", "embed query (ms)"],
        command=f"{ctx.command} --only timing",
        notes=["index of random unit vectors (384 + 512 dims); real evidence texts for the lexical part; "
               "embed query = MiniLM + USE on a real opportunity, uncached; 2 CPU cores"],
    )
    groups = {"English (MiniLM + USE rows)": queries, "Italian (USE rows only)": italian}
    encoders = (MiniLMEncoder(), MultilingualUSEEncoder())
    for res in time_scoring(texts, groups, configure(), members, 5, encoders):
        table.add(res.label, res.rows, res.score_ms, res.score_p95_ms, res.rank_ms, res.build_s, res.embed_ms or "-")
    return [table]
