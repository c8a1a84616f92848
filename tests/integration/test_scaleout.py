"""Scale-out on the real broker: two workers in one consumer group give one worker's suggestions.

The same input runs through one worker and through a group of two, where one of the two is killed
with SIGKILL while opportunities flow (its partitions move to the survivor: a rebalance) and later
rejoins (another rebalance) before new members arrive. Both runs must emit exactly the suggestion
set of the offline reference — same ids, same content — so nothing is lost and nothing extra
appears; duplicates may only be identical re-deliveries. Each text is embedded by one worker: the
other takes the owner's vectors from the embeddings topic.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections import defaultdict

import pytest
from conftest import Worker, free_port

from matcher.engine import Matchmaker
from matcher.factory import default_scorer
from models.events import MemberProfile, Opportunity
from streams.kafka_io import publish_raw
from streams.settings import Settings
from streams.topics import ensure_topics
from tools.ltcdata import generate_members, member_opportunities

pytestmark = pytest.mark.integration

MIN_SCORE = 0.1  # below the default floor, so that many suggestions are in flight during the rebalance
LATE = 3  # members that join after the opportunities (their suggestions come from the member side)


@pytest.fixture(scope="module")
def data() -> tuple[list[MemberProfile], list[MemberProfile], list[Opportunity]]:
    members = generate_members(scale=0.06)
    opportunities = member_opportunities(members, today=dt.date.today())
    late = random.Random(5).sample(members, LATE)
    early = [m for m in members if m not in late]
    return early, late, opportunities


@pytest.fixture(scope="module")
def expected(settings: Settings, data) -> dict[str, tuple]:
    """The offline reference: one matchmaker, the events in the order the test's phases publish them."""
    early, late, opportunities = data
    config = settings.scoring.model_copy(update={"min_score": MIN_SCORE})
    reference = Matchmaker(default_scorer(config))
    for member in early:
        reference.upsert_member(member)
    suggestions = [s for o in opportunities for s in reference.upsert_opportunity(o)]
    suggestions += [s for m in late for s in reference.upsert_member(m)]
    assert suggestions, "the reference produced no suggestions: the test would prove nothing"
    return {s.suggestion_id: _content(s.model_dump(mode="json")) for s in suggestions}


def _content(record: dict) -> tuple:
    """What must agree between runs: who, for what, at which rank, why, and the score."""
    return (
        record["opportunity_id"],
        record["member_id"],
        record["rank"],
        record["reason"],
        record["score"],
    )


def _same(a: tuple, b: tuple) -> bool:
    """Equal, scores within 1e-4 (vectors computed in different batches differ in the last bits)."""
    return a[:4] == b[:4] and abs(a[4] - b[4]) <= 1e-4


def _group(settings: Settings) -> Settings:
    prefix = f"it-{uuid.uuid4().hex[:8]}"
    group = settings.model_copy(
        update={
            "topic_prefix": prefix,
            "app_id": f"matchmaker-{prefix}",
            "scoring": settings.scoring.model_copy(update={"min_score": MIN_SCORE}),
        }
    )
    ensure_topics(group)
    return group


def _settled(workers: list[Worker], members: int) -> None:
    for w in workers:
        w.wait_metrics(
            lambda m: m.get("matchmaker_members") == members and m.get("matchmaker_follower_lag") == 0,
            f"{members} members applied",
        )


def _publish(settings: Settings, topic: str, events: list) -> None:
    key = "member_id" if topic == settings.topics.members else "opportunity_id"
    publish_raw(settings, topic, [(getattr(e, key).encode(), e.model_dump_json().encode()) for e in events])


def _run(
    settings: Settings, workers: list[Worker], data, expected: dict, crash: bool, collect
) -> dict[str, list[tuple]]:
    early, late, opportunities = data
    topics = settings.topics
    for w in workers:
        w.start()
    _publish(settings, topics.members, early)
    workers[0].wait_committed(topics.members)
    _settled(workers, len(early))

    half = len(opportunities) // 2
    _publish(settings, topics.opportunities, opportunities[:half])
    if crash:
        time.sleep(random.Random(3).uniform(0.5, 2.0))
        workers[-1].kill()  # its partitions move to the survivor once its session times out
    _publish(settings, topics.opportunities, opportunities[half:])
    workers[0].wait_committed(topics.opportunities)
    if crash:
        workers[-1].start()  # rejoins: recovers state, takes partitions back
        _settled(workers, len(early))

    for member in late:  # one at a time, so that each meets the same state as in the reference
        _publish(settings, topics.members, [member])
        workers[0].wait_committed(topics.members)
        _settled(workers, len(early) + late.index(member) + 1)

    copies: dict[str, list[tuple]] = defaultdict(list)
    wanted = set(expected)
    done = lambda rs: {r["suggestion_id"] for r in rs} >= wanted  # noqa: E731
    for record in collect(topics.suggestions, done, timeout=60, worker=workers[0], settings=settings):
        copies[record["suggestion_id"]].append(_content(record))
    return copies


def _check(copies: dict[str, list[tuple]], expected: dict[str, tuple], label: str) -> int:
    lost, extra = sorted(set(expected) - set(copies)), sorted(set(copies) - set(expected))
    assert not lost and not extra, f"{label}: lost {lost[:5]}, extra {extra[:5]}"
    for suggestion_id, versions in copies.items():
        assert all(_same(v, expected[suggestion_id]) for v in versions), f"{label}: {suggestion_id} differs"
    return sum(len(v) for v in copies.values()) - len(copies)


def test_two_workers_with_a_rebalance_emit_what_one_worker_emits(
    settings: Settings, data, expected, collect, tmp_path
) -> None:
    single = _group(settings)
    one = [Worker(single, tmp_path / "one.log", metrics_port=free_port())]
    try:
        alone = _run(single, one, data, expected, crash=False, collect=collect)
        embedded_alone = one[0].metrics()["matchmaker_texts_embedded"]
    finally:
        for w in one:
            w.stop()

    pair = _group(settings)
    two = [Worker(pair, tmp_path / f"w{i}.log", metrics_port=free_port()) for i in range(2)]
    try:
        grouped = _run(pair, two, data, expected, crash=True, collect=collect)
        survivor = two[0].metrics()
    finally:
        for w in two:
            w.stop()

    assert set(alone) == set(grouped), "two workers emitted a different suggestion set from one worker"
    duplicates_alone = _check(alone, expected, "one worker")
    duplicates_grouped = _check(grouped, expected, "two workers")
    late_ids = {sid for sid, content in expected.items() if content[1] in {m.member_id for m in data[1]}}
    assert late_ids, "no late member entered a top-k: the member-side path went untested"
    print(
        f"\n[scale-out] {len(expected)} suggestions ({len(late_ids)} from late members); one worker: "
        f"{duplicates_alone} duplicates, {embedded_alone:.0f} texts embedded; two workers with a kill -9 and "
        f"a rejoin: 0 lost, 0 extra, {duplicates_grouped} duplicates (identical); survivor embedded "
        f"{survivor['matchmaker_texts_embedded']:.0f} texts, "
        f"{survivor['matchmaker_foreign_texts_embedded']:.0f} of them for the other worker's partitions"
    )
