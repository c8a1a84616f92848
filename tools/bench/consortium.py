"""Consortium build time at N members: the pool-only builder against the exhaustive reference.

``PYTHONPATH=. python -m tools.bench.consortium --members 10000 --opportunities 20 [--words 60]``;
exits 1 unless both builders give identical teams (other options and method: docs/TOOLS.md).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence

from matcher.consortium import ConsortiumBuilder, Team, exhaustive_coverage
from matcher.embedding import CachedEncoder, Vectors
from matcher.scoring import MatchScorer
from models.events import Opportunity
from tools.bench.index import MEMBERS_PER_SCALE, StandInEncoder
from tools.ltcdata import generate_members, load_horizon_topics


class _Counted:
    """A model stand-in that counts its calls and texts."""

    def __init__(self, encoder: StandInEncoder) -> None:
        self.encoder, self.name, self.calls, self.texts = encoder, encoder.name, 0, 0

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.calls += 1
        self.texts += len(texts)
        return self.encoder.encode(texts)


class _Exhaustive(ConsortiumBuilder):
    """The builder before the pool-only coverage: every need scored against the whole index."""

    coverage_matrix = staticmethod(exhaustive_coverage)


def _team(team: Team) -> list[tuple[str, float, list[tuple[int, float, int]]]]:
    return [
        (m.member_id, round(m.gain, 5), [(j, round(r, 5), e) for j, r, e in m.covers]) for m in team.members
    ]


def _partner_search(topic: Opportunity, words: int) -> Opportunity:
    short = " ".join(topic.description.split()[:words])
    return topic.model_copy(update={"kind": "partner_search", "description": short})


def _summary(seconds: list[float]) -> str:
    ms = sorted(1000 * s for s in seconds)
    return f"median {statistics.median(ms):7.1f} ms, min {ms[0]:6.1f}, max {ms[-1]:7.1f} ({len(ms)} builds)"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--opportunities", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--words", type=int, default=60, help="description words kept (0: all, a full call)")
    parser.add_argument("--profile", choices=("before", "now"), help="cProfile that builder's timed builds")
    args = parser.parse_args()

    started = time.perf_counter()
    population = generate_members(seed=7, scale=args.members / MEMBERS_PER_SCALE)[: args.members]
    models = [
        _Counted(StandInEncoder("stand-in-en", 384, seed=1)),
        _Counted(StandInEncoder("stand-in-ml", 512, seed=2)),
    ]
    scorer = MatchScorer(CachedEncoder(models[0]), CachedEncoder(models[1])).fit(population)
    assert scorer.index_ is not None
    topics = load_horizon_topics()[: args.opportunities]
    calls = topics
    if args.words:
        calls = [_partner_search(t, args.words) for t in topics]
    print(
        f"{len(population)} members, {scorer.index_.n_live_rows} evidence rows, "
        f"{len(calls)} opportunities, fitted in {time.perf_counter() - started:.0f} s"
    )

    builders = {"before": _Exhaustive(), "now": ConsortiumBuilder()}
    for call in calls:  # matched first, as in the worker: the opportunity's own texts are embedded
        scorer.encode_opportunity(call)
    before = [m.calls for m in models]
    needs = []
    for call in calls:  # untimed: embeds the needs
        needs.append(len(builders["now"].needs(scorer, call)))
        builders["now"].build(scorer, call)
    cold = [(m.calls - c) / len(calls) for m, c in zip(models, before, strict=True)]
    print(
        f"needs per opportunity: {min(needs)}–{max(needs)} (mean {statistics.mean(needs):.1f}); "
        f"model calls per first build (English, multilingual): {cold[0]:.1f}, {cold[1]:.1f}"
    )

    times: dict[str, list[float]] = defaultdict(list)
    same = 0
    profiler = cProfile.Profile()
    warm = sum(m.calls for m in models)
    for call in calls:
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            pool = scorer.score(call, limit=builders["now"].pool)
            times["pool search (scorer.score)"].append(time.perf_counter() - t0)
            teams = {}
            for name, builder in builders.items():
                if args.profile == name:
                    profiler.enable()
                t0 = time.perf_counter()
                teams[name] = builder.build(scorer, call)
                times[f"build, {name}"].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                builder.build(scorer, call, pool)
                times[f"build given the pool, {name}"].append(time.perf_counter() - t0)
                if args.profile == name:
                    profiler.disable()
        old, new = _team(teams["before"]), _team(teams["now"])
        same += old == new
        if old != new:
            print(f"DIFFERENT TEAM for {call.opportunity_id}:\n  before {old}\n  now    {new}")
    print(f"model calls during the timed builds: {sum(m.calls for m in models) - warm}")
    print(f"identical teams (members, gains, covers): {same}/{len(calls)}")
    for name in sorted(times):
        print(f"{name:32} {_summary(times[name])}")
    if args.profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0 if same == len(calls) else 1


if __name__ == "__main__":
    sys.exit(main())
