"""Quantised rows: int16 codes score like float32; the leading part is stored only where it exists."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.embedding import l2_normalise
from matcher.quantized import QuantizedRows, SplitRows, doubled, quantize, resized

_TOLERANCE = 1e-4  # a unit-vector dot product moves by at most scale / 2 · ‖q‖₁


def _vectors(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    return l2_normalise(rng.normal(size=(n, dim)))


def test_int16_codes_score_like_float32(monkeypatch: pytest.MonkeyPatch) -> None:
    import matcher.quantized as quantized

    monkeypatch.setattr(quantized, "DENSE_LIMIT", 0)  # large-matrix mode: codes only, block-wise products
    rng = np.random.default_rng(3)
    vectors = _vectors(rng, 3000, 512)
    rows = QuantizedRows(512, capacity=16)
    rows.grow(3000, 0)
    rows.write(0, vectors)
    assert rows.nbytes < vectors.nbytes / 1.9  # half of float32, plus one scale per row
    for query in _vectors(rng, 5, 512):
        got, want = rows.dot(query, 3000), vectors @ query
        assert np.abs(got - want).max() < _TOLERANCE
        order = np.argsort(-got, kind="stable")
        assert np.all(np.diff(want[order]) <= 2 * _TOLERANCE)  # the ranking changes only among near-ties
        subset = np.arange(3000)[1::7]
        np.testing.assert_allclose(rows.dot(query, subset), want[subset], atol=_TOLERANCE)
    np.testing.assert_allclose(rows.decode(np.arange(9)), vectors[:9], atol=2e-5)


def test_zero_rows_and_empty_widths_quantise_to_zero() -> None:
    codes, scale = quantize(np.zeros((2, 5), dtype=np.float32))
    assert not codes.any() and not scale.any()
    codes, scale = quantize(np.zeros((3, 0), dtype=np.float32))
    assert codes.shape == (3, 0) and scale.shape == (3,)


@pytest.mark.parametrize("mirrored", [True, False])
def test_split_rows_store_the_leading_part_only_for_flagged_rows(
    mirrored: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matcher.quantized as quantized

    if not mirrored:
        monkeypatch.setattr(quantized, "DENSE_LIMIT", 0)  # block-wise products on the codes
    rng = np.random.default_rng(4)
    vectors = _vectors(rng, 1000, 24)
    flagged = rng.random(1000) < 0.6
    vectors[~flagged, :8] = 0.0
    split, dense = SplitRows(24, lead=8, capacity=16), SplitRows(24, capacity=16)
    for start in range(0, 1000, 100):  # appended in pieces: both parts grow
        split.append(vectors[start : start + 100], flagged[start : start + 100])
        dense.append(vectors[start : start + 100], np.zeros(100, dtype=bool))
    assert split.nbytes < dense.nbytes * 0.95
    queries = _vectors(rng, 2, 24).T
    for columns in (slice(None), slice(0, 8), slice(8, None), slice(4, 12)):
        want = vectors[:, columns] @ queries[columns]
        np.testing.assert_allclose(split.dot(queries[columns], columns=columns), want, atol=_TOLERANCE)
    picked = np.flatnonzero(flagged)[::3]
    np.testing.assert_allclose(
        split.dot(queries[:8, 0], picked, slice(0, 8)), vectors[picked, :8] @ queries[:8, 0], atol=_TOLERANCE
    )
    np.testing.assert_allclose(split.decode(np.arange(1000)), vectors, atol=2e-5)
    keep = np.arange(1000)[::-4]  # compaction: any subset, in any order
    split.compact(keep)
    np.testing.assert_allclose(split.decode(np.arange(len(keep))), vectors[keep], atol=2e-5)
    mixed = np.array([3, 0, 200, 17, 17, 249])  # flagged and other rows, unordered, one twice
    for columns in (slice(None), slice(0, 8), slice(8, None), slice(4, 12)):
        want = vectors[keep][:, columns] @ queries[columns]
        np.testing.assert_allclose(split.dot(queries[columns], columns=columns), want, atol=_TOLERANCE)
        np.testing.assert_allclose(split.dot(queries[columns], mixed, columns), want[mixed], atol=_TOLERANCE)
    split.append(vectors[:100], flagged[:100])  # appends after a compaction land after the kept rows
    np.testing.assert_allclose(split.decode(np.arange(len(keep), len(keep) + 100)), vectors[:100], atol=2e-5)
    np.testing.assert_allclose(split.dot(queries)[len(keep) :], vectors[:100] @ queries, atol=_TOLERANCE)
    with pytest.raises(ValueError, match="first 8 columns"):
        split.append(vectors[:2], np.zeros(2, dtype=bool))


def test_small_matrices_keep_a_float32_mirror_that_gives_the_same_products(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import matcher.quantized as quantized

    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(300, 40)).astype(np.float32)
    query = rng.normal(size=40).astype(np.float32)
    made = []
    for limit in (quantized.DENSE_LIMIT, 0):
        monkeypatch.setattr(quantized, "DENSE_LIMIT", limit)
        rows = quantized.QuantizedRows(40, capacity=8)
        rows.grow(300, 0)
        rows.write(0, vectors)
        rows.move(np.arange(1, 300, 2))  # compaction keeps the mirror in step
        made.append(rows)
    mirrored, blockwise = made
    assert mirrored._dense is not None and blockwise._dense is None
    picked = np.array([3, 0, 100, 149])
    for which in (150, picked):
        np.testing.assert_allclose(mirrored.dot(query, which), blockwise.dot(query, which), atol=1e-5)
    np.testing.assert_allclose(mirrored.dot(query, picked), vectors[1::2][picked] @ query, atol=1e-3)


def test_the_two_stores_of_the_shared_columns_mirror_while_both_together_fit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Splitting rows by kind must not double the float32 memory. Here 300 rows of each kind fit
    the limit together (2 x 300 x 16 values); growing to 600 each would fit for each store alone,
    but not together, so both drop their mirrors. The leading part's mirror is decided alone. The
    products are the rows' either way."""
    import matcher.quantized as quantized

    monkeypatch.setattr(quantized, "DENSE_LIMIT", 16 * 1024)
    rng = np.random.default_rng(5)
    vectors = _vectors(rng, 604, 24)
    flagged = np.arange(604) % 2 == 0
    vectors[~flagged, :8] = 0.0
    queries = _vectors(rng, 3, 24).T
    split = SplitRows(24, lead=8, capacity=16)
    for stop, mirrored in ((600, True), (604, False)):
        start = 0 if mirrored else 600
        split.append(vectors[start:stop], flagged[start:stop])
        assert split._part._dense is not None
        assert (split._flagged_rest._dense is not None) is mirrored
        assert (split._other_rest._dense is not None) is mirrored
        want = vectors[:stop] @ queries
        np.testing.assert_allclose(split.dot(queries), want, atol=_TOLERANCE)
        picked = np.array([7, 0, stop - 1, 5])
        np.testing.assert_allclose(split.dot(queries, picked), want[picked], atol=_TOLERANCE)


def test_the_mirror_rule_counts_a_store_at_its_allocated_capacity(monkeypatch: pytest.MonkeyPatch) -> None:
    """A store that need not grow still holds its whole capacity: 401 flagged rows sit in room for
    800, so 300 more rows of the other kind (800 + 300 rows x 16 values > the limit) drop both
    mirrors. Counting the flagged store at its 401 rows kept them beyond the limit."""
    import matcher.quantized as quantized

    monkeypatch.setattr(quantized, "DENSE_LIMIT", 16 * 1024)
    rng = np.random.default_rng(6)
    vectors = _vectors(rng, 701, 24)
    flagged = np.arange(701) < 401
    vectors[~flagged, :8] = 0.0
    split = SplitRows(24, lead=8, capacity=16)
    split.append(vectors[:400], flagged[:400])
    split.append(vectors[400:401], flagged[400:401])  # the flagged stores double to 800 rows
    assert split._flagged_rest.capacity == 800 and split._flagged_rest._dense is not None
    split.append(vectors[401:], flagged[401:])
    assert (split._flagged_rest.capacity + split._other_rest.capacity) * 16 > quantized.DENSE_LIMIT
    assert split._flagged_rest._dense is None and split._other_rest._dense is None
    queries = _vectors(rng, 2, 24).T
    np.testing.assert_allclose(split.dot(queries), vectors @ queries, atol=_TOLERANCE)


def test_rows_picked_close_together_or_far_apart_give_the_same_products() -> None:
    """Rows dense in their span are computed as one product over the span, then picked
    (``GATHER_SPAN``); sparse ones are gathered first. Both are the rows' products, in their order."""
    from matcher.quantized import GATHER_SPAN

    rng = np.random.default_rng(11)
    vectors = rng.normal(size=(400, 16)).astype(np.float32)
    rows = QuantizedRows(16, capacity=400)
    rows.write(0, vectors)
    queries = rng.normal(size=(16, 3)).astype(np.float32)
    close = rng.permutation(np.arange(120, 200))[:60]  # shuffled, in a span of at most 80
    far = np.array([399, 0, 200])
    assert np.ptp(close) + 1 <= GATHER_SPAN * len(close) and np.ptp(far) + 1 > GATHER_SPAN * len(far)
    for picked in (close, far, np.array([5, 5, 6])):
        for query in (queries, queries[:, 0]):
            np.testing.assert_allclose(rows.dot(query, picked), vectors[picked] @ query, atol=1e-3)
    assert rows.dot(queries, np.array([], dtype=np.int64)).shape == (0, 3)


def test_growth_keeps_the_used_rows_fills_the_rest_and_at_least_doubles() -> None:
    """The one growth rule of the index's arrays (rows, their maps and attributes)."""
    assert doubled(256, 200) == 256  # fits: unchanged
    assert doubled(256, 300) == 512  # at least doubled
    assert doubled(256, 1000) == 1000  # or what is needed
    codes = np.arange(12, dtype=np.int16).reshape(4, 3)
    grown = resized(codes, 6, used=2)
    assert grown.shape == (6, 3) and grown.dtype == np.int16
    np.testing.assert_array_equal(grown[:2], codes[:2])
    assert not grown[2:].any()  # rows past ``used`` are not copied
    evidence = resized(np.array([7, 8, 9], dtype=np.int32), 5, used=3, fill=-1)
    np.testing.assert_array_equal(evidence, [7, 8, 9, -1, -1])
