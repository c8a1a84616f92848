"""What need-level matching costs: one top-k ranking against 10,000 members, a call without needs
and the same call listing 2, 4 and 8 topics, in one run (``python -m tools.bench.needs``).
"""

from __future__ import annotations

import argparse
import datetime as dt
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
    args = parser.parse_args(argv)
    config = ScoringConfig(approximate_min_rows=None)
    scorer = MatchScorer(StandInEncoder("en", 384), StandInEncoder("ml", 512), config)
    scorer.fit(_members(args.members))
    medians = {}
    for topics in (0, 2, 4, 8):
        call = _call(topics)
        query = scorer.encode_opportunity(call)
        times = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            scorer.score(call, query, limit=30)
            times.append(time.perf_counter() - started)
        medians[topics] = statistics.median(times) * 1000
        print(
            f"{topics} topics ({len(query.needs)} needs): median {medians[topics]:.1f} ms, "
            f"{medians[topics] / medians[0]:.2f}× the call without needs",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
