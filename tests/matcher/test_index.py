"""Evidence index: incremental upsert / delete / compaction keep search exact."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.embedding import l2_normalise
from matcher.index import EvidenceIndex

_TOLERANCE = 1e-4  # int16 codes: a unit-vector dot product moves by at most scale / 2 · ‖q‖₁


def _vectors(rng: np.random.Generator, n: int, dim: int = 8) -> np.ndarray:
    return l2_normalise(rng.normal(size=(n, dim)))


def test_search_groups_rows_by_member_and_pads() -> None:
    rng = np.random.default_rng(0)
    index = EvidenceIndex(8)
    a, b = _vectors(rng, 3), _vectors(rng, 1)
    index.upsert("a", a, [0, 1, 2])
    index.upsert("b", b, [0])
    hits = index.search(a[1])
    row = hits.member_ids.index("a")
    assert abs(hits.sims[row].max() - np.dot(a[1], a[1])) < _TOLERANCE
    assert hits.evidence[row].tolist() == [0, 1, 2]
    other = hits.member_ids.index("b")
    assert np.isneginf(hits.sims[other, 1:]).all() and hits.evidence[other, 1:].tolist() == [-1, -1]


def test_update_replaces_old_evidence_and_delete_forgets() -> None:
    rng = np.random.default_rng(1)
    index = EvidenceIndex(8)
    old, new = _vectors(rng, 2), _vectors(rng, 1)
    index.upsert("a", old, [0, 1])
    index.upsert("a", new, [0])
    hits = index.search(old[0])
    assert hits.sims.shape == (1, 1) and abs(hits.sims[0, 0] - float(new[0] @ old[0])) < _TOLERANCE
    assert index.remove("a") and not index.remove("a")
    assert len(index) == 0 and index.search(old[0]).sims.shape[0] == 0


def test_many_updates_compact_and_stay_exact() -> None:
    rng = np.random.default_rng(2)
    index = EvidenceIndex(8)
    latest = {}
    for step in range(3000):
        member = f"m{step % 50}"
        vecs = _vectors(rng, 1 + step % 4)
        latest[member] = vecs
        index.upsert(member, vecs, list(range(len(vecs))))
    assert index.n_live_rows == sum(len(v) for v in latest.values())
    assert index.nbytes < 3000 * 4 * 8 * 4  # compaction kept the matrix from growing with every update
    query = _vectors(rng, 1)[0]
    hits = index.search(query)
    for i, member in enumerate(hits.member_ids):
        expected = np.sort(latest[member] @ query)[::-1]
        got = np.sort(hits.sims[i][np.isfinite(hits.sims[i])])[::-1]
        np.testing.assert_allclose(got, expected, atol=_TOLERANCE)


def test_english_part_is_stored_only_for_english_rows_and_bad_rows_change_nothing() -> None:
    rng = np.random.default_rng(3)
    vectors = _vectors(rng, 4, dim=12)
    vectors[1:3, :4] = 0.0  # rows 1 and 2 are not English: no English part
    index = EvidenceIndex(12, lead=(4, 1))
    index.upsert("a", vectors, [0, 1, 2, 3], tags=[1, 0, 0, 1])
    query = _vectors(rng, 1, dim=12)[0]
    np.testing.assert_allclose(index.dot(query), vectors @ query, atol=_TOLERANCE)
    np.testing.assert_allclose(
        index.dot(query[:4], columns=slice(0, 4)), vectors[:, :4] @ query[:4], atol=_TOLERANCE
    )
    np.testing.assert_allclose(index.vectors(np.arange(4)), vectors, atol=2e-5)
    matrix, tags = index.rows()  # the decoded copy tools use
    np.testing.assert_allclose(matrix, vectors, atol=2e-5)
    assert matrix.dtype == np.float32 and tags.tolist() == [1, 0, 0, 1]
    with pytest.raises(ValueError, match="first 4 columns"):
        index.upsert("a", _vectors(rng, 2, dim=12), [0, 1], tags=[1, 0])  # row 1 has an English part
    assert index.n_live_rows == 4 and index.member_rows("a").tolist() == [0, 1, 2, 3]


def test_two_queries_at_once_and_empty_rows() -> None:
    rng = np.random.default_rng(4)
    vectors = _vectors(rng, 3000, dim=16)
    index = EvidenceIndex(16)
    index.upsert("a", vectors, list(range(3000)))
    queries = _vectors(rng, 2, dim=16).T
    np.testing.assert_allclose(index.dot(queries), vectors @ queries, atol=_TOLERANCE)
    assert index.dot(queries[:, 0], np.zeros(0, dtype=np.int64)).shape == (0,)


def test_keyed_rows_serve_their_vectors_back_by_text_key() -> None:
    rng = np.random.default_rng(5)
    a, b = _vectors(rng, 2), _vectors(rng, 2)
    index = EvidenceIndex(8)
    index.upsert("a", a, [0, 1], tags=[1, 0], keys=[b"text-1", b"text-2"])
    index.upsert("b", b, [0, 1], tags=[1, 1], keys=[b"text-2", b"text-3"])  # text-2 shared with a
    everything, english_only = index.source(), index.source(slice(0, 4), tag=1)
    found = everything.lookup([b"text-1", b"text-3", b"unknown"])
    assert set(found) == {b"text-1", b"text-3"}
    np.testing.assert_allclose(found[b"text-1"], a[0], atol=2e-5)
    assert found[b"text-1"].dtype == np.float32 and found[b"text-1"].shape == (8,)
    assert english_only.lookup([b"text-1"])[b"text-1"].shape == (4,)
    assert everything.holds([b"text-1", b"unknown"]) == {b"text-1"} and english_only.holds([b"text-2"]) == {
        b"text-2"
    }
    index.remove("b")  # text-3 is gone; text-2 still lives in a's row, whichever row the map held
    assert set(everything.lookup([b"text-2", b"text-3"])) == {b"text-2"}
    assert english_only.lookup([b"text-2"]) == {}  # a's text-2 row is not tagged English
    for step in range(400):  # many updates: the matrix compacts, the map follows the moved rows
        index.upsert(f"m{step % 7}", _vectors(rng, 3), [0, 1, 2], keys=[b"x%d" % step, b"y", b"z%d" % step])
    assert index.n_rows < 400 * 3  # compacted
    np.testing.assert_allclose(everything.lookup([b"text-1"])[b"text-1"], a[0], atol=2e-5)
    assert set(everything.lookup([b"x399", b"y", b"x0"])) == {b"x399", b"y"}
