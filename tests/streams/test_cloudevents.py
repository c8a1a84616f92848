"""CloudEvents headers: required attributes on every contract, deterministic ids, tombstones."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import NOW, member, opportunity

from models.events import DeadLetter, MatchSuggestion
from streams.cloudevents import cloudevent_headers, event_type, tombstone_headers
from streams.settings import Settings

REQUIRED = {"ce_id", "ce_type", "ce_source", "ce_specversion", "content-type"}


def settings() -> Settings:
    return Settings(bootstrap_servers="127.0.0.1:1", topic_prefix="ltc", app_id="ltc-matchmaker")


def as_dict(headers: list[tuple[str, bytes]]) -> dict[str, str]:
    assert all(isinstance(k, str) and isinstance(v, bytes) for k, v in headers)
    return {k: v.decode() for k, v in headers}


def a_suggestion() -> MatchSuggestion:
    return MatchSuggestion.model_validate(
        {
            "suggestion_id": "abc123",
            "opportunity_id": "o1",
            "opportunity_title": "T",
            "member_id": "acme",
            "member_name": "Acme",
            "member_clusters": ["AFIL"],
            "score": 0.5,
            "rank": 1,
            "components": {},
            "explanation": {"evidence": [], "shared_terms": []},
            "reason": "new_opportunity",
            "model": "m",
            "created_at": NOW,
        }
    )


def test_suggestion_headers_use_the_suggestion_id_and_versioned_type() -> None:
    headers = as_dict(cloudevent_headers(a_suggestion(), settings()))
    assert set(headers) >= REQUIRED
    assert headers["ce_id"] == "abc123"
    assert headers["ce_type"] == "eu.lombardy-clusters.matchmaker.match-suggestion.v1"
    assert headers["ce_specversion"] == "1.0" and headers["content-type"] == "application/json"
    assert headers["ce_source"] == "urn:ltc-matchmaker:ltc:ltc-matchmaker"
    assert headers["ce_subject"] == "o1" and headers["ce_time"] == NOW.isoformat()


@pytest.mark.parametrize(
    "event",
    [
        member("acme", "laser welding"),
        opportunity("o1", "Title", "Description"),
        DeadLetter(
            topic="t",
            partition=0,
            offset=7,
            key=None,
            value_b64="",
            reason="r",
            error_type="E",
            received_at=NOW,
        ),
    ],
    ids=["member", "opportunity", "deadletter"],
)
def test_every_contract_gets_the_required_headers_and_a_stable_id(event: object) -> None:
    first = as_dict(cloudevent_headers(event, settings()))  # type: ignore[arg-type]
    again = as_dict(cloudevent_headers(event, settings()))  # type: ignore[arg-type]
    assert set(first) >= REQUIRED and first["ce_id"] == again["ce_id"] and len(first["ce_id"]) == 32
    assert first["ce_type"] == event_type(type(event))  # type: ignore[arg-type]


def test_a_new_version_of_a_profile_gets_a_new_id() -> None:
    old = as_dict(cloudevent_headers(member("acme", "laser"), settings()))
    new = as_dict(cloudevent_headers(member("acme", "laser", updated_at="2026-02-01T00:00:00Z"), settings()))
    assert old["ce_id"] != new["ce_id"]


def test_tombstones_say_deleted_and_carry_no_content_type() -> None:
    headers = as_dict(tombstone_headers(type(member("a", "b")), "acme", settings()))
    assert headers["ce_type"] == "eu.lombardy-clusters.matchmaker.member-profile.deleted.v1"
    assert headers["ce_subject"] == "acme" and "content-type" not in headers
    assert dt.datetime.fromisoformat(headers["ce_time"]).tzinfo is not None


def test_unpublished_models_are_refused() -> None:
    from pydantic import BaseModel

    class Internal(BaseModel):
        x: int = 1

    with pytest.raises(TypeError, match="not a published contract"):
        cloudevent_headers(Internal(), settings())


def test_feedback_and_consortium_contracts_have_versioned_types_and_feedback_can_be_published() -> None:
    from models.consortium import ConsortiumSuggestion
    from models.feedback import MatchFeedback
    from streams.kafka_io import publish_contract

    assert event_type(ConsortiumSuggestion).endswith(".consortium-suggestion.v1")
    answer = MatchFeedback(
        suggestion_id="s1",
        opportunity_id="o1",
        member_id="m1",
        actor="member",
        actor_id="m1",
        action="accepted",
        at=NOW,
    )
    headers = dict(cloudevent_headers(answer, Settings()))
    assert headers["ce_type"].endswith(b".match-feedback.v1")
    assert headers["ce_subject"] == b"s1"
    assert publish_contract("ltc.match-feedback") == (MatchFeedback, "suggestion_id")
