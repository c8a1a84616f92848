"""``matchmaker bench``: every part runs and reports its figures (structure only, never timings)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from matcher.config import ScoringConfig
from matcher.embedding import CachedEncoder
from streams.cli import app
from tools.bench.index import StandInEncoder, recall
from tools.bench.load import make_data, stand_in_records

INDEX_FIELDS = {
    "members", "evidence_rows", "exact_p50_ms", "exact_p99_ms", "approx_p50_ms", "approx_p99_ms",
    "approx_build_s", "recall_at_10", "recall_at_10_ties", "matrix_mib", "ann_mib", "rss_exact_mib",
    "rss_with_ann_mib", "peak_rss_mib", "cache_vectors_mib", "lexical_mib",
}  # fmt: skip


def _result(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def test_index_part_reports_every_size_exact_and_approximate(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    argv = [
        "bench",
        "--no-pipeline",
        "--index-sizes",
        "60,150",
        "--index-queries",
        "3",
        "--json-out",
        str(out),
        "--current-state",
        "300,8,5",
    ]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output
    figures = _result(result.output)
    assert figures == json.loads(out.read_text())
    assert [row["members"] for row in figures["index"]] == sorted(row["members"] for row in figures["index"])
    for row in figures["index"]:
        assert row.keys() >= INDEX_FIELDS
        assert 0.0 <= row["recall_at_10"] <= row["recall_at_10_ties"] <= 1.0
        assert row["evidence_rows"] > row["members"] > 0 and row["matrix_mib"] > 0
    assert "recall@10" in result.output and "load average before" in result.output
    assert "pipeline" not in figures
    current = figures["current_state"]
    assert current["members"] > 0 and current["open_opportunities"] == 8
    assert set(current["by_change"]) <= {"join", "edit", "erase"} and "erase" in current["by_change"]
    for row in current["by_change"].values():
        assert row["n"] > 0 and row["matching"]["mean_ms"] >= 0
        for part in ("rankings", "consortia"):
            assert row[part]["values_per_change"] >= 0 and row[part]["retractions_per_change"] >= 0


def test_the_index_bench_times_each_candidate_setting_on_one_index(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--candidates`` × ``--lexical-candidates``: one JSON line each, the fit and exact scan shared."""
    from tools.bench import index

    argv = [
        "--members",
        "150",
        "--queries",
        "3",
        "--candidates",
        "10",
        "200",
        "--lexical-candidates",
        "0",
        "50",
    ]
    assert index.main(argv) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    settings = [(r["approximate_candidates"], r["approximate_lexical_candidates"]) for r in rows]
    assert settings == [(10, 0), (10, 50), (200, 0), (200, 50)]
    assert len({(r["fit_s"], r["exact_p50_ms"]) for r in rows}) == 1
    assert all(0.0 <= r["recall_at_10"] <= r["recall_at_10_ties"] <= 1.0 for r in rows)
    assert index.main(["--candidates", "5"]) == 2 and index.main(["--lexical-candidates", "-1"]) == 2


def test_bad_sizes_exit_with_a_message() -> None:
    result = CliRunner().invoke(app, ["bench", "--no-pipeline", "--index-sizes", "10,lots"])
    assert result.exit_code == 2 and "comma-separated integers" in result.output


def test_pipeline_needs_a_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    result = CliRunner().invoke(app, ["bench", "--quick"])
    assert result.exit_code == 2 and "KAFKA_BOOTSTRAP_SERVERS" in result.output


def test_recall_counts_ties_as_equally_good_answers() -> None:
    exact = [[("a", 0.9), ("b", 0.8), ("c", 0.8)]]
    assert recall([[("a", 0.9), ("b", 0.8), ("c", 0.8)]], exact) == (1.0, 1.0)
    by_id, by_score = recall([[("a", 0.9), ("b", 0.8), ("z", 0.8)]], exact)  # z ties with c
    assert by_id == pytest.approx(2 / 3) and by_score == 1.0
    assert recall([[("a", 0.9), ("b", 0.8), ("z", 0.5)]], exact) == (
        pytest.approx(2 / 3),
        pytest.approx(2 / 3),
    )


def test_events_are_fresh_and_updates_change_one_or_two_texts() -> None:
    data = make_data(members=120, open_opportunities=2, fresh=3, low_load=2, updates=10, run="t1")
    texts = {c.text for m in data.members for c in m.competencies}
    assert all(not texts & {c.text for c in p.competencies} for p in data.fresh_profiles)
    by_id = {m.member_id: m for m in data.members}
    for event in data.update_mix:
        if event.member_id in by_id:
            assert 1 <= data.changed_texts[event.member_id] <= 2
            assert len(event.competencies) == len(by_id[event.member_id].competencies)
    titles = [
        o.title for o in data.fresh_opportunities + data.low_load_opportunities + data.open_opportunities
    ]
    assert len(set(titles)) == len(titles)
    assert all(len(o.description.split()) <= 60 for o in data.fresh_opportunities)


def test_stand_in_records_use_the_real_cache_keys() -> None:
    data = make_data(members=30, open_opportunities=1, fresh=1, low_load=1, updates=1, run="t2")
    records = stand_in_records(ScoringConfig(), data.members[:3], [])
    models = {k.decode().rpartition(":")[0] for k, _ in records if k}
    assert models == {"all-MiniLM-L6-v2", "use-multilingual-v3"}
    cache = CachedEncoder(StandInEncoder("use-multilingual-v3", 512, seed=2))
    assert all(cache.load(k.decode(), v) for k, v in records if k and v and b"use-" in k)
    text = data.members[0].competencies[0].text
    np.testing.assert_allclose(cache.encode([text])[0], cache.encoder.encode([text])[0], rtol=1e-6)


@pytest.mark.integration
@pytest.mark.realmodel
def test_quick_run_through_the_real_broker_and_worker() -> None:
    if not os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        pytest.skip("KAFKA_BOOTSTRAP_SERVERS is not set: run under tools/with_broker.py")
    result = CliRunner().invoke(app, ["bench", "--quick", "--index-sizes", "60"])
    assert result.exit_code == 0, result.output
    pipeline = _result(result.output)["pipeline"]
    for part in ("fresh_opportunities", "fresh_profiles", "update_mix"):
        assert pipeline[part]["events"] > 0 and pipeline[part]["events_per_s"] > 0
    for part in ("low_load", "fresh_opportunities"):
        assert pipeline[part]["p50_ms"] <= pipeline[part]["p95_ms"] <= pipeline[part]["p99_ms"]
    assert set(pipeline["ratios"]) == {
        "opportunities_vs_ceiling", "profiles_vs_ceiling", "opportunities_vs_naive",
        "profiles_vs_naive", "update_mix_vs_naive",
    }  # fmt: skip
    assert pipeline["suggestions"] >= len(pipeline["ceiling"]) and pipeline["worker_rss_mib"]["peak"] > 0


def test_the_needs_bench_times_a_variant_in_turn_with_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    from tools.bench import needs

    assert needs.main(["--members", "50", "--repeats", "2", "--against", '{"evidence_breadth": 0.1}']) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 8  # 4 calls × (default, variant)
    assert lines[1].startswith('{"evidence_breadth": 0.1}: 0 topics') and "× the default" in lines[1]


def test_the_needs_bench_times_another_revision_in_turn(capsys: pytest.CaptureFixture[str]) -> None:
    """``--baseline REV`` extracts the revision and times both checkouts in their own processes; an
    unknown revision is a clear error, not a traceback."""
    from tools.bench import needs

    args = ["--members", "40", "--repeats", "1", "--rounds", "1", "--italian", "50"]
    assert needs.main([*args, "--baseline", "HEAD"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "40 members, 50 % in Italian, 1 rounds (median of each)"
    assert [line.split(":")[0] for line in lines[1:]] == ["HEAD"] * 4 + ["this checkout"] * 4
    assert lines[1].endswith("1.00× HEAD without topics")
    with pytest.raises(SystemExit, match="git archive no-such-revision"):
        needs.main([*args, "--baseline", "no-such-revision"])
