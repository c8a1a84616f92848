"""What keeping rankings and consortia current costs per member change, at N members x M open calls.

``PYTHONPATH=. python -m tools.bench.current_state --members 10000 --opportunities 500 --changes 60``;
stand-in encoders (deterministic, no model) as in the other engine benches; method: docs/TOOLS.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from matcher.config import ScoringConfig
from matcher.consortium import ConsortiumBuilder
from matcher.embedding import CachedEncoder
from matcher.engine import Matchmaker
from matcher.scoring import MatchScorer
from models.events import MemberProfile, Opportunity
from streams.codec import Record, Tombstone, encode
from streams.processors.consortium import ConsortiumKeeper
from streams.processors.current import Keeper, Update
from streams.processors.rankings import RankingKeeper
from streams.service import MatchService, Outcome
from streams.settings import Settings
from tools.bench.index import StandInEncoder
from tools.bench.load import make_data
from tools.bench.runtime import EVERY_MEMBER_SCORING

__all__ = ["main", "run_current_state_bench"]

TOPICS = Settings(topic_prefix="bench").topics


class _Bench:
    """The service and both keepers wired as a worker wires them, without Kafka."""

    def __init__(self, members: list[MemberProfile], consortia: bool) -> None:
        scorer = MatchScorer(
            CachedEncoder(StandInEncoder("stand-in-en", 384, seed=1)),
            CachedEncoder(StandInEncoder("stand-in-ml", 512, seed=2)),
            ScoringConfig.model_validate(EVERY_MEMBER_SCORING),  # full top-k lists, as a bench worker
        ).fit(members)
        self.service = MatchService(Matchmaker(scorer), TOPICS, 10**7)
        self.keepers: dict[str, Keeper] = {"rankings": RankingKeeper(self.service.matchmaker)}
        if consortia:
            self.keepers["consortia"] = ConsortiumKeeper(self.service.matchmaker, ConsortiumBuilder())
        self.touched: dict[str, set[str]] = {name: set() for name in self.keepers}
        self.service.listeners.append(self._listen)
        self.offset = 0

    def _listen(self, record: Record, event: object, outcome: Outcome) -> None:
        for name, keeper in self.keepers.items():
            if isinstance(event, Opportunity):
                self.touched[name].add(event.opportunity_id)
            elif isinstance(event, MemberProfile):
                self.touched[name] |= keeper.touched(event.member_id, outcome.suggestions)
            elif isinstance(event, Tombstone):
                self.touched[name] |= keeper.touched(event.key, outcome.suggestions)

    def apply(self, topic: str, key: str, value: MemberProfile | Opportunity | None) -> float:
        """Seconds the matchmaker took for one event."""
        self.offset += 1
        started = time.perf_counter()
        self.service.handle(
            Record(topic, 0, self.offset, key.encode(), None if value is None else encode(value))
        )
        return time.perf_counter() - started

    def settle(self) -> dict[str, tuple[float, list[Update], int]]:
        """Per keeper: seconds, the updates it publishes, opportunities it looked at."""
        out = {}
        for name, keeper in self.keepers.items():
            ids, self.touched[name] = sorted(self.touched[name]), set()
            started = time.perf_counter()
            updates = [u for u in (keeper.reconcile(oid, None) for oid in ids) if u is not None]
            out[name] = (time.perf_counter() - started, updates, len(ids))
        return out


def _ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "mean_ms": round(statistics.mean(values) * 1000, 2),
        "median_ms": round(statistics.median(values) * 1000, 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 2),
    }


def run_current_state_bench(
    members: int, opportunities: int, changes: int, consortia: bool = True, echo: Callable[[str], Any] = print
) -> dict[str, Any]:
    """Open ``opportunities`` calls over ``members``, then time ``changes`` member changes (joins, edits,
    erasures): the matchmaker's own time, each keeper's, and what each change publishes."""
    started = time.perf_counter()
    data = make_data(members, opportunities, 0, 0, changes, "current")
    bench = _Bench(data.members, consortia)
    for o in data.open_opportunities:
        bench.apply(TOPICS.opportunities, o.opportunity_id, o)
    mm = bench.service.matchmaker
    mm.scorer.prefetch(data.update_mix, [])  # the models' share is not what this measures
    opened = time.perf_counter()
    initial = bench.settle()
    echo(
        f"{len(mm.members)} members, {len(mm.opportunities)} open opportunities; set up in "
        f"{opened - started:.0f}s, first publication in {time.perf_counter() - opened:.1f}s "
        + ", ".join(f"{name}: {len(u)} values" for name, (_, u, _) in initial.items())
    )
    rng = random.Random(7)
    erasures = rng.sample(sorted(mm.members), max(1, changes // 5))
    events: list[tuple[str, str, MemberProfile | None]] = [
        ("edit" if e.member_id in mm.members else "join", e.member_id, e) for e in data.update_mix
    ]
    events += [("erase", member_id, None) for member_id in erasures]
    rng.shuffle(events)
    rows: dict[str, dict[str, list[float]]] = {}
    for kind, key, value in events:
        matching = bench.apply(TOPICS.members, key, value)
        row = rows.setdefault(kind, {"matching_s": []})
        row["matching_s"].append(matching)
        for name, (seconds, updates, looked) in bench.settle().items():
            row.setdefault(f"{name}_s", []).append(seconds)
            row.setdefault(f"{name}_looked", []).append(looked)
            values = [u for u in updates if u.changed and u.current is not None]
            row.setdefault(f"{name}_values", []).append(len(values))
            row.setdefault(f"{name}_tombstones", []).append(sum(u.current is None for u in updates))
            row.setdefault(f"{name}_retractions", []).append(sum(len(u.retractions) for u in updates))
    result: dict[str, Any] = {
        "members": len(mm.members),
        "open_opportunities": len(mm.opportunities),
        "encoder": "stand-in (tools.bench.index.StandInEncoder), not the real models",
        "by_change": {},
    }
    for kind, row in sorted(rows.items()):
        figures: dict[str, Any] = {"n": len(row["matching_s"]), "matching": _ms(row["matching_s"])}
        for name in bench.keepers:
            figures[name] = {
                **_ms(row[f"{name}_s"]),
                "looked_at_mean": round(statistics.mean(row[f"{name}_looked"]), 2),
                "values_per_change": round(statistics.mean(row[f"{name}_values"]), 2),
                "tombstones_per_change": round(statistics.mean(row[f"{name}_tombstones"]), 2),
                "retractions_per_change": round(statistics.mean(row[f"{name}_retractions"]), 2),
            }
        result["by_change"][kind] = figures
        parts = "; ".join(
            f"{name} {f['mean_ms']:.1f} ms, looked at {f['looked_at_mean']}, published "
            f"{f['values_per_change']} values + {f['retractions_per_change']} retractions"
            for name, f in ((n, figures[n]) for n in bench.keepers)
        )
        echo(f"{kind:5s} n={figures['n']:3d}: matching {figures['matching']['mean_ms']:.1f} ms; {parts}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--opportunities", type=int, default=500)
    parser.add_argument("--changes", type=int, default=60, help="joins and edits (plus a fifth as erasures)")
    parser.add_argument("--no-consortia", action="store_true", help="rankings only (no team builds)")
    parser.add_argument("--json-out", help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    result = run_current_state_bench(args.members, args.opportunities, args.changes, not args.no_consortia)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
