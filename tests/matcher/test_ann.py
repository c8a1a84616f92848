"""Approximate candidate index: incremental updates, and the same top-k as exact search."""

from __future__ import annotations

import numpy as np
import pytest
from factories import HashingEncoder, member, opportunity

from matcher import ann
from matcher.ann import CandidateIndex, IvfSpace
from matcher.config import ScoringConfig
from matcher.embedding import l2_normalise
from matcher.scoring import MatchScorer
from tools.ltcdata import generate_members


def _clustered(rng: np.random.Generator, n: int, dim: int = 32, topics: int = 40) -> np.ndarray:
    centres = rng.normal(size=(topics, dim))
    return l2_normalise(centres[rng.integers(0, topics, n)] + 0.8 * rng.normal(size=(n, dim)))


def test_ivf_space_finds_nearest_rows_and_forgets_removed_ones() -> None:
    rng = np.random.default_rng(0)
    vectors = _clustered(rng, 6000)
    space = IvfSpace(32, nprobe=16)
    space.build(vectors, len(vectors))
    space.add(np.arange(6000), vectors)
    assert len(space) == 6000 and space.nbytes < vectors.nbytes / 4  # 4-bit codes, not float32
    exact = np.argsort(-(vectors @ vectors[17]))[:50]
    found = space.search(vectors[17], 100)  # coarse codes: over-fetch, as the scorer does, then score exactly
    assert len(set(found.tolist()) & set(exact.tolist())) >= 49
    space.remove(np.array([17]))
    assert 17 not in space.search(vectors[17], 50).tolist() and len(space) == 5999


def test_filling_chunk_by_chunk_with_reserved_lists_equals_adding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ann, "_BUILD_CHUNK", 1000)
    rng = np.random.default_rng(3)
    vectors = _clustered(rng, 5000)
    keys = np.arange(5000) * 3
    filled, added = IvfSpace(32, nprobe=8), IvfSpace(32, nprobe=8)
    for space in (filled, added):
        space.build(vectors, len(vectors))
    filled.fill(keys, lambda chunk: vectors[chunk])
    added.add(keys, vectors)
    assert len(filled) == len(added) == 5000
    for i in (0, 1234, 4999):
        assert filled.search(vectors[i], 20).tolist() == added.search(vectors[i], 20).tolist()
    filled.remove(keys[:10])
    assert len(filled) == 4990 and 0 not in filled.search(vectors[0], 20).tolist()


def test_small_space_is_an_exact_flat_index() -> None:
    rng = np.random.default_rng(1)
    vectors = _clustered(rng, 100)
    space = IvfSpace(32, nprobe=4)
    space.build(vectors, len(vectors))
    space.add(np.arange(100) + 1000, vectors)
    expected = (np.argsort(-(vectors @ vectors[3]))[:10] + 1000).tolist()
    assert space.search(vectors[3], 10).tolist() == expected


def test_candidates_follow_upserts_and_deletes() -> None:
    rng = np.random.default_rng(2)
    rows = {f"m{i}": _clustered(rng, 5, dim=24) for i in range(1200)}
    english = {m: np.arange(5) % 2 == 0 for m in rows}  # rows 0, 2, 4 are English
    index = CandidateIndex((8, 16), nprobe=16)
    matrix = np.vstack(list(rows.values()))
    rows_of = {m: np.arange(5 * i, 5 * i + 5) for i, m in enumerate(rows)}
    index.build(lambda r, c: matrix[r, c], np.concatenate([english[m] for m in rows]), rows_of)
    target = rows["m7"][0]
    assert "m7" in index.candidates(target[:8], target[8:], 20)
    moved = _clustered(rng, 5, dim=24)
    index.upsert("m7", moved, english["m7"])
    assert "m7" in index.candidates(moved[0, :8], moved[0, 8:], 20)
    index.remove("m7")
    assert "m7" not in index.candidates(moved[0, :8], moved[0, 8:], 200)
    assert "m7" not in index.candidates(None, moved[1, 8:], 200)
    assert not index.needs_rebuild(1200 * 5) and index.needs_rebuild(1200 * 5 * 4 + 1)


def _scorers(members: list, **config: object) -> tuple[MatchScorer, MatchScorer]:
    def build(threshold: int | None) -> MatchScorer:
        cfg = ScoringConfig(min_score=0.0, approximate_min_rows=threshold, **config)
        return MatchScorer(HashingEncoder("en", 256), HashingEncoder("ml", 256), cfg).fit(members)

    return build(None), build(1)


def test_approximate_top_k_matches_exact_on_a_generated_population() -> None:
    members = generate_members(scale=1400 * 50 / 31_654)  # ~1,400 members, ~5,000 rows
    exact, approximate = _scorers(members, approximate_nprobe=32)
    assert approximate.index_ is not None and approximate.index_.n_live_rows > 4096  # the IVF path
    texts = [c.text for m in members[::97] for c in m.competencies[:1]]
    hits = total = 0
    for i, text in enumerate(texts):
        opp = opportunity(f"o{i}", text[:60], text)
        want = [m.member_id for m in exact.rank(opp)]
        got = [m.member_id for m in approximate.rank(opp)]
        assert approximate.approximate and not exact.approximate
        hits, total = hits + len(set(want) & set(got)), total + len(want)
    assert total >= 50 and hits / total >= 0.99


def test_approximate_scores_are_exact_and_updates_reach_the_ann() -> None:
    members = [member(f"m{i}", f"topic {i} widget {i % 7} casting") for i in range(300)]
    exact, approximate = _scorers(members)
    opp = opportunity("o", "widget casting", "topic 42 widget casting")
    assert [(m.member_id, m.score) for m in approximate.rank(opp)] == [
        (m.member_id, m.score) for m in exact.rank(opp)
    ]
    newcomer = member("new", "laser welding of aluminium battery trays")
    for s in (exact, approximate):
        s.add_member(newcomer)
    welding = opportunity("w", "Laser welding", "laser welding of aluminium battery trays")
    assert approximate.rank(welding)[0].member_id == "new" == exact.rank(welding)[0].member_id
    approximate.remove_member("new")
    assert "new" not in {m.member_id for m in approximate.rank(welding)}


def test_too_few_eligible_candidates_fall_back_to_exact() -> None:
    members = [member(f"m{i}", f"casting {i}") for i in range(200)]
    members += [
        member(f"u{i}", f"ceramics and casting {i}", org_type="university", size=None) for i in range(3)
    ]
    exact, approximate = _scorers(members, approximate_candidates=10, approximate_lexical_candidates=0)
    opp = opportunity("o", "casting", "casting", seeking={"org_types": ["university"]})
    assert [m.member_id for m in approximate.rank(opp)] == [m.member_id for m in exact.rank(opp)]
    assert {m.member_id for m in approximate.rank(opp)} == {"u0", "u1", "u2"}


@pytest.mark.realmodel
def test_approximate_path_with_the_real_models(minilm: object, use_multilingual: object) -> None:
    members = [
        member("laser", "Laser welding of aluminium battery trays for electric vehicles"),
        member("saldatura", "Saldatura laser di vassoi per batterie in alluminio"),
        member("vino", "Produzione di vino biologico e spumanti metodo classico"),
        member("fleet", "Route optimisation software for electric vehicle fleets"),
        member("textile", "Technical textiles with recycled polyester fibres"),
    ]
    scorers = [
        MatchScorer(minilm, use_multilingual, ScoringConfig(min_score=0.0, approximate_min_rows=t))  # type: ignore[arg-type]
        for t in (None, 1)
    ]
    for s in scorers:
        s.fit(members)
    opp = opportunity("o", "Battery tray welding", "laser welding of aluminium trays for EV batteries")
    exact, approximate = (s.rank(opp) for s in scorers)
    assert scorers[1].approximate and scorers[1].ann_ is not None and scorers[1].ann_.dims == (384, 512)
    assert [(m.member_id, m.score) for m in approximate] == [(m.member_id, m.score) for m in exact]
    assert {exact[0].member_id, exact[1].member_id} == {"laser", "saldatura"}
