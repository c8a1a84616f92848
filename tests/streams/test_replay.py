"""Replay's bookkeeping without Kafka: members applied as their vectors arrive, nothing re-embedded."""

from __future__ import annotations

from collections.abc import Sequence

from factories import NOW, HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.embedding import CachedEncoder
from matcher.engine import Matchmaker
from matcher.scoring import MatchScorer
from models.events import MemberProfile, Opportunity
from streams.codec import Record
from streams.replay import Restorer
from streams.service import MatchService
from streams.settings import Settings

TOPICS = Settings(topic_prefix="t").topics
ITALIAN = "Progettazione di sistemi per la saldatura laser delle lamiere e della carrozzeria"


def service(max_entries: int = 200_000) -> MatchService:
    english = CachedEncoder(HashingEncoder("en"), max_entries=max_entries, track_fresh=True)
    multilingual = CachedEncoder(HashingEncoder("ml"), max_entries=max_entries, track_fresh=True)
    scorer = MatchScorer(english, multilingual, ScoringConfig(min_score=0.0))
    return MatchService(Matchmaker(scorer, clock=lambda: NOW), TOPICS, 100_000)


def embedded(svc: MatchService) -> int:
    scorer = svc.matchmaker.scorer
    return sum(e.misses for e in (scorer.english, scorer.multilingual) if isinstance(e, CachedEncoder))


def population(n: int) -> list[MemberProfile]:
    return [
        member(
            f"m{i}", f"laser welding of steel part {i}", f"robotic assembly line {i % 7}", f"{ITALIAN} {i}"
        )
        for i in range(n)
    ]


def records(topic: str, events: Sequence[MemberProfile | Opportunity], start: int = 0) -> list[Record]:
    out = []
    for offset, e in enumerate(events, start):
        key = e.member_id if isinstance(e, MemberProfile) else e.opportunity_id
        out.append(Record(topic, 0, offset, key.encode(), e.model_dump_json().encode()))
    return out


def vectors_of(state: list[Record]) -> list[tuple[bytes, bytes]]:
    """The embeddings topic a worker that processed ``state`` leaves: its vectors, batch by batch."""
    first = service()
    out = []
    for start in range(0, len(state), 4):
        first.handle_batch(state[start : start + 4])
        out += [(k.encode(), v) for k, v in first.drain_embeddings()]
    return out


def restore(
    svc: MatchService, state: list[Record], vectors: list[tuple[bytes, bytes]], **kw: int
) -> Restorer:
    restorer = Restorer(svc, **kw)
    for record in state:
        restorer.add_state(record)
    restorer.plan()
    for start in range(0, len(vectors), 5):  # a poll at a time
        for key, value in vectors[start : start + 5]:
            restorer.add_vector(key, value)
        restorer.apply_ready()
    restorer.finish()
    return restorer


def ranking(svc: MatchService, opportunity_id: str) -> list[tuple[str, float]]:
    mm = svc.matchmaker
    return [(m.member_id, round(m.score, 4)) for m in mm.scorer.rank(mm.opportunities[opportunity_id])]


def test_a_restart_embeds_nothing_even_with_a_cache_smaller_than_the_population() -> None:
    members = population(40)
    opp = opportunity("o1", "Laser welding of steel", "Robotic laser welding lines for car bodies")
    state = records(TOPICS.members, members) + records(TOPICS.opportunities, [opp])
    vectors = vectors_of(state)
    before = service()
    before.handle_batch(state)

    after = service(max_entries=6)  # the old loader kept 6 of ~120 vectors and re-embedded the rest
    restorer = restore(after, state, vectors, batch=8)

    assert embedded(after) == 0
    assert restorer.applied == len(state) and after.processed == len(state)
    assert set(after.matchmaker.members) == {m.member_id for m in members}
    assert ranking(after, "o1") == ranking(before, "o1")
    assert restorer.vectors == len(vectors)
    assert restorer.window < len(vectors) // 4, "vectors published batch by batch stay a small window"
    assert after.applied == {(TOPICS.members, 0): 40, (TOPICS.opportunities, 0): 1}


def test_vectors_in_any_order_are_all_used() -> None:
    state = records(TOPICS.members, population(12))
    vectors = vectors_of(state)
    svc = service(max_entries=4)
    restorer = restore(svc, state, vectors[::-1])
    assert embedded(svc) == 0 and len(svc.matchmaker.members) == 12
    assert restorer.window <= len(vectors)


def test_the_latest_version_wins_and_skipped_records_still_count() -> None:
    old, new = member("a", "laser welding"), member("a", "additive manufacturing of titanium")
    gone = member("b", "precision machining")
    state = [
        *records(TOPICS.members, [old, gone, new]),
        Record(TOPICS.members, 0, 3, b"b", None),
        Record(TOPICS.members, 0, 4, b"bad", b"{not json"),
    ]
    vectors = vectors_of([state[2]])
    svc = service()
    restorer = restore(svc, state, vectors)
    assert set(svc.matchmaker.members) == {"a"}
    assert svc.matchmaker.members["a"].competencies[0].text == "additive manufacturing of titanium"
    assert embedded(svc) == 0, "the superseded version's texts were neither needed nor embedded"
    assert restorer.applied == svc.processed == 5


def test_members_without_vectors_are_embedded_and_later_records_only_cached() -> None:
    members = population(6)
    state = records(TOPICS.members, members[:5])
    later = records(TOPICS.members, members[5:], start=5)
    vectors = vectors_of(state + later)
    svc = service()
    restorer = Restorer(svc)
    for record in state:
        restorer.add_state(record)
    for record in later:
        restorer.add_state(record, replayed=False)  # after the committed offset: the follower's
    restorer.plan()
    dropped = {k for k, _ in vectors_of(records(TOPICS.members, members[4:5]))}
    for key, value in vectors:
        if key not in dropped:  # the vectors of member 4 never made it to the topic
            restorer.add_vector(key, value)
    restorer.finish()

    assert set(svc.matchmaker.members) == {f"m{i}" for i in range(5)}
    assert embedded(svc) == len(dropped)
    english, multilingual = svc.uncached_texts(later)
    assert english == [] and multilingual == [], "the later record's vectors wait in the caches"


def test_a_first_member_without_english_text_needs_no_width_probe() -> None:
    state = records(TOPICS.members, [member("it", ITALIAN), member("en", "laser welding of steel")])
    svc = service()
    restore(svc, state, vectors_of(state))
    assert embedded(svc) == 0 and len(svc.matchmaker.members) == 2


def test_malformed_vector_records_are_ignored() -> None:
    state = records(TOPICS.members, population(2))
    vectors = vectors_of(state)
    junk = [(b"en:zz", b"\0" * 4), (b"en:" + b"0" * 32, b"\0" * 3), (b"other:" + b"0" * 32, b"\0" * 8)]
    svc = service()
    restore(svc, state, junk + vectors)
    assert embedded(svc) == 0 and len(svc.matchmaker.members) == 2
