"""Property-based: thousands of malformed records never crash the worker and are never dropped.

Every record handed to the service comes back as exactly one outcome: applied (a valid event)
or dead-lettered with a reason and its original bytes. Count in = count applied + count dead.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import pytest
from factories import NOW, HashingEncoder, member, opportunity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.config import ScoringConfig
from matcher.engine import Matchmaker
from matcher.scoring import MatchScorer
from models.events import MAX_COMPETENCIES
from streams.codec import Record
from streams.service import MatchService
from streams.settings import Settings

TOPICS = Settings(topic_prefix="p").topics
MAX_BYTES = 50_000
VALID_MEMBER = json.loads(member("m-valid", "laser welding cells").model_dump_json())
VALID_OPPORTUNITY = json.loads(opportunity("o-valid", "Welding", "laser welding").model_dump_json())

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def mutated(draw: st.DrawFn, base: dict) -> dict:
    """A valid event with one field dropped, retyped or pushed to an absurd value."""
    data = dict(base)
    field = draw(st.sampled_from(sorted(data)))
    action = draw(st.sampled_from(["drop", "retype", "absurd"]))
    if action == "drop":
        data.pop(field)
    elif action == "retype":
        data[field] = draw(json_values)
    else:
        data[field] = draw(
            st.sampled_from(
                [
                    -1,
                    10**30,
                    "9999-12-31T00:00:00Z",
                    "",
                    " ",
                    [],
                    {},
                    "x" * 30_000,
                    [{"text": "t"}] * (MAX_COMPETENCIES + 1),
                    "1999-01-01T00:00:00Z",
                ]
            )
        )
    return data


def raw_values() -> st.SearchStrategy[bytes | None]:
    return st.one_of(
        st.binary(max_size=200),  # random bytes, invalid UTF-8
        json_values.map(lambda v: json.dumps(v).encode()),  # JSON of the wrong shape
        mutated(VALID_MEMBER).map(lambda d: json.dumps(d).encode()),  # near-valid members
        mutated(VALID_OPPORTUNITY).map(lambda d: json.dumps(d).encode()),  # near-valid opportunities
        st.just(b"{" * 60_000),  # oversize
        st.just(json.dumps(VALID_MEMBER).encode()),  # valid ones in between
        st.just(None),  # tombstones
    )


records = st.lists(
    st.tuples(
        st.sampled_from([TOPICS.members, TOPICS.opportunities]),
        st.binary(max_size=12) | st.none(),
        raw_values(),
    ),
    min_size=1,
    max_size=25,
)


TRIED = {"records": 0, "dead": 0}


@pytest.fixture(scope="module", autouse=True)
def _report_counts() -> Iterator[None]:
    yield
    print(
        f"\n[malformed] {TRIED['records']} records tried, {TRIED['dead']} dead-lettered, 0 crashes, 0 dropped"
    )


def service() -> MatchService:
    scorer = MatchScorer(HashingEncoder(), HashingEncoder("ml"), ScoringConfig(min_score=0.0))
    return MatchService(Matchmaker(scorer, clock=lambda: NOW), TOPICS, MAX_BYTES)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records)
def test_no_record_crashes_the_worker_or_disappears(
    batch: list[tuple[str, bytes | None, bytes | None]],
) -> None:
    svc = service()
    inputs = [Record(topic, 0, offset, key, value) for offset, (topic, key, value) in enumerate(batch)]
    outcomes = svc.handle_batch(inputs)
    assert len(outcomes) == len(inputs)
    dead = [o.dead for o in outcomes if o.dead is not None]
    assert svc.processed == len(inputs) and svc.dead_lettered == len(dead)
    TRIED["records"] += len(inputs)
    TRIED["dead"] += len(dead)
    for record, outcome in zip(inputs, outcomes, strict=True):
        if outcome.dead is None:
            continue
        assert outcome.dead.reason and outcome.dead.error_type == "InvalidEvent", outcome.dead.reason
        assert base64.b64decode(outcome.dead.value_b64) == (record.value or b"")
        assert (outcome.dead.topic, outcome.dead.offset) == (record.topic, record.offset)


def test_valid_events_around_bad_ones_still_produce_suggestions() -> None:
    svc = service()
    good_member = json.dumps(VALID_MEMBER).encode()
    good_opportunity = json.dumps(VALID_OPPORTUNITY).encode()
    inputs = [
        Record(TOPICS.members, 0, 0, b"junk", b"\xff" * 10),
        Record(TOPICS.members, 0, 1, b"m-valid", good_member),
        Record(TOPICS.opportunities, 0, 2, b"big", b"{" * 60_000),
        Record(TOPICS.opportunities, 0, 3, b"o-valid", good_opportunity),
    ]
    outcomes = svc.handle_batch(inputs)
    assert [o.dead is not None for o in outcomes] == [True, False, True, False]
    assert [s.member_id for s in outcomes[3].suggestions] == ["m-valid"]
