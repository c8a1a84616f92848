"""Evidence index: incremental upsert / delete / compaction keep search exact."""

from __future__ import annotations

import numpy as np

from matcher.embedding import l2_normalise
from matcher.index import EvidenceIndex


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
    assert hits.sims[row].max() == np.float32(np.dot(a[1], a[1]))
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
    assert hits.sims.shape == (1, 1) and abs(hits.sims[0, 0] - float(new[0] @ old[0])) < 1e-6
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
        np.testing.assert_allclose(got, expected, rtol=1e-5)
