"""Candidate defaults on every benchmark at once (``matchmaker eval --only candidates``): the real
benchmarks made by others first (LR-bench, CORDIS, cordis-he-calls), the team-written guards after.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from matcher.config import ScoringConfig
from models.events import Notify
from tools.evaluation import cordis as cordis_eval
from tools.evaluation import hecalls as he
from tools.evaluation import lrbench as lr
from tools.evaluation.crosslingual import evaluate_pairs
from tools.evaluation.metrics import expected_rank1
from tools.evaluation.report import Table
from tools.evaluation.suites import configure, cordis_sets, load_bench
from tools.evaluation.twins import parity
from tools.ltcdata import generate_members, member_opportunities, targeted_pairs
from tools.ltcdata.crosslingual_pairs import CROSSLINGUAL_PAIRS

if TYPE_CHECKING:
    from tools.evaluation.harness import Context

__all__ = ["CANDIDATES", "COLUMNS", "candidate_rows", "candidates"]

_NO_MAP: dict[str, object] = {"cross_language_gain": 1.0, "cross_language_power": 1.0}
_EVERY_KIND: dict[str, object] = {"evidence_kinds": None}  # the prior before it counted projects only

#: The configurations compared, each the current defaults with a few fields changed.
CANDIDATES: dict[str, dict[str, object]] = {
    name: {"evidence_breadth": 0.0, **changes}  # the rows before breadth (fourth pass) stay as they were
    for name, changes in {
        "before issue 12 (no needs, no prior)": {"max_needs": 0, "evidence_bonus": 0.0, **_NO_MAP},
        "topic needs": {"evidence_bonus": 0.0, **_NO_MAP},
        "topic and sentence needs": {"sentence_needs": True, "evidence_bonus": 0.0, **_NO_MAP},
        "topic needs, whole-text query": {"query_form": "whole", "evidence_bonus": 0.0, **_NO_MAP},
        "topic needs, lexical 0.3": {"lexical_weight": 0.3, "evidence_bonus": 0.0, **_NO_MAP},
        "topic needs, evidence prior 0.05": {**_EVERY_KIND, **_NO_MAP},
        "+ top-2 mean pooling": {"aggregation": "topk_mean", "evidence_k": 2, **_EVERY_KIND, **_NO_MAP},
        "+ cross-language map": dict(_EVERY_KIND),
        "+ cross-language map, top-2 mean pooling": {
            "aggregation": "topk_mean",
            "evidence_k": 2,
            **_EVERY_KIND,
        },
        "+ prior on project evidence only": {},
    }.items()
} | {"+ evidence breadth 0.5 (default)": {}}


def _configs() -> dict[str, ScoringConfig]:
    return {name: configure(**changes) for name, changes in CANDIDATES.items()}


def candidate_rows(
    ctx: Context, configs: dict[str, ScoringConfig], cordis: bool = True
) -> dict[str, list[object]]:
    """Each configuration's row of :data:`COLUMNS` (after the name): real benchmarks, then the guards
    (``cordis=False``: ``-`` in the two CORDIS columns, the slowest ones, for a quicker probe)."""
    rows: dict[str, list[object]] = defaultdict(list)
    bench = load_bench(ctx)
    for name, config in configs.items():
        scorer = ctx.scorer("routed", config).fit(bench.members)
        scores = lr.score_pairs(scorer, bench, {name: config})[name]
        rows[name] += [lr.evaluate(scores, bench.subset(s)).loss for s in ("dev", "test", "all")]
    for cordis_set in cordis_sets(ctx) if cordis else []:
        projects = sorted(cordis_set.projects)[: 40 if ctx.quick else None]
        for name, config in configs.items():
            got = [
                r.ndcg
                for r in cordis_eval.run_queries(
                    ctx.scorer("routed", config), cordis_set, {name: config}, projects
                )
                if r.kind == "overall"
            ]
            rows[name].append(sum(got) / len(got))
    if not cordis:
        for name in configs:
            rows[name] += ["-", "-"]
    data = ctx.hecalls_data
    if ctx.quick:
        data = he.subset(data, 300, 8)
    for name, config in configs.items():
        scorer = ctx.scorer("minilm", config)  # every text is English: the routed scores are MiniLM's
        english, _ = scorer.texts_to_embed(data.members, [q.opportunity for q in data.queries])
        ctx.prewarm(english, ("minilm",))
        rows[name] += he.columns(he.score_all(scorer.fit(data.members), data), data)
        ctx.flush()
    members = generate_members()
    opportunities = {o.opportunity_id: o for o in member_opportunities(members)}
    pairs = targeted_pairs(members)
    cross = CROSSLINGUAL_PAIRS[:20] if ctx.quick else CROSSLINGUAL_PAIRS
    for name, config in configs.items():
        twins = parity(lambda config=config: ctx.scorer("routed", config))  # type: ignore[misc]
        rows[name] += [max(twins.gap.values()), min(twins.rank_agreement.values())]
        res = evaluate_pairs(lambda config=config: ctx.scorer("routed", config), cross)  # type: ignore[misc]
        rows[name] += [res.worst, res.share_above(Notify().min_score)]
        scorer = ctx.scorer("routed", config).fit(members)
        hits = 0.0
        for opportunity_id, member_id in pairs:
            ranked = {m.member_id: m.score for m in scorer.score(opportunities[opportunity_id])}
            hits += expected_rank1(ranked, member_id)
        rows[name].append(f"{hits:.0f}/{len(pairs)}")
    return rows


#: The columns of the candidates table.
COLUMNS = [
    "candidate",
    "LR-bench loss dev",
    "test",
    "all",
    "CORDIS h2020 nDCG@10",
    "CORDIS fp7 nDCG@10",
    "he single dev",
    "he single test",
    "he single companies",
    "he single company share",
    "he multi dev",
    "he multi test",
    "he multi companies",
    "he multi company share",
    "twins gap (worst dir.)",
    "twins rank kept (worst dir.)",
    "it↔en rank-1 (worst)",
    "translations ≥ notify floor",
    "demo pairs at rank 1",
]


def candidates(ctx: Context) -> list[Table]:
    """One row per candidate: real benchmarks (dev / test where split), then the guards."""
    configs = _configs()
    rows = candidate_rows(ctx, configs)
    table = Table(
        "Candidate defaults: benchmarks made by others first, team-written guards after",
        COLUMNS,
        command=f"{ctx.command} --only candidates",
        notes=[
            "LR-bench: weighted pairwise loss (lower is better); CORDIS: overall query kind, all projects; "
            "he = cordis-he-calls nDCG@10 by half of the calls (dev / test), companies = nDCG@10 among "
            "companies only (all calls), company share = companies in the top 10; twins: "
            "tools/ltcdata/twins.py (target gap ≤ 0.05, rank kept ≥ 0.95); it↔en rank-1 and demo pairs "
            "are the team-written guards (tolerance: rank-1 ≥ 0.95, demo pairs within 2 of the best)",
            *he.read_from(ctx),
        ],
    )
    for name in configs:
        table.add(name, *rows[name])
    return [table]
