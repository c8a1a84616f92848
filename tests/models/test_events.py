"""Event contracts: good and bad events, limits, deterministic suggestion ids, schema files current."""

from __future__ import annotations

import json

import pytest
from factories import member, opportunity
from pydantic import ValidationError

from models.events import MAX_COMPETENCIES, MemberProfile, Opportunity, make_suggestion_id
from models.schema_export import CONTRACTS, SCHEMA_DIR, render


def test_member_profile_normalises_codes_and_reads_naive_time_as_utc() -> None:
    m = member("acme", "laser welding", clusters=["afil", " clm "], updated_at="2026-03-01T10:00:00")
    assert m.clusters == ["AFIL", "CLM"]
    assert m.updated_at.utcoffset() is not None and m.updated_at.hour == 10
    assert m.is_sme


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"competencies": []}, "competencies"),
        ({"clusters": []}, "clusters"),
        ({"org_type": "startup"}, "org_type"),
        ({"member_id": "has space"}, "member_id"),
        ({"updated_at": "9999-01-01T00:00:00Z"}, "updated_at"),
        ({"competencies": [{"text": "   "}]}, "competencies"),
        ({"competencies": [{"text": "x"}] * (MAX_COMPETENCIES + 1)}, "competencies"),
        ({"notify": {"enabled": True, "min_score": -0.2}}, "notify"),
    ],
)
def test_member_profile_rejects_bad_fields(override: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        member(str(override.pop("member_id", "acme")), "laser welding", **override)
    assert any(err["loc"][0] == field for err in info.value.errors())


def test_opportunity_openness_follows_status_and_deadline() -> None:
    import datetime as dt

    today = dt.date(2026, 6, 1)
    assert opportunity("o", "t", "d", deadline="2026-06-01").is_open(today)
    assert not opportunity("o", "t", "d", deadline="2026-05-31").is_open(today)
    assert not opportunity("o", "t", "d", status="withdrawn").is_open(today)
    with pytest.raises(ValidationError):
        opportunity("o", "t", "d", kind="lottery")


def test_unknown_input_fields_are_ignored_not_fatal() -> None:
    data = json.loads(member("acme", "laser").model_dump_json())
    data["favourite_colour"] = "blue"
    assert MemberProfile.model_validate(data).member_id == "acme"


def test_suggestion_id_is_deterministic_and_version_sensitive() -> None:
    o = opportunity("o1", "t", "d")
    m = member("acme", "laser")
    first = make_suggestion_id(o, m, "model-a")
    assert first == make_suggestion_id(Opportunity.model_validate(o.model_dump()), m, "model-a")
    assert first != make_suggestion_id(
        o, member("acme", "laser", updated_at="2026-02-01T00:00:00Z"), "model-a"
    )
    assert first != make_suggestion_id(o, m, "model-b")
    assert first != make_suggestion_id(o, member("acme2", "laser"), "model-a")


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_committed_json_schemas_are_current(name: str) -> None:
    path = SCHEMA_DIR / f"{name}.schema.json"
    assert path.exists(), f"run `make schemas` to create {path}"
    assert path.read_text(encoding="utf-8") == render(CONTRACTS[name]), "run `make schemas`"
