"""The demo's membership: real Lombardy organisations beside the generated ones, and its topics."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from models.events import MemberProfile
from tools.ltcdata import CLUSTERS, ECOSYSTEMS, generate_members, member_opportunities, targeted_pairs
from tools.ltcdata.demo_set import demo_data, spread
from tools.ltcdata.horizon import DEFAULT_TOPICS_PATH
from tools.ltcdata.population import INSTITUTIONS, PUBLIC_BODIES
from tools.ltcdata.real_members import (
    DEFAULT_REAL_MEMBERS_PATH,
    MAX_PROJECTS,
    REAL_PREFIX,
    SAME_AS,
    guess_clusters,
    read_real_organisations,
    with_real_organisations,
)

needs_real = pytest.mark.skipif(
    not (DEFAULT_REAL_MEMBERS_PATH.exists() and DEFAULT_TOPICS_PATH.exists()),
    reason="../shared data not checked out",
)
_DAY = dt.date(2026, 12, 6)


def _record(pic: str, name: str, region: str, *texts: str) -> dict[str, object]:
    return {
        "member_id": pic,
        "name": name,
        "clusters": [region],
        "org_type": "company",
        "size": None,
        "ecosystems": [],
        "competencies": [{"text": t, "kind": "project"} for t in texts],
        "updated_at": "2026-11-20T09:00:00Z",
    }


@pytest.fixture(scope="module")
def real() -> list[MemberProfile]:
    return read_real_organisations()


def test_guess_clusters_reads_the_domain_and_adds_a_close_runner_up() -> None:
    assert guess_clusters(
        ["Anion exchange membrane electrolyser for renewable hydrogen and grid energy"]
    ) == ["LE2C"]
    assert guess_clusters(["Composite aircraft wing spars and satellite structures for space flight"]) == [
        "LAC"
    ]
    texts = ["Clinical decision support for cancer patients", "Robot cells for factory automation"]
    assert guess_clusters(texts) == ["LLSC", "AFIL"]  # 4 hits, and 3 (at least two thirds of 4)
    assert guess_clusters(texts, most=1) == ["LLSC"]
    assert guess_clusters([*texts, "Tumour cell therapy"]) == ["LLSC"]  # 7 and 3: one cluster
    assert guess_clusters(["Nothing of any domain here"]) == [next(iter(CLUSTERS))]  # everyone gets one


def test_reader_keeps_the_region_real_names_and_at_most_the_project_cap(tmp_path: Path) -> None:
    path = tmp_path / "members.jsonl"
    lines = [
        json.dumps(
            _record(
                "1", "ACME ROBOTICS SRL", "Lombardia", *[f"Robot cell {i} for factories" for i in range(5)]
            )
        ),
        json.dumps(_record("2", "Roma Food", "Lazio", "Food processing")),
        "{not json",
        json.dumps({**_record("3", "No Evidence", "Lombardia"), "competencies": []}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (only,) = read_real_organisations(path, max_projects=2)
    assert only.member_id == f"{REAL_PREFIX}1" and only.name == "ACME ROBOTICS SRL"
    assert [c.text for c in only.competencies] == ["Robot cell 0 for factories", "Robot cell 1 for factories"]
    assert only.clusters == ["AFIL"] and "advanced_manufacturing" in only.ecosystems


@needs_real
def test_every_lombardy_organisation_gets_plausible_clusters(real: list[MemberProfile]) -> None:
    assert len(real) == 476 and len({m.member_id for m in real}) == 476
    assert all(m.member_id.startswith(REAL_PREFIX) for m in real)
    for member in real:
        assert 1 <= len(member.clusters) <= 2 and set(member.clusters) <= set(CLUSTERS)
        assert member.ecosystems and set(member.ecosystems) <= set(ECOSYSTEMS)
        assert 1 <= len(member.competencies) <= MAX_PROJECTS
    clusters = Counter(c for m in real for c in m.clusters)
    assert set(clusters) == set(CLUSTERS)  # every cluster has real members
    by_name = {m.name: m for m in real}
    assert "LLSC" in by_name["FONDAZIONE IRCCS ISTITUTO NAZIONALE DEI TUMORI"].clusters
    assert "LE2C" in by_name["DE NORA ITALY HYDROGEN TECHNOLOGIES SRL"].clusters


@needs_real
def test_same_as_names_demo_institutions_and_their_real_records(real: list[MemberProfile]) -> None:
    institutions = {i.member_id: i.name for i in INSTITUTIONS + PUBLIC_BODIES}
    by_id = {m.member_id: m for m in real}
    assert set(SAME_AS) <= set(institutions)
    for demo_id, pic in SAME_AS.items():
        record = by_id[REAL_PREFIX + pic]
        words = {w for w in institutions[demo_id].upper().replace("'", " ").split() if len(w) > 3}
        assert words & set(record.name.upper().replace("'", " ").split()), (demo_id, record.name)


@needs_real
def test_real_organisations_join_once_and_institutions_gain_their_projects() -> None:
    generated = generate_members()
    members = with_real_organisations(generated)
    ids = [m.member_id for m in members]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert len({m.name for m in members}) == len(members)
    assert len(members) == len(generated) + 476 - len(SAME_AS)
    before, after = {m.member_id: m for m in generated}, {m.member_id: m for m in members}
    for demo_id, pic in SAME_AS.items():
        assert REAL_PREFIX + pic not in after
        old, new = before[demo_id], after[demo_id]
        assert (new.name, new.clusters) == (old.name, old.clusters)
        assert new.competencies[: len(old.competencies)] == old.competencies
        assert len(old.competencies) < len(new.competencies) <= len(old.competencies) + MAX_PROJECTS
    assert all(after[m.member_id] == m for m in generated if m.member_id not in SAME_AS)


def test_without_the_data_file_the_population_is_unchanged(tmp_path: Path) -> None:
    generated = generate_members(scale=0.2)
    assert with_real_organisations(generated, path=tmp_path / "missing.jsonl") == generated


def test_spread_takes_the_middle_of_equal_runs() -> None:
    items = list(range(10))
    assert spread(items, 2) == [2, 7]
    assert spread(items, 5) == [1, 3, 5, 7, 9]
    assert spread(items, 10) == items and spread(items, 40) == items
    assert spread(items, 0) == []


@needs_real
def test_demo_data_keeps_the_partner_searches_and_their_targets() -> None:
    data = demo_data(_DAY)
    generated = generate_members()
    assert data.partner_searches == member_opportunities(generated, today=_DAY)
    assert targeted_pairs(data.members) == targeted_pairs(generated)
    assert len(data.calls) == 3 and len(data.horizon) == 40
    assert all(t.is_open(_DAY) for t in data.horizon)
    assert len({t.opportunity_id for t in data.horizon}) == 40
    assert len({t.opportunity_id.split("-")[2] for t in data.horizon}) >= 8  # many parts of the programme
    plain = demo_data(_DAY, real=False, first_topics=True)
    assert plain.members == generated and plain.horizon != data.horizon
    assert data.opportunities == [*data.calls, *data.partner_searches, *data.horizon]
