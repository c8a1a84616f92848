"""Rows of vectors stored as int16 codes times one float32 scale per row (half of float32's memory).

Error bound and the int16-over-float16 measurement: ``docs/SCORING.md``, section ``matcher/quantized.py``.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from matcher.embedding import Vectors

__all__ = ["QuantizedRows", "SplitRows", "doubled", "quantize", "resized"]

T = TypeVar("T", bound=np.generic)
_PEAK = 32767
_BLOCK = 1024  # rows converted to float32 at once: a block stays in the CPU cache
#: Up to this many values (capacity × width) a float32 mirror of the decoded rows is kept too, so a
#: full scan is one BLAS product instead of a block-wise conversion (at 10k members the conversion
#: made a scan of 40,000 rows ~10× slower); at 100k members the matrices are far above it.
DENSE_LIMIT = 48 * 2**20
#: Rows picked by number whose span is at most this many times their count are computed as one
#: product over the span and picked from it: cheaper than gathering them into a copy first.
GATHER_SPAN = 4


def doubled(capacity: int, needed: int) -> int:
    """A growable array's capacity once it holds ``needed`` rows: unchanged while they fit, else at
    least doubled (so that appending one row at a time copies each row O(1) times on average)."""
    return capacity if needed <= capacity else max(needed, 2 * capacity)


def resized(array: NDArray[T], capacity: int, used: int, fill: int = 0) -> NDArray[T]:
    """A copy of ``array`` with ``capacity`` rows: its first ``used`` rows, then ``fill``. With the
    default fill the new pages are untouched (``np.zeros``) and cost no memory until written."""
    shape = (capacity, *array.shape[1:])
    out = np.zeros(shape, dtype=array.dtype) if fill == 0 else np.full(shape, fill, dtype=array.dtype)
    out[:used] = array[:used]
    return out


def quantize(vectors: Vectors) -> tuple[NDArray[np.int16], NDArray[np.float32]]:
    """int16 codes and the per-row scale of ``vectors`` (zero rows get scale 0)."""
    if not vectors.shape[1]:
        return np.zeros(vectors.shape, dtype=np.int16), np.zeros(len(vectors), dtype=np.float32)
    scale = (np.abs(vectors).max(axis=1) / _PEAK).astype(np.float32)
    safe = np.where(scale > 0, scale, np.float32(1))
    codes = np.clip(np.rint(vectors / safe[:, None]), -_PEAK, _PEAK).astype(np.int16)
    return codes, scale


class QuantizedRows:
    """A growable ``[capacity, dim]`` matrix of quantised rows; the caller tracks which rows are used."""

    def __init__(self, dim: int, capacity: int = 256) -> None:
        self.dim = dim
        self._codes = np.zeros((capacity, dim), dtype=np.int16)
        self._scale = np.zeros(capacity, dtype=np.float32)
        self._dense: NDArray[np.float32] | None = self._mirror(capacity)

    def _mirror(self, capacity: int) -> NDArray[np.float32] | None:
        return (
            np.zeros((capacity, self.dim), dtype=np.float32) if capacity * self.dim <= DENSE_LIMIT else None
        )

    @property
    def capacity(self) -> int:
        """Rows that fit before :meth:`grow` must reallocate."""
        return len(self._scale)

    @property
    def nbytes(self) -> int:
        """Memory of codes, scales and the float32 mirror if any (allocated capacity)."""
        mirror = 0 if self._dense is None else self._dense.nbytes
        return int(self._codes.nbytes + self._scale.nbytes + mirror)

    def write(self, start: int, vectors: Vectors) -> None:
        """Store ``vectors`` as rows ``start`` onwards (they must fit)."""
        stop = start + len(vectors)
        self._codes[start:stop], self._scale[start:stop] = quantize(vectors)
        if self._dense is not None:  # the decoded values, so both paths compute the same products
            self._dense[start:stop] = self._codes[start:stop] * self._scale[start:stop, None]

    def grown(self, needed: int) -> int:
        """The capacity after :meth:`grow` makes room for ``needed`` rows."""
        return doubled(self.capacity, needed)

    def grow(self, needed: int, used: int, mirror: bool = True) -> None:
        """Make room for ``needed`` rows (at least doubling), keeping the first ``used``.

        The float32 mirror stays while the capacity is under :data:`DENSE_LIMIT`; ``mirror=False``
        drops it whatever the size (a caller's memory rule over several stores).
        """
        if not mirror:
            self._dense = None
        if needed <= self.capacity:
            return
        capacity = self.grown(needed)
        self._codes, self._scale = resized(self._codes, capacity, used), resized(self._scale, capacity, used)
        dense = self._mirror(capacity) if self._dense is not None else None  # a dropped mirror stays so
        if dense is not None and self._dense is not None:
            dense[:used] = self._dense[:used]
        self._dense = dense

    def move(self, keep: NDArray[np.int64]) -> None:
        """Rows ``keep`` become rows ``0 … len(keep) - 1`` (compaction)."""
        self._codes[: len(keep)] = self._codes[keep]
        self._scale[: len(keep)] = self._scale[keep]
        if self._dense is not None:
            self._dense[: len(keep)] = self._dense[keep]

    def dot(
        self, query: Vectors, rows: NDArray[np.int64] | int, columns: slice = slice(None)
    ) -> NDArray[np.float32]:
        """``rows[:, columns] @ query`` in float32; ``rows`` is row numbers or a count of leading rows.

        ``query`` is one vector or ``[width, k]`` vectors.
        """
        n = rows if isinstance(rows, int) else len(rows)
        if self._dense is not None:
            if isinstance(rows, int):
                product: NDArray[np.float32] = self._dense[:rows, columns] @ query
                return product
            if n and (span := int(rows.max()) + 1 - (low := int(rows.min()))) <= GATHER_SPAN * n:
                # the product of the rows' whole span, then the rows: copying picked rows out of
                # the mirror costs several times a product over them (docs/QUALITY.md, fifth pass)
                product = (self._dense[low : low + span, columns] @ query)[rows - low]
                return product
            product = self._dense[rows, columns] @ query
            return product
        out = np.empty((n, *query.shape[1:]), dtype=np.float32)
        width = len(range(*columns.indices(self.dim)))
        buffer = np.empty((min(n, _BLOCK), width), dtype=np.float32)
        for start in range(0, n, _BLOCK):
            stop = min(n, start + _BLOCK)
            picked: slice | NDArray[np.int64] = (
                slice(start, stop) if isinstance(rows, int) else rows[start:stop]
            )
            block = buffer[: stop - start]
            np.copyto(block, self._codes[picked, columns], casting="unsafe")
            part = block @ query
            scale = self._scale[picked]
            out[start:stop] = part * (scale if part.ndim == 1 else scale[:, None])
        return out

    def decode(self, rows: NDArray[np.int64], columns: slice = slice(None)) -> Vectors:
        """Rows ``rows`` (``columns`` of them) as float32."""
        decoded: Vectors = self._codes[rows, columns].astype(np.float32)
        decoded *= self._scale[rows][:, None]
        return decoded


class SplitRows:
    """Quantised rows of ``dim`` columns whose first ``lead`` columns only flagged rows have.

    The other rows read as zero there and store nothing for them (the scorer's rows are
    ``[English model | multilingual model]``, and only English evidence has an English part).
    Flagged and other rows are kept in separate stores, each in append order, so that a product
    over the rows of one kind reads one contiguous block (an English query reads the multilingual
    columns of the non-English rows only). The leading part keeps a float32 mirror while it is
    under :data:`DENSE_LIMIT` values; the two stores of the other columns keep theirs while both
    together are. Row numbers are the caller's: :meth:`append` adds at the end, :meth:`compact`
    moves rows.
    """

    def __init__(self, dim: int, lead: int = 0, capacity: int = 256) -> None:
        self.dim = dim
        self.lead = lead
        self._part = QuantizedRows(lead, capacity)  # the leading columns of flagged rows
        self._flagged_rest = QuantizedRows(dim - lead, capacity)  # the other columns of flagged rows
        self._other_rest = QuantizedRows(dim - lead, capacity)  # the columns every other row has
        self._grow_rest(capacity, 0, capacity, 0)
        self._flagged = np.zeros(capacity, dtype=bool)  # per row: in the flagged stores or not
        self._slot = np.zeros(capacity, dtype=np.int64)  # per row: its position in its stores
        self._n_rows = 0
        self._n_flagged = 0
        self._n_other = 0

    @property
    def capacity(self) -> int:
        """Rows that fit before the next append reallocates the per-row arrays."""
        return len(self._slot)

    @property
    def nbytes(self) -> int:
        """Memory of codes, scales and the row maps (allocated capacity)."""
        stores = self._part.nbytes + self._flagged_rest.nbytes + self._other_rest.nbytes
        return stores + int(self._flagged.nbytes + self._slot.nbytes)

    def fits(self, vectors: int, flagged: int) -> bool:
        """Whether ``vectors`` more rows, ``flagged`` of them with the leading part, fit without growing."""
        return (
            self._n_rows + vectors <= self.capacity
            and self._n_flagged + flagged <= self._flagged_rest.capacity
            and self._n_other + vectors - flagged <= self._other_rest.capacity
        )

    def append(self, vectors: Vectors, flagged: NDArray[np.bool_]) -> None:
        """Add rows at the end; only ``flagged`` rows may be non-zero in the leading columns."""
        lead, n, k = self.lead, len(vectors), int(flagged.sum())
        if lead and np.any(vectors[~flagged, :lead]):
            raise ValueError(f"only flagged rows may have the first {lead} columns")
        if self._n_rows + n > self.capacity:
            capacity = doubled(self.capacity, self._n_rows + n)
            self._flagged = resized(self._flagged, capacity, self._n_rows)
            self._slot = resized(self._slot, capacity, self._n_rows)
        self._part.grow(self._n_flagged + k, self._n_flagged)
        self._grow_rest(self._n_flagged + k, self._n_flagged, self._n_other + n - k, self._n_other)
        self._part.write(self._n_flagged, vectors[flagged, :lead])
        self._flagged_rest.write(self._n_flagged, vectors[flagged, lead:])
        self._other_rest.write(self._n_other, vectors[~flagged, lead:])
        rows = slice(self._n_rows, self._n_rows + n)
        self._flagged[rows] = flagged
        slots = np.empty(n, dtype=np.int64)
        slots[flagged] = np.arange(self._n_flagged, self._n_flagged + k)
        slots[~flagged] = np.arange(self._n_other, self._n_other + n - k)
        self._slot[rows] = slots
        self._n_rows += n
        self._n_flagged += k
        self._n_other += n - k

    def _grow_rest(self, flagged: int, flagged_used: int, other: int, other_used: int) -> None:
        """Make room in the two stores of the shared columns. They were one matrix once: their
        mirrors count together against DENSE_LIMIT, so that splitting them does not double the
        float32 memory (docs/QUALITY.md, sixth pass)."""
        rest, other_rest = self._flagged_rest, self._other_rest
        mirror = (rest.grown(flagged) + other_rest.grown(other)) * rest.dim <= DENSE_LIMIT
        rest.grow(flagged, flagged_used, mirror)
        other_rest.grow(other, other_used, mirror)

    def compact(self, keep: NDArray[np.int64]) -> None:
        """Rows ``keep`` become rows ``0 … len(keep) - 1``; the others are dropped."""
        flagged, slots = self._flagged[keep], self._slot[keep]
        for store in (self._part, self._flagged_rest):
            store.move(slots[flagged])
        self._other_rest.move(slots[~flagged])
        self._n_flagged, self._n_other = int(flagged.sum()), int((~flagged).sum())
        renumbered = np.empty(len(keep), dtype=np.int64)
        renumbered[flagged] = np.arange(self._n_flagged)
        renumbered[~flagged] = np.arange(self._n_other)
        self._flagged[: len(keep)], self._slot[: len(keep)] = flagged, renumbered
        self._n_rows = len(keep)

    def _kinds(self, rows: NDArray[np.int64] | None) -> tuple[int, NDArray[np.bool_], NDArray[np.int64]]:
        """How many rows, which of them are flagged, and their positions in their stores."""
        if rows is None:
            return self._n_rows, self._flagged[: self._n_rows], self._slot[: self._n_rows]
        return len(rows), self._flagged[rows], self._slot[rows]

    def dot(
        self, query: Vectors, rows: NDArray[np.int64] | None = None, columns: slice = slice(None)
    ) -> NDArray[np.float32]:
        """``matrix[rows, columns] @ query`` in float32 (all rows by default)."""
        start, stop, _ = columns.indices(self.dim)
        query = np.asarray(query, dtype=np.float32)
        n, flagged, slots = self._kinds(rows)
        lead = self.lead
        out = np.zeros((n, *query.shape[1:]), dtype=np.float32)
        if stop > lead:  # the columns every row has
            first = max(start, lead)
            rest, part = slice(first - lead, stop - lead), query[first - start :]
            for store, mine, count in (
                (self._flagged_rest, flagged, self._n_flagged),
                (self._other_rest, ~flagged, self._n_other),
            ):
                if mine.any():  # all rows: a store's rows are its first ``count``, in row order
                    out[mine] = store.dot(part, count if rows is None else slots[mine], rest)
        if start < lead and flagged.any():  # the leading columns: only flagged rows have them
            end = min(stop, lead)
            picked = self._n_flagged if rows is None else slots[flagged]
            out[flagged] += self._part.dot(query[: end - start], picked, slice(start, end))
        return out

    def decode(self, rows: NDArray[np.int64], columns: slice = slice(None)) -> Vectors:
        """Rows ``rows`` (``columns`` of them) as float32, zero where a row lacks the leading part."""
        start, stop, _ = columns.indices(self.dim)
        n, flagged, slots = self._kinds(rows)
        lead = self.lead
        out = np.zeros((n, max(stop - start, 0)), dtype=np.float32)
        if stop > lead:
            first = max(start, lead)
            rest = slice(first - lead, stop - lead)
            for store, mine in ((self._flagged_rest, flagged), (self._other_rest, ~flagged)):
                if mine.any():
                    out[mine, first - start :] = store.decode(slots[mine], rest)
        if start < lead and flagged.any():
            end = min(stop, lead)
            out[flagged, : end - start] = self._part.decode(slots[flagged], slice(start, end))
        return out
