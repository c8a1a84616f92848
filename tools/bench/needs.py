"""What need-level matching costs: one top-k ranking against 10,000 members, a call without needs
and the same call listing 2, 4 and 8 topics, in one run (``python -m tools.bench.needs``);
``--against JSON``: the same with those ``ScoringConfig`` changes, timed in turn with the default.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time

from matcher.config import ScoringConfig
from matcher.scoring import MatchScorer
from models.events import Competency, MemberProfile, Opportunity
from tools.bench.index import StandInEncoder

_WHEN = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)
_TOPICS = (
    "recycling of mixed polymer waste from manufacturing lines",
    "digital twins of the energy use of factories",
    "in-line quality control with machine vision on painted parts",
    "hydrometallurgical recovery of lithium from spent batteries",
    "predictive maintenance of machine tools with vibration sensors",
    "traceability of food supply chains with distributed ledgers",
    "telemonitoring of chronic patients with wearable sensors",
    "route optimisation for electric delivery fleets",
)


def _members(n: int) -> list[MemberProfile]:
    words = " ".join(_TOPICS).split()
    return [
        MemberProfile(
            member_id=f"m-{i:05d}",
            name=f"Member {i}",
            clusters=["AFIL"],
            org_type="company",
            competencies=[
                Competency(text=" ".join(words[(i * 7 + j * 3 + k) % len(words)] for k in range(12)))
                for j in range(5)
            ],
            updated_at=_WHEN,
        )
        for i in range(n)
    ]


def _call(topics: int) -> Opportunity:
    listed = " ".join(f"Topic {t + 1}: {_TOPICS[t]}." for t in range(topics))
    return Opportunity(
        opportunity_id=f"call-{topics}",
        published_by="AFIL",
        kind="call_for_proposals",
        title="Regional call for cross-cluster projects",
        description=f"The region funds collaborative projects on one of the following topics. {listed}",
        updated_at=_WHEN,
    )


def main(argv: list[str] | None = None) -> int:
    """Print the median time of ``score(limit=30)`` per number of topics, and its ratio to none."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--against", type=json.loads, default=None, help="ScoringConfig changes (JSON)")
    args = parser.parse_args(argv)
    members = _members(args.members)
    configs = {"default": ScoringConfig(approximate_min_rows=None)}
    if args.against:
        configs[json.dumps(args.against)] = configs["default"].model_copy(update=args.against)
    scorers = {
        name: MatchScorer(StandInEncoder("en", 384), StandInEncoder("ml", 512), c).fit(members)
        for name, c in configs.items()
    }
    medians: dict[tuple[str, int], float] = {}
    for topics in (0, 2, 4, 8):
        call = _call(topics)
        queries = {name: s.encode_opportunity(call) for name, s in scorers.items()}
        times: dict[str, list[float]] = {name: [] for name in scorers}
        for _ in range(args.repeats):
            for name, scorer in scorers.items():  # in turn, so that load hits both alike
                started = time.perf_counter()
                scorer.score(call, queries[name], limit=30)
                times[name].append(time.perf_counter() - started)
        for name in scorers:
            medians[name, topics] = statistics.median(times[name]) * 1000
            versus = medians[name, topics] / medians["default", topics]
            print(
                f"{name}: {topics} topics ({len(queries[name].needs)} needs): median "
                f"{medians[name, topics]:.1f} ms, {medians[name, topics] / medians[name, 0]:.2f}× its call "
                f"without needs, {versus:.2f}× the default",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
