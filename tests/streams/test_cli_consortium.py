"""`matchmaker consortium` end to end with the real models: files in, an explained team out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import member, opportunity
from typer.testing import CliRunner

from models.consortium import ConsortiumSuggestion
from streams.cli import app

pytestmark = pytest.mark.realmodel

MEMBERS = [
    member("weld-sme", "Laser welding of aluminium battery trays", clusters=["AFIL"]),
    member(
        "polimi-ml",
        "Machine learning for predictive maintenance of production lines",
        org_type="university",
        size=None,
        clusters=["CLM"],
    ),
    member(
        "cnr-recycle",
        "Recycling of lithium battery cells and recovery of critical raw materials",
        org_type="research_centre",
        size=None,
        clusters=["LGCA"],
    ),
    member("bakery", "Sourdough bread and pastry for restaurants", clusters=["CAT.AL"]),
]
CALL = opportunity(
    "call-1",
    "Smart battery factory",
    "Laser welding of aluminium battery trays. Machine learning for predictive maintenance of "
    "production lines. Recycling of lithium battery cells and recovery of critical raw materials.",
    kind="call_for_proposals",
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    members = tmp_path / "members.jsonl"
    members.write_text("".join(m.model_dump_json() + "\n" for m in MEMBERS) + "{broken\n")
    call = tmp_path / "call.json"
    call.write_text(CALL.model_dump_json())
    return call, members


def test_consortium_from_files_is_explained_and_reports_bad_lines(files: tuple[Path, Path]) -> None:
    call, members = files
    result = CliRunner().invoke(
        app, ["consortium", "--opportunity", str(call), "--members", str(members), "--json"]
    )
    assert result.exit_code == 1, result.output  # one bad member line: reported, the rest used
    assert "members.jsonl:5" in result.stderr
    team = ConsortiumSuggestion.model_validate_json(result.stdout)
    assert {m.member_id for m in team.members} == {"weld-sme", "polimi-ml", "cnr-recycle"}
    assert all(team.constraints_met.values())
    text = CliRunner().invoke(app, ["consortium", "--opportunity", str(call), "--members", str(members)])
    assert "all team rules met" in text.stdout and "Recycling of lithium" in text.stdout


def test_invalid_opportunity_or_sizes_exit_with_a_message(files: tuple[Path, Path], tmp_path: Path) -> None:
    _, members = files
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"opportunity_id": "x"}))
    result = CliRunner().invoke(app, ["consortium", "--opportunity", str(bad), "--members", str(members)])
    assert result.exit_code == 2 and "error:" in result.stderr
    result = CliRunner().invoke(app, ["consortium", "--min-size", "5", "--max-size", "4"])
    assert result.exit_code == 2 and "larger than" in result.stderr
