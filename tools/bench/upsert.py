"""Member updates through the engine: full re-ranks (before) against candidate pools (now), one run.

``PYTHONPATH=. python -m tools.bench.upsert --members 10000 --opportunities 60 --updates 150``;
``--single`` times only the default engine of the tree on the path (method: docs/TOOLS.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from matcher.config import ScoringConfig
from matcher.embedding import CachedEncoder
from matcher.engine import Matchmaker
from matcher.pools import PoolRanker
from matcher.scoring import MatchScorer
from models.events import MatchSuggestion, MemberProfile
from tools.bench.index import StandInEncoder
from tools.bench.load import BenchData, make_data


def _scorer(config: ScoringConfig, members: list[MemberProfile]) -> MatchScorer:
    english = CachedEncoder(StandInEncoder("stand-in-en", 384, seed=1))
    multilingual = CachedEncoder(StandInEncoder("stand-in-ml", 512, seed=2))
    return MatchScorer(english, multilingual, config).fit(members)


def _open(mm: Matchmaker, data: BenchData) -> None:
    for opportunity in data.open_opportunities:
        mm.upsert_opportunity(opportunity)
    mm.scorer.prefetch(data.update_mix, [])  # the models' share is not what this measures


def _describe(mm: Matchmaker, started: float) -> None:
    rows = mm.scorer.index_.n_live_rows if mm.scorer.index_ else 0
    print(
        f"{len(mm.members)} members, {rows} evidence rows, {len(mm.opportunities)} open opportunities, "
        f"set up in {time.perf_counter() - started:.0f}s"
    )


def _key(s: MatchSuggestion) -> tuple[object, ...]:
    return (s.opportunity_id, s.member_id, s.rank, s.score, s.reason, s.notify, tuple(s.components.items()))


def _differences(
    old: Matchmaker, new: Matchmaker, got_old: list[MatchSuggestion], got_new: list[MatchSuggestion]
) -> tuple[list[str], float]:
    """What differs between the two engines' outputs and stored lists; the largest score difference."""
    problems = []
    largest = 0.0
    if [_key(s) for s in got_old] != [_key(s) for s in got_new]:
        problems.append(f"suggestions differ: {[_key(s) for s in got_old]} vs {[_key(s) for s in got_new]}")
    for key in old.opportunities:
        top, mine = old.current_top(key) or [], new.current_top(key) or []
        gaps = [abs(a.score - b.score) for a, b in zip(top, mine, strict=False)]
        largest = max([largest, *gaps])
        if [(m.member_id, m.rank) for m in top] != [(m.member_id, m.rank) for m in mine] or max(
            gaps, default=0
        ) > 1e-6:
            problems.append(f"top-k of {key} differs")
    return problems, largest


def _single(data: BenchData, mm: Matchmaker, started: float) -> int:
    _open(mm, data)
    _describe(mm, started)
    times = []
    for event in data.update_mix:
        t0 = time.perf_counter()
        mm.upsert_member(event)
        times.append(time.perf_counter() - t0)
    print(
        f"default engine {statistics.mean(times) * 1000:8.1f} ms/update mean, median "
        f"{statistics.median(times) * 1000:.1f} ({len(times)} updates)"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--opportunities", type=int, default=60)
    parser.add_argument("--updates", type=int, default=150)
    parser.add_argument("--tag", default="bench", help="run tag in the changed texts (same tag: same events)")
    parser.add_argument("--single", action="store_true", help="time the default engine alone")
    args = parser.parse_args()

    started = time.perf_counter()
    data = make_data(args.members, args.opportunities, 0, 0, args.updates, args.tag)
    config = ScoringConfig(min_score=0.0)
    if args.single:
        return _single(data, Matchmaker(_scorer(config, data.members)), started)
    old = Matchmaker(_scorer(config, data.members), incremental=False)
    scorer = _scorer(config, data.members)
    pools = PoolRanker(scorer)
    new = Matchmaker(scorer, pools=pools)
    for mm in (old, new):
        _open(mm, data)
    pools.reused = pools.scans = 0  # count the updates' re-ranks only
    _describe(old, started)

    times: dict[str, dict[str, list[float]]] = {"old": {}, "new": {}}
    mismatches, largest = 0, 0.0
    for i, event in enumerate(data.update_mix):
        kind = "new member" if event.member_id not in old.members else "profile edit"
        got: dict[str, list[MatchSuggestion]] = {}
        for name in ("old", "new") if i % 2 == 0 else ("new", "old"):
            mm = old if name == "old" else new
            t0 = time.perf_counter()
            got[name] = mm.upsert_member(event)
            times[name].setdefault(kind, []).append(time.perf_counter() - t0)
        problems, gap = _differences(old, new, got["old"], got["new"])
        mismatches, largest = mismatches + bool(problems), max(largest, gap)
        for p in problems[:3]:
            print(f"event {i} ({event.member_id}): {p}")
    for name in ("old", "new"):
        every = [t for ts in times[name].values() for t in ts]
        parts = ", ".join(
            f"{kind} {statistics.mean(ts) * 1000:.1f} (n={len(ts)})"
            for kind, ts in sorted(times[name].items())
        )
        label = "full re-ranks (before)" if name == "old" else "candidate pools (now)"
        print(
            f"{label:24s} {statistics.mean(every) * 1000:8.1f} ms/update mean, median "
            f"{statistics.median(every) * 1000:.1f}; by kind: {parts}"
        )
    old_mean = statistics.mean([t for ts in times["old"].values() for t in ts])
    new_mean = statistics.mean([t for ts in times["new"].values() for t in ts])
    print(
        f"speed-up {old_mean / new_mean:.1f}x (means); re-ranks from a pool {pools.reused}, from a scan "
        f"of every member {pools.scans}; events whose output differed: {mismatches} (largest score "
        f"difference in a stored top-k: {largest:.1e})"
    )
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
