"""Consortium builder against real consortia (CORDIS H2020 semiconductor, FP7 INRAE).

The builder's team and the scorer's individual top-*k* against each project's real partners
(protocol and metrics: docs/TOOLS.md). ``python -m tools.evaluation.consortium_eval``
(``make eval-consortium``; ``--only h2020|fp7``, ``--limit N``).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from matcher.consortium import ConsortiumBuilder
from matcher.scoring import MatchScorer
from tools.evaluation.cordis import CordisSet, load_fp7, load_h2020, member, opportunity

__all__ = ["TeamResult", "evaluate", "main", "summarise"]

_RESEARCH = ("university", "research_centre")


@dataclass(frozen=True)
class TeamResult:
    """One project, one team size, one method."""

    project: str
    method: str
    k: int
    hits: int
    relevant: int
    mixed: bool


def evaluate(
    scorer: MatchScorer, data: CordisSet, sizes: tuple[int, ...] = (3, 6), projects: list[str] | None = None
) -> list[TeamResult]:
    """Fit ``scorer`` on every organisation, then per project hide it and propose teams of each size."""
    involved = data.projects_of()
    scorer.fit([member(data, org, projs) for org, projs in sorted(involved.items())])
    results = []
    for project in projects or sorted(data.projects):
        partners = data.partners[project]
        described = {o for o in partners if involved[o] - {project}}
        if not described:
            continue
        for org in partners:
            if org in described:
                scorer.add_member(member(data, org, involved[org] - {project}))
            else:
                scorer.remove_member(org)
        call = opportunity(data, project, "overall")
        pool = scorer.score(call, limit=40)
        for k in sizes:
            builder = ConsortiumBuilder(min_size=k, max_size=k, min_gain=0.0, cross_cluster=False)
            team = [m.member_id for m in builder.build(scorer, call, pool).members]
            for method, ids in (
                ("consortium builder", team),
                ("top-k individually", [m.member_id for m in pool[:k]]),
            ):
                types = {data.org_types[m] for m in ids}
                mixed = "company" in types and bool(types & set(_RESEARCH))
                results.append(
                    TeamResult(project, method, k, len(set(ids) & described), len(described), mixed)
                )
        for org in partners:
            scorer.add_member(member(data, org, involved[org]))
    return results


def summarise(name: str, results: list[TeamResult]) -> list[str]:
    """Markdown rows: data set, k, method, mean hits, recall, ≥1 hit, mixed teams, projects."""
    groups: dict[tuple[int, str], list[TeamResult]] = defaultdict(list)
    for r in results:
        groups[(r.k, r.method)].append(r)
    rows = []
    for (k, method), rs in sorted(groups.items()):
        rows.append(
            f"| {name} | {k} | {method} | {np.mean([r.hits for r in rs]):.2f} | "
            f"{np.mean([r.hits / r.relevant for r in rs]):.3f} | {np.mean([r.hits > 0 for r in rs]):.2f} | "
            f"{np.mean([r.mixed for r in rs]):.2f} | {len(rs)} |"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the comparison table for both CORDIS sets."""
    parser = argparse.ArgumentParser(prog="python -m tools.evaluation.consortium_eval")
    parser.add_argument("--only", choices=("h2020", "fp7"), help="one data set")
    parser.add_argument("--limit", type=int, default=None, help="first N projects only (smoke run)")
    args = parser.parse_args(argv)
    from matcher.embedding import MiniLMEncoder, MultilingualUSEEncoder
    from tools.evaluation.cache import DiskCachedEncoder

    english, multilingual = DiskCachedEncoder(MiniLMEncoder()), DiskCachedEncoder(MultilingualUSEEncoder())
    print(
        "| data set | k | team | actual partners in team (mean) | recall | projects with ≥ 1 | "
        "company + research | projects |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, loader in (("h2020", load_h2020), ("fp7", load_fp7)):
        if args.only and args.only != name:
            continue
        started = time.perf_counter()
        data = loader()
        projects = sorted(data.projects)[: args.limit] if args.limit else None
        results = evaluate(MatchScorer(english, multilingual), data, projects=projects)
        english.flush()
        multilingual.flush()
        for row in summarise(data.name, results):
            print(row)
        print(f"<!-- {data.name}: {time.perf_counter() - started:.0f} s -->")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
