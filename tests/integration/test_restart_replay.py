"""Replay on the real broker: a restarted worker whose caches are far smaller than its population embeds
nothing; the state topics are read first, the embeddings topic once (stand-in encoder, seconds)."""

from __future__ import annotations

import uuid

import pytest
from factories import NOW, HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.embedding import CachedEncoder
from matcher.engine import Matchmaker
from matcher.scoring import MatchScorer
from models.events import MemberProfile
from streams.codec import Record
from streams.kafka_io import commit_to_end, publish_raw
from streams.replay import replay_state
from streams.service import MatchService
from streams.settings import Settings
from streams.topics import ensure_topics

pytestmark = pytest.mark.integration

ITALIAN = "Tracciabilità della filiera agroalimentare con sensori e piattaforme per i prodotti"


def _service(settings: Settings, max_entries: int = 200_000) -> MatchService:
    caches = [
        CachedEncoder(HashingEncoder(n), max_entries=max_entries, track_fresh=True) for n in ("en", "ml")
    ]
    scorer = MatchScorer(caches[0], caches[1], ScoringConfig(min_score=0.0))
    return MatchService(Matchmaker(scorer, clock=lambda: NOW), settings.topics, settings.max_event_bytes)


def _embedded(svc: MatchService) -> int:
    scorer = svc.matchmaker.scorer
    return sum(e.misses for e in (scorer.english, scorer.multilingual) if isinstance(e, CachedEncoder))


def test_a_restarted_worker_embeds_nothing_with_caches_smaller_than_its_population(bootstrap: str) -> None:
    prefix = f"it-replay-{uuid.uuid4().hex[:8]}"
    settings = Settings(bootstrap_servers=bootstrap, topic_prefix=prefix, app_id=f"matchmaker-{prefix}")
    ensure_topics(settings)
    topics = settings.topics
    members = [
        member(f"m{i}", f"laser welding of aluminium trays {i}", f"robotic cells {i % 5}", f"{ITALIAN} {i}")
        for i in range(300)
    ]
    opp = opportunity("o1", "Laser welding", "Laser welding cells for battery trays")
    first = _service(settings)  # the worker that ran before: its vectors are on the embeddings topic
    state = [(m.member_id.encode(), m.model_dump_json().encode()) for m in members]
    opps = [(opp.opportunity_id.encode(), opp.model_dump_json().encode())]
    publish_raw(settings, topics.members, state)
    publish_raw(settings, topics.opportunities, opps)
    vectors: list[tuple[bytes | None, bytes | None]] = []
    for start in range(0, len(members), 20):  # published batch by batch, as a worker does
        for m in members[start : start + 20]:
            first.matchmaker.upsert_member(m)
        vectors += [(k.encode(), v) for k, v in first.drain_embeddings()]
    first.matchmaker.upsert_opportunity(opp)
    vectors += [(k.encode(), v) for k, v in first.drain_embeddings()]
    publish_raw(settings, topics.embeddings, vectors)
    commit_to_end(settings, [topics.members, topics.opportunities])
    want = [(m.member_id, round(m.score, 4)) for m in first.matchmaker.scorer.rank(opp)]
    late = member("late", "Laser welding of steel frames", f"{ITALIAN} tardi")
    publish_raw(settings, topics.members, [(b"late", late.model_dump_json().encode())])  # the follower's
    first.matchmaker.upsert_member(late)
    publish_raw(settings, topics.embeddings, [(k.encode(), v) for k, v in first.drain_embeddings()])

    restarted = _service(settings, max_entries=50)  # the old loader kept 50 of ~900 vectors per model
    replayed = replay_state(settings, restarted, [topics.members, topics.opportunities])

    assert _embedded(restarted) == 0
    assert set(restarted.matchmaker.members) == {m.member_id for m in members}
    assert "o1" in restarted.matchmaker.opportunities
    assert replayed.applied == len(members) + 1 and replayed.vectors == len(vectors)
    assert sum(replayed.positions.values()) == len(members) + 1
    assert restarted.uncached_texts([_record(topics.members, late)]) == ([], []), "late vectors cached"
    got = [(m.member_id, round(m.score, 4)) for m in restarted.matchmaker.scorer.rank(opp)]
    assert got == want


def _record(topic: str, event: MemberProfile) -> Record:
    return Record(topic, 0, 0, event.member_id.encode(), event.model_dump_json().encode())
