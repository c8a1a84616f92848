"""Decoding raw records: every kind of bad input becomes InvalidEvent with a readable reason."""

from __future__ import annotations

import base64
import json
import re

import pytest
from factories import member
from pydantic import BaseModel

from models.events import MatchSuggestion, MemberProfile, Opportunity
from models.exceptions import InvalidEvent
from models.feedback import MatchFeedback
from streams.codec import Record, Tombstone, dead_letter, decode

GOOD = member("acme", "laser welding").model_dump_json().encode()


def rec(value: bytes | None, key: bytes | None = b"acme") -> Record:
    return Record("ltc.member-profiles", 2, 41, key, value)


def test_good_record_decodes_and_null_value_is_a_tombstone() -> None:
    assert isinstance(decode(rec(GOOD), MemberProfile, 10_000), MemberProfile)
    assert decode(rec(None), MemberProfile, 10_000) == Tombstone("acme")


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (rec(b"\xff\xfe not utf8"), "not valid UTF-8"),
        (rec(b"{not json"), "not JSON"),
        (rec(b"[1, 2]"), "must be a JSON object"),
        (rec(json.dumps({"member_id": "acme"}).encode()), "invalid MemberProfile"),
        (rec(GOOD, key=b"someone-else"), "differs from member_id"),
        (rec(b"x" * 20_000), "exceeds the 10000-byte limit"),
        (rec(None, key=None), "tombstone (null value) without a key"),
        (rec(GOOD, key=b"\xff"), "key is not valid UTF-8"),
        (rec(b"[" * 100_000 + b"]" * 100_000), "exceeds"),
    ],
)
def test_bad_records_raise_invalid_event_with_reason(record: Record, reason: str) -> None:
    with pytest.raises(InvalidEvent, match=re.escape(reason)):
        decode(record, MemberProfile, 10_000)


def test_deeply_nested_json_is_rejected_not_a_crash() -> None:
    with pytest.raises(InvalidEvent):
        decode(rec(b"[" * 50_000 + b"]" * 50_000), Opportunity, 1_000_000)


def test_dead_letter_keeps_original_bytes_position_and_reason() -> None:
    raw = b"\xff\x00 broken"
    letter = dead_letter(rec(raw), "value is not valid UTF-8")
    assert base64.b64decode(letter.value_b64) == raw
    assert (letter.topic, letter.partition, letter.offset, letter.key) == (
        "ltc.member-profiles",
        2,
        41,
        "acme",
    )
    assert letter.reason == "value is not valid UTF-8"


@pytest.mark.parametrize(
    ("model", "value", "reason"),
    [
        (MatchFeedback, None, "null value: a MatchFeedback cannot be deleted"),
        (MatchSuggestion, None, "null value: a MatchSuggestion cannot be deleted"),
        (MatchFeedback, b"{nope", "value is not JSON"),
        (MatchSuggestion, b"\xff", "value is not valid UTF-8"),
        (MatchFeedback, b"[]", "must be a JSON object"),
        (MatchSuggestion, b'{"member_id": "acme"}', "invalid MatchSuggestion"),
        (MatchFeedback, b"x" * 20_000, "exceeds the 10000-byte limit"),
    ],
)
def test_every_topic_gets_the_same_reasons(model: type[BaseModel], value: bytes | None, reason: str) -> None:
    record = Record("ltc.any", 0, 7, b"k", value)
    with pytest.raises(InvalidEvent, match=re.escape(reason)):
        decode(record, model, 10_000)  # type: ignore[call-overload]


def test_a_named_key_field_is_checked_for_any_contract() -> None:
    from factories import NOW, HashingEncoder, opportunity

    from matcher.config import ScoringConfig
    from matcher.engine import Matchmaker
    from matcher.scoring import MatchScorer

    engine = Matchmaker(
        MatchScorer(HashingEncoder(), HashingEncoder("ml"), ScoringConfig(min_score=0.0)), clock=lambda: NOW
    )
    engine.upsert_member(member("acme", "laser welding of battery trays"))
    [suggestion] = engine.upsert_opportunity(opportunity("o1", "Welding", "laser welding of battery trays"))
    value = suggestion.model_dump_json().encode()
    assert decode(Record("ltc.match-suggestions", 0, 0, b"o1", value), MatchSuggestion, 10_000) == suggestion
    queued = Record("ltc.notifier-queue", 0, 0, b"other", value)
    with pytest.raises(InvalidEvent, match="record key 'other' differs from member_id 'acme'"):
        decode(queued, MatchSuggestion, 10_000, key_field="member_id")
