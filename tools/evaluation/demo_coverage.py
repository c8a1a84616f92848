"""The demo's coverage offline: open opportunities with at least 3 suggestions at the default floors.

``python -m tools.evaluation.demo_coverage [--help]``: the demo's data (:mod:`tools.ltcdata.demo_set`),
the default scorer on the evaluation's embedding cache and the worker's engine (:class:`Matchmaker`);
prints each regional call and every miss.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections import Counter

from threadpoolctl import threadpool_limits

from matcher.config import ScoringConfig
from matcher.engine import Matchmaker
from tools.evaluation.harness import Context, parse_args
from tools.ltcdata.demo_set import demo_data
from tools.ltcdata.real_members import MAX_PROJECTS

__all__ = ["main"]

WANTED = 3


def main(argv: list[str] | None = None) -> int:
    """Count, print, and return 0 when every open regional call and ≥ 90 % of open opportunities
    get ``WANTED`` suggestions (1 otherwise)."""
    parser = argparse.ArgumentParser(prog="python -m tools.evaluation.demo_coverage")
    parser.add_argument("--generated-only", action="store_true", help="without the real organisations")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date.today(), help="the demo's day")
    parser.add_argument("--horizon-topics", type=int, default=40, help="as `matchmaker demo`")
    parser.add_argument("--max-projects", type=int, default=MAX_PROJECTS, help="per real organisation")
    parser.add_argument(
        "--first-topics", action="store_true", help="the file's first open topics, not a spread"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = demo_data(
        args.date,
        horizon_topics=args.horizon_topics,
        real=not args.generated_only,
        max_projects=args.max_projects,
        first_topics=args.first_topics,
    )
    ctx = Context(parse_args([]))
    scorer = ctx.scorer("routed", ScoringConfig())
    english, multilingual = scorer.texts_to_embed(data.members, data.opportunities)
    print(
        f"{len(data.members)} members, {len(data.opportunities)} opportunities; texts to embed: "
        f"{len(english)} MiniLM, {len(multilingual)} multilingual"
    )
    ctx.prewarm(english, ("minilm",))
    ctx.prewarm(multilingual, ("use",))
    ctx.flush()
    noon = dt.datetime.combine(args.date, dt.time(12), tzinfo=dt.UTC)
    with threadpool_limits(limits=1, user_api="blas"):
        engine = Matchmaker(scorer.fit(data.members), clock=lambda: noon)
        got = {o.opportunity_id: len(engine.upsert_opportunity(o)) for o in data.opportunities}
        open_ones = [o for o in data.opportunities if o.is_open(args.date)]
        for call in data.calls:
            state = "open" if call.is_open(args.date) else f"{call.status}, deadline {call.deadline}"
            if call.status == "open" and not call.is_open(args.date):
                state = f"past its deadline {call.deadline}"
            line = f"regional call {call.opportunity_id} ({state}): {got[call.opportunity_id]} suggestion(s)"
            if not call.is_open(args.date):  # what it would get open: the text is the same every year
                reopened = call.model_copy(update={"status": "open", "deadline": None})
                line += f", {len(engine.rank(reopened))} if it were open"
            print(line)
        print(f"\nmisses (open, fewer than {WANTED}): id, suggestions, best {WANTED} scores, title")
        for o in open_ones:
            if got[o.opportunity_id] < WANTED:
                best = [s.score for s in engine.rank(o, top_k=WANTED, min_score=0.0)]
                scores = " ".join(f"{s:.2f}" for s in best)
                print(f"  {o.opportunity_id:40} {got[o.opportunity_id]:2d}  {scores:16} {o.title[:70]}")
    kinds, hits = (
        Counter(o.kind for o in open_ones),
        Counter(o.kind for o in open_ones if got[o.opportunity_id] >= WANTED),
    )
    print()
    for kind in sorted(kinds):
        print(f"{kind:20} {hits[kind]:3d} / {kinds[kind]:3d} with ≥ {WANTED}")
    horizon = [o for o in data.horizon if o.is_open(args.date)]
    on_horizon = sum(got[o.opportunity_id] >= WANTED for o in horizon)
    print(f"{'Horizon Europe':20} {on_horizon:3d} / {len(horizon):3d}")
    total = sum(hits.values())
    share = total / len(open_ones) if open_ones else 0.0
    print(
        f"open opportunities with at least {WANTED} suggestions: {total}/{len(open_ones)} ({share:.0%}); "
        f"{time.perf_counter() - started:.0f} s"
    )
    calls_ok = all(got[c.opportunity_id] >= WANTED for c in data.calls if c.is_open(args.date))
    return 0 if calls_ok and share >= 0.9 else 1


if __name__ == "__main__":
    raise SystemExit(main())
