"""What a replayed worker's matching state holds in memory, by source file (tracemalloc), for N members.

``python -m tools.bench.replay_memory --members 25000``: the replay of ``tools.bench.worker100k`` run in
process without Kafka (stand-in vectors, no models); results: docs/BENCHMARKS.md (100,000 members).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import sys
import time
import tracemalloc

from matcher.config import ScoringConfig
from matcher.embedding import CachedEncoder, MiniLMEncoder, MultilingualUSEEncoder
from matcher.engine import Matchmaker
from matcher.scoring import MatchScorer
from streams.codec import Record
from streams.replay import Restorer
from streams.service import MatchService
from streams.settings import Settings
from tools.bench.index import MEMBERS_PER_SCALE, StandInEncoder, rss_mib
from tools.ltcdata import generate_members


def _trim() -> None:
    """Give freed heap back to the system (glibc), so that RSS shows what is live."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=25_000)
    parser.add_argument("--top", type=int, default=14)
    args = parser.parse_args(argv)
    settings = Settings(topic_prefix="mem")
    members = generate_members(seed=7, scale=args.members / MEMBERS_PER_SCALE)[: args.members]
    state = [
        Record(settings.topics.members, 0, i, m.member_id.encode(), m.model_dump_json().encode())
        for i, m in enumerate(members)
    ]
    english = StandInEncoder(MiniLMEncoder.name, 384, seed=1)
    multilingual = StandInEncoder(MultilingualUSEEncoder.name, 512, seed=2)
    router = MatchScorer(english, multilingual, ScoringConfig())
    vectors: list[tuple[bytes, bytes]] = []
    for start in range(0, len(members), 64):
        pair = router.texts_to_embed(members[start : start + 64], [])
        for encoder, texts in zip((english, multilingual), pair, strict=True):
            for text, vector in zip(texts, encoder.encode(texts), strict=True):
                key = f"{encoder.name}:{CachedEncoder._key(text).hex()}".encode()
                vectors.append((key, vector.tobytes()))
    del members, router
    _trim()
    scorer = MatchScorer(CachedEncoder(english), CachedEncoder(multilingual), ScoringConfig())
    service = MatchService(Matchmaker(scorer), settings.topics, settings.max_event_bytes)
    before = rss_mib()
    tracemalloc.start()
    started = time.perf_counter()
    restorer = Restorer(service)
    for record in state:
        restorer.add_state(record)
    decoded = rss_mib()
    restorer.plan()
    planned = rss_mib()
    for start in range(0, len(vectors), 5000):
        for key, value in vectors[start : start + 5000]:
            restorer.add_vector(key, value)
        restorer.apply_ready()
    restorer.finish()
    replayed, peak_traced = rss_mib(), tracemalloc.get_traced_memory()[1]
    del restorer, state, vectors
    gc.collect()
    freed = rss_mib()
    _trim()
    snapshot = tracemalloc.take_snapshot()
    print(f"{len(scorer.members_)} members replayed in {time.perf_counter() - started:.1f}s, tracemalloc on")
    print(
        f"RSS MiB: {before:.0f} before, {decoded:.0f} with the profiles decoded, {planned:.0f} planned, "
        f"{replayed:.0f} replayed, {freed:.0f} with the inputs freed, {rss_mib():.0f} after malloc_trim "
        f"(traced peak {peak_traced / 2**20:.0f} MiB)"
    )
    stats = snapshot.statistics("filename")
    total = sum(s.size for s in stats)
    print(f"live allocations since the start of replay: {total / 2**20:.0f} MiB, by file:")
    for stat in stats[: args.top]:
        print(f"  {stat.size / 2**20:8.1f} MiB  {stat.count:>9} blocks  {stat.traceback[0].filename}")
    index = scorer.index_
    cached = sum(len(e) for e in (scorer.english, scorer.multilingual) if isinstance(e, CachedEncoder))
    index_mib = index.nbytes / 2**20 if index else 0.0
    lexical_mib = scorer.lexical_.nbytes / 2**20
    print(f"index {index_mib:.0f} MiB, lexical {lexical_mib:.0f} MiB, caches {cached} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
