"""Where a worker's time goes per batch: the models versus everything else (decode, scoring, output).

``python -m tools.bench.profile_hot_path --members 10000 [--pyinstrument]`` times
:meth:`streams.service.MatchService.handle_batch` with the real models (method: docs/TOOLS.md).
"""

from __future__ import annotations

import argparse
import time
import uuid
from typing import Any

from matcher.embedding import CachedEncoder
from streams.codec import Record
from streams.service import MatchService
from streams.settings import Settings
from streams.worker import build_service
from tools.bench.load import make_data, stand_in_records


class _Timed:
    """Wraps a model encoder and adds up the seconds spent in it."""

    def __init__(self, encoder: Any) -> None:
        self.encoder, self.name, self.seconds = encoder, encoder.name, 0.0

    def encode(self, texts: Any) -> Any:
        started = time.perf_counter()
        try:
            return self.encoder.encode(texts)
        finally:
            self.seconds += time.perf_counter() - started


def _records(topic: str, events: list[Any], key: str) -> list[Record]:
    return [
        Record(topic, 0, i, getattr(e, key).encode(), e.model_dump_json().encode())
        for i, e in enumerate(events)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--open", type=int, default=44, help="open opportunities before the timed batches")
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument("--only", help="profile only this batch ('fresh profiles')")
    parser.add_argument("--cprofile", metavar="FILE", help="write a cProfile of the timed batches to FILE")
    args = parser.parse_args()
    settings = Settings()
    service: MatchService = build_service(settings)
    scorer = service.matchmaker.scorer
    timers = []
    for encoder in (scorer.english, scorer.multilingual):
        assert isinstance(encoder, CachedEncoder)
        encoder.max_entries = 10**7
        encoder.encoder = timer = _Timed(encoder.encoder)
        timers.append(timer)
    data = make_data(args.members, args.open, args.batch, 0, args.batch, uuid.uuid4().hex[:6])
    for key, value in stand_in_records(settings.scoring, data.members, data.open_opportunities):
        assert key is not None and value is not None
        for encoder in (scorer.english, scorer.multilingual):
            encoder.load(key.decode(), value)  # type: ignore[union-attr]
    topics = settings.topics
    service.handle_batch(_records(topics.members, data.members, "member_id"))
    service.handle_batch(_records(topics.opportunities, data.open_opportunities, "opportunity_id"))
    profiler: Any = None
    if args.cprofile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.start = profiler.enable
        profiler.stop = profiler.disable
    elif args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
    batches = {
        "fresh opportunities": _records(topics.opportunities, data.fresh_opportunities, "opportunity_id"),
        "fresh profiles": _records(topics.members, data.fresh_profiles, "member_id"),
        "profile updates": _records(topics.members, data.update_mix, "member_id"),
    }
    for name, records in batches.items():
        model_before = sum(t.seconds for t in timers)
        profiled = profiler is not None and args.only in (None, name)
        if profiled:
            profiler.start()
        started = time.perf_counter()
        outcomes = service.handle_batch(records)
        total = time.perf_counter() - started
        if profiled:
            profiler.stop()
        model = sum(t.seconds for t in timers) - model_before
        suggestions = sum(len(o.suggestions) for o in outcomes)
        print(
            f"{name}: {len(records)} events, {suggestions} suggestions, {total:.2f}s in handle_batch: "
            f"models {model:.2f}s, everything else {total - model:.3f}s "
            f"({(total - model) / len(records) * 1000:.1f} ms/event, {(total - model) / total:.1%} of it)"
        )
    if args.cprofile:
        profiler.dump_stats(args.cprofile)
    elif profiler:
        print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()
