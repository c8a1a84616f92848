"""The offline commands, end to end with the real models: `score` and `explain`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import member, opportunity
from typer.testing import CliRunner

from streams.cli import app

pytestmark = pytest.mark.realmodel

MEMBERS = [
    member(
        "polimi",
        "Additive manufacturing of titanium parts by laser powder bed fusion",
        org_type="university",
        size=None,
    ),
    member(
        "cantina",
        "Produzione di vino biologico e spumanti metodo classico in Franciacorta",
        clusters=["CAT.AL"],
    ),
    member(
        "mobility",
        "Route optimisation software for electric vehicle fleets and smart charging",
        clusters=["CLM"],
    ),
]
OPPORTUNITIES = [
    opportunity(
        "o-print", "Metal 3D printing", "We need laser powder bed fusion expertise for titanium brackets."
    ),
    opportunity(
        "o-wine",
        "Partner per spumanti",
        "Cerchiamo una cantina che produca spumante biologico metodo classico.",
    ),
    opportunity("o-closed", "Old call", "Electric fleets.", status="closed"),
]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    members = tmp_path / "members.jsonl"
    members.write_text("\n".join(m.model_dump_json() for m in MEMBERS) + "\n{broken\n", encoding="utf-8")
    opportunities = tmp_path / "opportunities.jsonl"
    opportunities.write_text("\n".join(o.model_dump_json() for o in OPPORTUNITIES) + "\n", encoding="utf-8")
    return members, opportunities


def test_score_writes_ranked_jsonl_and_reports_bad_lines(files: tuple[Path, Path], tmp_path: Path) -> None:
    members, opportunities = files
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app,
        [
            "score",
            "--members",
            str(members),
            "--opportunities",
            str(opportunities),
            "--all",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 1, result.output  # the broken line makes it non-zero…
    assert f"{members}:4:" in result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]  # …but the good ones were scored
    first = {r["opportunity_id"]: r["member_id"] for r in rows if r["rank"] == 1}
    assert first == {"o-print": "polimi", "o-wine": "cantina"}
    assert {r["opportunity_id"] for r in rows} == {"o-print", "o-wine"}  # closed ones produce nothing
    assert len(rows) == 6 and all({"score", "rank", "components", "explanation"} <= r.keys() for r in rows)


def test_explain_prints_components_evidence_and_rank(files: tuple[Path, Path]) -> None:
    members, opportunities = files
    args = ["explain", "o-print", "polimi", "--members", str(members), "--opportunities", str(opportunities)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "rank 1 of 3 eligible members" in result.output and "laser powder bed fusion" in result.output
    assert "suggested: it clears the floor and top_k" in result.output


def test_explain_says_a_closed_opportunity_gets_no_suggestion(files: tuple[Path, Path]) -> None:
    members, opportunities = files
    args = [
        "explain",
        "o-closed",
        "mobility",
        "--members",
        str(members),
        "--opportunities",
        str(opportunities),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "not suggested: the opportunity is closed: nothing is suggested for it" in result.output
    assert "affinity=" in result.output and "complementarity=" in result.output
    missing = CliRunner().invoke(app, [*args[:2], "nobody", *args[3:]])
    assert missing.exit_code == 1 and "no member 'nobody'" in missing.output


def test_publish_refuses_a_topic_it_does_not_publish_to_before_reading_the_file(tmp_path: Path) -> None:
    events = tmp_path / "m.jsonl"
    events.write_text("{}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["publish", "suggestions", str(events)])
    assert result.exit_code == 2
    assert "publish knows member-profiles, opportunities and match-feedback" in result.output
    assert "publishing m.jsonl" not in result.output  # no progress line for what was never sent
