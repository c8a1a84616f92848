"""How far the signals a member profile carries can go on cordis-he-calls: a logistic regression
over them, fitted on the dev half of the calls and scored on the test half
(``python -m tools.evaluation.he_ceiling``; docs/QUALITY.md, fourth pass).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression

from matcher.aggregation import competency_best
from matcher.config import ScoringConfig
from tools.evaluation import hecalls as he
from tools.evaluation.harness import Context, parse_args
from tools.usage import asked_for_help

__all__ = ["FEATURES", "main"]

#: One row per (call, member): what the default score is made of, and what else a profile shows.
FEATURES = (
    "best evidence relevance",
    "mean of the best 3",
    "sum over competencies",
    "lexical relevance",
    "log(1 + competencies)",
    "competencies ≥ 0.3 relevant",
    "competencies ≥ 0.5 relevant",
)


def _features(ctx: Context, data: he.HECalls) -> dict[str, tuple[list[str], NDArray[np.float64]]]:
    """Per call: the member ids and their feature rows (:data:`FEATURES`, then one-hot org type)."""
    config = ScoringConfig(evidence_bonus=0.0, evidence_breadth=0.0)
    scorer = ctx.scorer("minilm", config).fit(data.members)
    org_of = {m.member_id: m.org_type for m in data.members}
    org_types = sorted(set(org_of.values()))
    out = {}
    for q in data.queries:
        scan = scorer.scan(q.opportunity, scorer.encode_opportunity(q.opportunity))
        assert scan.lexical is not None
        best, counts = competency_best(scan.hits.sims, scan.hits.evidence)
        ranked = -np.sort(-best, axis=1)  # each member's competencies, best first (zeros after them)
        n = counts.sum(axis=1)
        ids = scan.hits.member_ids
        org = np.array([[org_of[m] == o for o in org_types] for m in ids], dtype=np.float64)
        table = np.column_stack(
            [
                ranked[:, 0],
                ranked[:, :3].sum(axis=1) / np.minimum(n, 3),
                best.sum(axis=1),
                np.minimum(scan.lexical / config.lexical_saturation, 1.0),
                np.log1p(n),
                (counts & (best >= 0.3)).sum(axis=1),
                (counts & (best >= 0.5)).sum(axis=1),
            ]
        )
        out[q.opportunity.opportunity_id] = (ids, np.hstack([table, org]))
    ctx.flush()
    return out


def main(argv: list[str] | None = None) -> int:
    """Fit on the dev calls, print nDCG@10 (dev / test / companies / company share) per group."""
    if asked_for_help(argv or [], __doc__):
        return 0
    ctx = Context(parse_args([]))
    data = ctx.hecalls_data
    features = _features(ctx, data)
    dev = [q for q in data.queries if q.split == "dev"]
    x = np.vstack([features[q.opportunity.opportunity_id][1] for q in dev])
    y = np.concatenate([[m in q.relevant for m in features[q.opportunity.opportunity_id][0]] for q in dev])
    print(f"run | {he.COLUMNS}")
    runs: dict[str, Callable[[NDArray[np.float64]], NDArray[np.float64]]] = {
        "competencies alone": lambda rows: rows[:, FEATURES.index("log(1 + competencies)")]
    }
    for c in (0.01, 0.1, 1.0):
        runs[f"logistic C={c}"] = LogisticRegression(C=c, max_iter=2000).fit(x, y).decision_function
    for name, rank in runs.items():
        scores = {o: dict(zip(ids, rank(rows).tolist(), strict=True)) for o, (ids, rows) in features.items()}
        print(name, " ".join(f"{v:.3f}" for v in he.columns(scores, data)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
