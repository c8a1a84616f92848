"""Recovery benchmark: how long a restarted worker takes to rebuild its state for N members.

``python -m tools.bench.recovery --members 10000`` (``make bench-recovery``): replaying the compacted
topics with their cached vectors, model loading reported apart (method: docs/TOOLS.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import time
import uuid

import numpy as np

from matcher.embedding import CachedEncoder
from matcher.scoring import MatchScorer
from streams.kafka_io import commit_to_end, publish_raw
from streams.replay import replay_state
from streams.settings import Settings
from streams.topics import ensure_topics
from streams.worker import build_service
from tools.ltcdata import generate_members, load_horizon_topics

SCALE_PER_MEMBER = 50 / 31_654  # generate_members(scale=50) gives 31,654 members


def _stand_in_vectors(service, members, opportunities) -> list[tuple[bytes | None, bytes | None]]:  # type: ignore[no-untyped-def]
    """Cache records for every text the replay will ask the two models for."""
    scorer = service.matchmaker.scorer
    rng = np.random.default_rng(0)
    records: list[tuple[bytes | None, bytes | None]] = []
    english, multilingual = scorer.texts_to_embed(members, opportunities)
    wanted: dict[CachedEncoder, list[str]] = {scorer.english: english, scorer.multilingual: multilingual}
    for encoder, texts in wanted.items():
        dim = encoder.encode(["dimension probe"]).shape[1]
        for text in texts:
            vector = np.asarray(rng.normal(size=dim), dtype="<f4")
            vector /= np.linalg.norm(vector)
            key = f"{encoder.name}:{CachedEncoder._key(text).hex()}"
            records.append((key.encode(), vector.tobytes()))
    return records


def _misses(scorer: MatchScorer) -> int:
    """Texts the scorer's caching encoders had to embed so far."""
    return sum(getattr(encoder, "misses", 0) for encoder in (scorer.english, scorer.multilingual))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    args = parser.parse_args(argv)
    if not os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        print("set KAFKA_BOOTSTRAP_SERVERS, or run `make bench-recovery` (it starts a broker)")
        return 2
    prefix = f"bench-{uuid.uuid4().hex[:6]}"
    settings = Settings(topic_prefix=prefix, app_id=f"matchmaker-{prefix}")
    ensure_topics(settings)
    members = generate_members(scale=args.members * SCALE_PER_MEMBER)
    today = dt.date.today()
    opportunities = [o for o in load_horizon_topics() if o.is_open(today)][:50]
    started = time.perf_counter()
    service = build_service(settings)
    model_seconds = time.perf_counter() - started
    publish_raw(
        settings,
        settings.topics.members,
        [(m.member_id.encode(), m.model_dump_json().encode()) for m in members],
    )
    publish_raw(
        settings,
        settings.topics.opportunities,
        [(o.opportunity_id.encode(), o.model_dump_json().encode()) for o in opportunities],
    )
    vectors = _stand_in_vectors(service, members, opportunities)
    publish_raw(settings, settings.topics.embeddings, vectors)
    commit_to_end(settings, [settings.topics.members, settings.topics.opportunities])
    evidence = sum(len(m.competencies) for m in members)
    print(
        f"state on Kafka: {len(members)} members, {evidence} evidence texts, "
        f"{len(opportunities)} opportunities, {len(vectors)} cached vectors"
    )

    service = build_service(settings)  # a fresh worker: empty caches, empty index
    misses_before = _misses(service.matchmaker.scorer)
    started = time.perf_counter()
    replayed = replay_state(settings, service, [settings.topics.members, settings.topics.opportunities])
    finished = time.perf_counter()
    embedded = _misses(service.matchmaker.scorer) - misses_before
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model load (not part of recovery): {model_seconds:.1f}s")
    print(
        f"replayed {replayed.applied} records into {len(service.matchmaker.members)} members / "
        f"{len(service.matchmaker.opportunities)} open opportunities with {replayed.vectors} cached "
        f"vectors (at most {replayed.window} held at once)"
    )
    print(
        f"recovery total: {finished - started:.1f}s; texts embedded during recovery: {embedded}; "
        f"peak RSS {rss_mib:.0f} MiB"
    )
    return 0 if embedded == 0 and len(service.matchmaker.members) == len(members) else 1


if __name__ == "__main__":
    sys.exit(main())
