"""The worker's synchronous core: routing by topic, dead letters instead of exceptions."""

from __future__ import annotations

from factories import NOW, HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.engine import Matchmaker
from matcher.scoring import MatchScorer
from streams.codec import Record
from streams.service import MatchService, Outcome
from streams.settings import Settings

TOPICS = Settings(topic_prefix="t").topics


def service() -> MatchService:
    scorer = MatchScorer(HashingEncoder(), HashingEncoder("ml"), ScoringConfig(min_score=0.0))
    return MatchService(Matchmaker(scorer, clock=lambda: NOW), TOPICS, 100_000)


def test_valid_events_flow_around_invalid_ones() -> None:
    svc = service()
    records = [
        Record(TOPICS.members, 0, 0, b"acme", member("acme", "laser welding").model_dump_json().encode()),
        Record(TOPICS.members, 0, 1, b"bad", b"{oops"),
        Record(
            TOPICS.opportunities,
            0,
            0,
            b"o1",
            opportunity("o1", "Welding", "laser welding").model_dump_json().encode(),
        ),
        Record("t.unknown", 0, 0, None, b"{}"),
    ]
    outcomes = [svc.handle(r) for r in records]
    assert outcomes[0].dead is None and outcomes[1].dead is not None and "not JSON" in outcomes[1].dead.reason
    assert [s.member_id for s in outcomes[2].suggestions] == ["acme"]
    assert outcomes[3].dead is not None and "no handler" in outcomes[3].dead.reason
    assert (svc.processed, svc.dead_lettered) == (4, 2)


def test_tombstones_delete_members_and_opportunities() -> None:
    svc = service()
    svc.handle(
        Record(TOPICS.members, 0, 0, b"acme", member("acme", "laser welding").model_dump_json().encode())
    )
    assert svc.handle(Record(TOPICS.members, 0, 1, b"acme", None)).dead is None
    assert "acme" not in svc.matchmaker.members
    svc.handle(
        Record(
            TOPICS.opportunities,
            0,
            0,
            b"o1",
            opportunity("o1", "W", "laser welding").model_dump_json().encode(),
        )
    )
    svc.handle(Record(TOPICS.opportunities, 0, 1, b"o1", None))
    assert "o1" not in svc.matchmaker.opportunities


def test_an_internal_error_is_dead_lettered_not_raised() -> None:
    svc = service()

    def boom(_: object) -> None:
        raise RuntimeError("scorer bug")

    svc.matchmaker.scorer.add_member = boom  # type: ignore[method-assign,assignment]
    out = svc.handle(
        Record(TOPICS.members, 0, 0, b"acme", member("acme", "x y z").model_dump_json().encode())
    )
    assert out.dead is not None and out.dead.error_type == "RuntimeError" and "scorer bug" in out.dead.reason


def test_settings_secrets_are_not_printed() -> None:
    settings = Settings(
        security_protocol="SASL_SSL", sasl_mechanism="PLAIN", sasl_username="u", sasl_password="hunter2"
    )
    assert "hunter2" not in repr(settings) and "hunter2" not in str(settings.model_dump())
    from streams.kafka_config import connection

    assert connection(settings, "kafka-python")["sasl_plain_password"] == "hunter2"
    assert connection(settings, "aiokafka")["sasl_plain_password"] == "hunter2"


def test_a_batch_embeds_all_its_texts_in_one_call_per_model() -> None:
    from matcher.embedding import CachedEncoder

    english, multilingual = HashingEncoder("en"), HashingEncoder("ml")
    scorer = MatchScorer(CachedEncoder(english), CachedEncoder(multilingual), ScoringConfig(min_score=0.0))
    svc = MatchService(Matchmaker(scorer, clock=lambda: NOW), TOPICS, 100_000)
    records = [
        Record(
            TOPICS.members,
            0,
            i,
            f"m{i}".encode(),
            member(f"m{i}", f"laser welding {i}", f"robot cell {i}").model_dump_json().encode(),
        )
        for i in range(5)
    ]
    records.append(
        Record(
            TOPICS.opportunities,
            0,
            0,
            b"o1",
            opportunity("o1", "Welding", "laser welding").model_dump_json().encode(),
        )
    )
    records.insert(2, Record(TOPICS.members, 0, 99, b"bad", b"{oops"))
    outcomes = svc.handle_batch(records)
    assert (english.calls, multilingual.calls) == (1, 1)
    assert english.texts_encoded == 12  # 10 evidence texts + title + description, each once
    assert outcomes[2].dead is not None and len(outcomes[-1].suggestions) == 5


def test_a_run_of_member_records_is_one_batch_and_listeners_hear_each_record_after_it() -> None:
    svc = service()
    svc.handle(
        Record(
            TOPICS.opportunities,
            0,
            0,
            b"o1",
            opportunity("o1", "Welding", "laser welding").model_dump_json().encode(),
        )
    )
    heard: list[tuple[int, int, dict[str, int]]] = []

    def listener(record: Record, event: object, outcome: Outcome) -> None:  # what the processors read
        top = svc.matchmaker._top["o1"]
        heard.append((record.offset, len(outcome.suggestions), {m.member_id: i for i, m in enumerate(top)}))

    svc.listeners.append(listener)
    first = member("acme", "laser welding of steel")
    records = [
        Record(TOPICS.members, 0, 10, b"acme", first.model_dump_json().encode()),
        Record(TOPICS.members, 0, 11, b"bad", b"{oops"),
        Record(TOPICS.members, 1, 12, b"beta", member("beta", "laser welding").model_dump_json().encode()),
        Record(TOPICS.members, 0, 13, b"acme", None),  # erased within the run
        Record(
            TOPICS.opportunities, 0, 1, b"o2", opportunity("o2", "Welds", "laser").model_dump_json().encode()
        ),
    ]
    outcomes = svc.handle_batch(records)
    assert [o.dead is not None for o in outcomes] == [False, True, False, False, False]
    assert outcomes[0].suggestions == [] and [s.member_id for s in outcomes[2].suggestions] == ["beta"]
    assert {s.member_id for s in outcomes[4].suggestions} == {"beta"}  # the opportunity after the run sees it
    # every listener call saw the state at the end of the run: acme gone, beta listed
    assert [(offset, n) for offset, n, _ in heard[:3]] == [(10, 0), (12, 1), (13, 0)]
    assert all(top == {"beta": 0} for _, _, top in heard[:3])
    assert svc.applied == {(TOPICS.opportunities, 0): 2, (TOPICS.members, 0): 14, (TOPICS.members, 1): 13}
    assert (svc.processed, svc.dead_lettered) == (6, 1)
