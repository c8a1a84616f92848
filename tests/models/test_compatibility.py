"""The compatibility rule: every current contract is an additive change of its last release.

The negative cases prove the check fails on a removed field, a changed type, a new required field
(top level and nested), a removed enum value and a tightened constraint, on real released schemas.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from pydantic import BaseModel

from models.compatibility import breaking_changes, check_all, latest_release
from models.schema_export import CONTRACTS, render


def released(name: str) -> dict[str, Any]:
    return json.loads((latest_release() / f"{name}.schema.json").read_text(encoding="utf-8"))


def current(name: str) -> dict[str, Any]:
    return json.loads(render(CONTRACTS[name]))


def test_every_current_contract_is_compatible_with_the_last_release() -> None:
    problems = check_all()
    assert set(problems) >= {"member-profile", "opportunity", "match-suggestion", "dead-letter"}
    assert problems == {name: [] for name in problems}


def test_every_public_contract_has_been_released() -> None:
    names = {p.name.removesuffix(".schema.json") for p in latest_release().glob("*.schema.json")}
    public = {"member-profile", "opportunity", "match-suggestion", "dead-letter", "member-notification"}
    assert public <= names


def test_added_optional_fields_since_the_release_are_allowed() -> None:
    old, new = released("match-suggestion"), current("match-suggestion")
    assert set(new["properties"]) - set(old["properties"]) >= {"published_by", "deadline"}
    assert breaking_changes(old, new) == []


def _mutated(name: str, edit: Any) -> dict[str, Any]:
    schema = copy.deepcopy(current(name))
    edit(schema)
    return schema


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    [
        ("match-suggestion", lambda s: s["properties"].pop("score"), "$.score: field removed"),
        (
            "match-suggestion",
            lambda s: s["properties"]["rank"].update(type="string"),
            "$.rank: type changed from integer to string",
        ),
        (
            "match-suggestion",
            lambda s: s["required"].append("published_by"),
            "$.published_by: new required field",
        ),
        (
            "member-profile",
            lambda s: s["$defs"]["Notify"].setdefault("required", []).append("max_per_day"),
            "$.notify.max_per_day: new required field",
        ),
        (
            "member-profile",
            lambda s: s["$defs"]["Competency"]["properties"].pop("text"),
            "$.competencies[].text: field removed",
        ),
        (
            "opportunity",
            lambda s: s["properties"]["kind"]["enum"].remove("project_idea"),
            "$.kind: enum values removed: ['project_idea']",
        ),
        (
            "opportunity",
            lambda s: s["properties"]["title"].update(maxLength=100),
            "$.title: maxLength changed from 300 to 100",
        ),
        (
            "dead-letter",
            lambda s: s["properties"]["key"].update(anyOf=[{"type": "string"}]),
            "$.key: type changed from null | string to string",
        ),
    ],
    ids=[
        "removed",
        "type",
        "required",
        "nested-required",
        "nested-removed",
        "enum",
        "constraint",
        "nullable",
    ],
)
def test_breaking_changes_are_caught(name: str, edit: Any, expected: str) -> None:
    assert expected in breaking_changes(released(name), _mutated(name, edit))


def test_a_breaking_pydantic_model_fails_the_rule() -> None:
    class SuggestionV2(BaseModel):  # what a careless refactor could produce
        suggestion_id: str
        opportunity_id: int
        member_id: str
        region: str

    problems = breaking_changes(released("match-suggestion"), json.loads(render(SuggestionV2)))
    assert "$.opportunity_id: type changed from string to integer" in problems
    assert "$.score: field removed" in problems
    assert "$.region: new required field" in problems


def test_adding_an_enum_value_is_allowed() -> None:
    schema = _mutated("opportunity", lambda s: s["properties"]["kind"]["enum"].append("tender"))
    assert breaking_changes(released("opportunity"), schema) == []
