"""Horizon Europe calls → the Italian organisations that took part (``../shared/data/cordis-he-calls``):
single topics and multi-topic calls, nDCG@10 / recall@10 overall and among companies, by topic half.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from matcher.scoring import MatchScorer
from models.events import MemberProfile, Opportunity
from tools.evaluation.metrics import holdout_split, ndcg_at_k, recall_at_k
from tools.evaluation.report import Table
from tools.paths import SHARED

if TYPE_CHECKING:
    from tools.evaluation.harness import Context
    from tools.evaluation.suites import Variant

__all__ = [
    "COLUMNS", "FILES", "HECalls", "Query", "columns", "evaluate", "hecalls", "is_development",
    "listed_first", "load_hecalls", "read_from", "score_all", "subset",
]  # fmt: skip

T = TypeVar("T")
DATA = SHARED / "data" / "cordis-he-calls"
#: What a cordis-he-calls folder holds (``matchmaker eval --hecalls DIR`` reads another one, e.g. the
#: held-out half of the topics).
FILES = ("members.jsonl", "opportunities.jsonl", "qrels.json", "bundles.jsonl", "bundles_qrels.json")
SEED = 20260601


@dataclass(frozen=True)
class Query:
    """One call (a single topic or a multi-topic call), who took part, and its half of the split."""

    opportunity: Opportunity
    relevant: frozenset[str]
    group: str  # "single topics" | "multi-topic calls"
    split: str  # "dev" | "test"


@dataclass(frozen=True)
class HECalls:
    """The members and every query with a relevant member."""

    members: list[MemberProfile]
    queries: list[Query]

    @property
    def companies(self) -> frozenset[str]:
        """Members whose CORDIS activity type is a private company."""
        return frozenset(m.member_id for m in self.members if m.org_type == "company")


def _parsed(path: Path, parse: Callable[[str], T]) -> list[T]:
    """``parse`` of every non-blank line of ``path``; a line that is not JSON or not the contract is
    a ``ValueError`` that names the file and the line."""
    out = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    out.append(parse(line))
                except (ValueError, AttributeError) as error:  # pydantic's ValidationError is a ValueError
                    raise ValueError(f"{path}, line {number}: {error}") from error
    return out


def _opportunity(line: str) -> Opportunity:
    return Opportunity.model_validate({k: v for k, v in json.loads(line).items() if k != "topics"})


def _qrels(path: Path) -> dict[str, list[str]]:
    try:
        qrels = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from error
    if not isinstance(qrels, dict) or not all(isinstance(ids, list) for ids in qrels.values()):
        raise ValueError(f"{path}: not an object of lists of member ids")
    return qrels


def is_development(directory: Path) -> bool:
    """Whether ``directory`` is this project's cordis-he-calls folder (the development half)."""
    return directory.resolve() == DATA.resolve()


def read_from(ctx: Context) -> list[str]:
    """A table note naming the folder read, when it is not the development half (``--hecalls``)."""
    if is_development(ctx.hecalls_dir):
        return []
    return [f"cordis-he-calls read from {ctx.hecalls_dir} (--hecalls), not the development half"]


def load_hecalls(seed: int = SEED, directory: Path = DATA) -> HECalls:
    """Members, single topics and multi-topic calls of ``directory`` (:data:`FILES`), each group
    split into dev and test by its own ids with ``seed``. A malformed file is a ``ValueError``
    naming it (and the line)."""
    members = _parsed(directory / "members.jsonl", MemberProfile.model_validate_json)
    queries = []
    for group, file, qrels_file in (
        ("single topics", "opportunities.jsonl", "qrels.json"),
        ("multi-topic calls", "bundles.jsonl", "bundles_qrels.json"),
    ):
        qrels = _qrels(directory / qrels_file)
        opportunities = [o for o in _parsed(directory / file, _opportunity) if qrels.get(o.opportunity_id)]
        dev, _ = holdout_split([o.opportunity_id for o in opportunities], seed)
        for o in opportunities:
            split = "dev" if o.opportunity_id in dev else "test"
            queries.append(Query(o, frozenset(qrels[o.opportunity_id]), group, split))
    return HECalls(members, queries)


def evaluate(
    scores: Mapping[str, Mapping[str, float]], data: HECalls, queries: Sequence[Query] | None = None
) -> dict[str, float]:
    """Mean nDCG@10, recall@10, company nDCG@10 and company share of the top 10 over ``queries``.

    ``scores`` maps each opportunity id to every scored member's score; members a run did not score
    count as tied below the rest (the metrics are tie-aware).
    """
    companies = data.companies
    ndcg, recall, company_ndcg, share = [], [], [], []
    for q in queries if queries is not None else data.queries:
        by = dict(scores[q.opportunity.opportunity_id])
        floor = min(by.values(), default=0.0) - 1.0
        by.update({m.member_id: floor for m in data.members if m.member_id not in by})
        ndcg.append(ndcg_at_k(by, q.relevant, 10))
        recall.append(recall_at_k(by, q.relevant, 10))
        if q.relevant & companies:
            only = {m: s for m, s in by.items() if m in companies}
            company_ndcg.append(ndcg_at_k(only, q.relevant & companies, 10))
        top = sorted(by, key=lambda m: (-by[m], m))[:10]
        share.append(sum(m in companies for m in top) / 10)

    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else float("nan")

    return {
        "ndcg": mean(ndcg),
        "recall": mean(recall),
        "company_ndcg": mean(company_ndcg),
        "company_share": mean(share),
    }


#: What :func:`columns` returns, in order.
COLUMNS = "he single dev / test / companies / company share | he multi dev / test / companies / company share"


def columns(scores: Mapping[str, Mapping[str, float]], data: HECalls) -> list[float]:
    """The eight figures every probe prints (:data:`COLUMNS`): for single topics, then multi-topic
    calls, nDCG@10 on the dev and the test half, and over both halves nDCG@10 among companies and
    the company share of the top 10."""
    cells: list[float] = []
    for group in ("single topics", "multi-topic calls"):
        queries = [q for q in data.queries if q.group == group]
        cells += [
            evaluate(scores, data, [q for q in queries if q.split == s])["ndcg"] for s in ("dev", "test")
        ]
        overall = evaluate(scores, data, queries)
        cells += [overall["company_ndcg"], overall["company_share"]]
    return cells


def subset(data: HECalls, members: int, every: int) -> HECalls:
    """The first ``members`` members, every ``every``-th query that still has one of them (smoke runs)."""
    kept = data.members[:members]
    ids = {m.member_id for m in kept}
    queries = [
        Query(q.opportunity, q.relevant & ids, q.group, q.split)
        for q in data.queries[::every]
        if q.relevant & ids
    ]
    return HECalls(kept, queries)


def score_all(scorer: MatchScorer, data: HECalls) -> dict[str, dict[str, float]]:
    """Every eligible member's score for every query, through the scorer's real path."""
    return {
        q.opportunity.opportunity_id: {m.member_id: m.score for m in scorer.score(q.opportunity)}
        for q in data.queries
    }


def listed_first(scorer: MatchScorer, data: HECalls, top_k: int = 10) -> dict[str, dict[str, float]]:
    """What a user sees: each query's suggestion list (``MatchScorer.rank``: floors, the evidence
    rule, diversity), in its order, above every other eligible member in score order."""
    out = {}
    for q in data.queries:
        query = scorer.encode_opportunity(q.opportunity)
        matches = scorer.score(q.opportunity, query)
        scores = {m.member_id: m.score for m in matches}
        listed = scorer.select(matches, query, top_k)  # what rank() does, on the same scan
        above = max(scores.values(), default=0.0) + 1.0
        for place, match in enumerate(listed):
            scores[match.member_id] = above + len(listed) - place
        out[q.opportunity.opportunity_id] = scores
    return out


def popularity(data: HECalls) -> dict[str, dict[str, float]]:
    """The README's text-blind reference: members by how many single topics they took part in (labels)."""
    counts = Counter(m for q in data.queries if q.group == "single topics" for m in q.relevant)
    flat = {m.member_id: float(counts.get(m.member_id, 0)) for m in data.members}
    return {q.opportunity.opportunity_id: flat for q in data.queries}


def hecalls(ctx: Context, variants: Sequence[Variant]) -> list[Table]:
    """One table per group (single topics, multi-topic calls): each variant on dev, test and all."""
    data = ctx.hecalls_data
    if ctx.quick:
        data = subset(data, 300, 8)
    runs: dict[str, dict[str, dict[str, float]]] = {"popularity (reads the labels)": popularity(data)}
    for variant in variants:
        scorer = ctx.scorer(variant.backend, variant.config)
        english, multilingual = scorer.texts_to_embed(data.members, [q.opportunity for q in data.queries])
        ctx.prewarm(english, ("minilm",))
        if multilingual:
            ctx.prewarm(multilingual, ("use",))
        runs[variant.name] = score_all(scorer.fit(data.members), data)
        if variant.name == "default":
            runs["default, as users see it (its top-10 list first)"] = listed_first(scorer, data)
        ctx.flush()
    tables = []
    for group in ("single topics", "multi-topic calls"):
        queries = [q for q in data.queries if q.group == group]
        table = Table(
            f"cordis-he-calls, {group}: the organisations that took part",
            [
                "variant",
                "dev nDCG@10",
                "test nDCG@10",
                "all nDCG@10",
                "all R@10",
                "companies nDCG@10 (all)",
                "company share of top 10",
            ],
            command=f"{ctx.command} --only hecalls",
        )
        for name, scores in runs.items():
            figures = {
                s: evaluate(scores, data, [q for q in queries if q.split == s]) for s in ("dev", "test")
            }
            overall = evaluate(scores, data, queries)
            table.add(
                name,
                figures["dev"]["ndcg"],
                figures["test"]["ndcg"],
                overall["ndcg"],
                overall["recall"],
                overall["company_ndcg"],
                overall["company_share"],
            )
        dev = sum(q.split == "dev" for q in queries)
        table.notes = [
            f"{len(queries)} queries ({dev} dev / {len(queries) - dev} test, split by id, "
            f"seed {ctx.seed}); "
            f"{len(data.members)} members; relevant = members in a funded project of the call; binary, "
            "tie-aware; members not scored (ineligible) count as tied last; size is unknown for every "
            "member, so the company share stands in for the SME share",
            *read_from(ctx),
        ]
        tables.append(table)
    return tables
