"""Exact evidence index: every member's evidence vectors, quantised (:mod:`matcher.quantized`).

Incremental add/update/delete with lazy compaction, per-member grouping, and vectors served back
to caching encoders by text key. Layout and reasons: ``docs/SCORING.md``, section ``matcher/index.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from matcher.embedding import Vectors
from matcher.quantized import SplitRows, resized

__all__ = ["EvidenceIndex", "IndexSource", "MemberHits"]

_MIN_CAPACITY = 256


class MemberHits:
    """Similarities of one query to each live member's evidence rows.

    ``member_ids[i]`` owns row ``i`` of ``sims`` (``[members, max_rows]``, ``-inf`` padded) and
    ``evidence[i, j]`` is the competency index behind ``sims[i, j]`` (``-1`` for padding).
    """

    __slots__ = ("evidence", "member_ids", "sims")

    def __init__(self, member_ids: list[str], sims: NDArray[np.float32], evidence: NDArray[np.int32]):
        self.member_ids = member_ids
        self.sims = sims
        self.evidence = evidence

    def __len__(self) -> int:
        return len(self.member_ids)


def _key_int(key: bytes) -> int:
    return int.from_bytes(key[:8], "little") or 1  # 0 marks "no key"


class EvidenceIndex:
    """Member evidence vectors for exact top-k search with incremental add/update/delete.

    With ``lead=(width, tag)`` the first ``width`` columns are kept only for rows tagged ``tag``
    (every other row must be zero there).
    """

    def __init__(self, dim: int, lead: tuple[int, int] | None = None) -> None:
        self.dim = dim
        self._lead_tag = -1 if lead is None else lead[1]
        self._vectors = SplitRows(dim, 0 if lead is None else lead[0], _MIN_CAPACITY)
        self._evidence_of_row = np.full(_MIN_CAPACITY, -1, dtype=np.int32)
        self._tags = np.zeros(_MIN_CAPACITY, dtype=np.int8)
        self._keys = np.zeros(_MIN_CAPACITY, dtype=np.uint64)  # text key of each live row, 0 if none
        self._row_of_key: dict[int, int] = {}
        self._n_rows = 0
        self._live = 0
        self._rows: dict[str, NDArray[np.int64]] = {}
        self._groups: NDArray[np.int64] | None = None
        self._group_ids: list[str] = []

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, member_id: object) -> bool:
        return member_id in self._rows

    @property
    def n_live_rows(self) -> int:
        """Number of evidence vectors currently searchable."""
        return self._live

    @property
    def n_rows(self) -> int:
        """Rows in use, dead ones included: the length of :meth:`dot` and :meth:`tags` over all rows."""
        return self._n_rows

    def member_ids(self) -> list[str]:
        """Live members in grouping order: the same list object as :attr:`MemberHits.member_ids`."""
        return self._grouping()[1]

    def padded_rows(self, positions: NDArray[np.int64]) -> tuple[list[str], NDArray[np.int64]]:
        """Members at ``positions`` of :meth:`member_ids` and their row numbers (``-1`` padded)."""
        groups, ids = self._grouping()
        return [ids[p] for p in positions.tolist()], groups[positions]

    @property
    def nbytes(self) -> int:
        """Memory held by the vectors and row attributes (allocated capacity, not just live rows)."""
        arrays = (self._evidence_of_row, self._tags, self._keys)
        return self._vectors.nbytes + sum(int(a.nbytes) for a in arrays)

    def upsert(
        self,
        member_id: str,
        vectors: Vectors,
        evidence: list[int],
        tags: list[int] | None = None,
        keys: Sequence[bytes] | None = None,
    ) -> None:
        """Replace ``member_id``'s rows with ``vectors``.

        ``evidence[i]`` names row ``i``'s source competency; ``tags[i]`` is a small integer the
        caller may use to route rows (e.g. their language); ``keys[i]`` is the content key of
        row ``i``'s text, under which :meth:`source` serves the vector back.
        """
        if vectors.ndim != 2 or vectors.shape[1] != self.dim or len(vectors) != len(evidence):
            raise ValueError(f"expected [n, {self.dim}] vectors with one evidence index each")
        if keys is not None and len(keys) != len(vectors):
            raise ValueError("expected one text key per row")
        row_tags = np.asarray(tags if tags is not None else np.zeros(len(vectors)), dtype=np.int8)
        tagged = row_tags == self._lead_tag
        if not self._vectors.fits(len(vectors), int(tagged.sum())) and self._n_rows - self._live > self._live:
            self._compact()  # out of room and mostly dead rows: squeeze them out before growing
        start, stop = self._n_rows, self._n_rows + len(vectors)
        self._vectors.append(vectors, tagged)  # checks the rows before changing anything
        self._grow_attributes()
        self._evidence_of_row[start:stop] = evidence
        self._tags[start:stop] = row_tags
        self._keys[start:stop] = [_key_int(k) for k in keys] if keys is not None else 0
        for row, key in zip(range(start, stop), self._keys[start:stop].tolist(), strict=True):
            if key:
                self._row_of_key[key] = row
        self._n_rows = stop
        self._drop(self._rows.pop(member_id, None))  # after: unchanged texts already map to new rows
        self._rows[member_id] = np.arange(start, stop)
        self._live += len(vectors)
        self._groups = None

    def remove(self, member_id: str) -> bool:
        """Forget a member's rows; ``False`` if it was not indexed."""
        old = self._rows.pop(member_id, None)
        self._drop(old)
        return old is not None

    def tags(self, rows: NDArray[np.int64] | None = None) -> NDArray[np.int8]:
        """The tag of each of ``rows`` (all :attr:`n_rows` rows, dead ones included, by default)."""
        return self._tags[: self._n_rows] if rows is None else self._tags[rows]

    def dot(
        self, query: Vectors, rows: NDArray[np.int64] | None = None, columns: slice = slice(None)
    ) -> NDArray[np.float32]:
        """``matrix[rows, columns] @ query`` in float32 (all :attr:`n_rows` rows by default).

        ``query`` is one vector or ``[width, k]`` vectors; rows are converted a block at a time.
        """
        return self._vectors.dot(query, rows, columns)

    def vectors(self, rows: NDArray[np.int64], columns: slice = slice(None)) -> Vectors:
        """Rows ``rows`` (restricted to ``columns``) decoded to float32."""
        return self._vectors.decode(rows, columns)

    def rows(self) -> tuple[Vectors, NDArray[np.int8]]:
        """A decoded float32 copy of every used row (dead ones included), and the row tags.

        A full copy, for tools and baselines (the naive baseline of ``matchmaker bench``); search
        goes through :meth:`dot`, which never makes one.
        """
        return self.vectors(np.arange(self._n_rows)), self.tags()

    def member_rows(self, member_id: str) -> NDArray[np.int64]:
        """Row numbers (for :meth:`dot`, :meth:`vectors`) of a member's evidence; ``KeyError`` if unknown."""
        return self._rows[member_id]

    def evidence_of(self, rows: NDArray[np.int64]) -> NDArray[np.int32]:
        """The competency index behind each of ``rows``."""
        return self._evidence_of_row[rows]

    def group(self, row_scores: NDArray[np.float32]) -> MemberHits:
        """Arrange per-row scores (one per row of :meth:`dot`) by member."""
        groups, ids = self._grouping()
        pad = groups < 0
        safe = np.where(pad, 0, groups)
        sims = row_scores[safe].astype(np.float32, copy=False)
        sims[pad] = -np.inf
        evidence = np.where(pad, -1, self._evidence_of_row[safe]).astype(np.int32)
        return MemberHits(ids, sims, evidence)

    def search(self, query: Vectors) -> MemberHits:
        """Cosine similarity of one unit ``query`` vector to every live member's evidence."""
        return self.group(self.dot(query))

    def source(self, columns: slice = slice(None), tag: int | None = None) -> IndexSource:
        """Serves the ``columns`` part of keyed rows (only rows tagged ``tag``, if given) by text key."""
        return IndexSource(self, columns, tag)

    def row_of_key(self, key: bytes) -> int | None:
        """A live row whose text has content key ``key``, if any."""
        return self._row_of_key.get(_key_int(key))

    def _drop(self, rows: NDArray[np.int64] | None) -> None:
        """Bookkeeping for rows that die: live count, grouping, and the key map."""
        if rows is None:
            return
        self._live -= len(rows)
        self._groups = None
        dying = self._keys[rows].tolist()
        self._keys[rows] = 0
        mapped = self._row_of_key
        orphaned = [k for k, r in zip(dying, rows.tolist(), strict=True) if k and mapped.get(k) == r]
        for key in orphaned:
            del mapped[key]
        if orphaned:  # another live row may hold the same text (members share texts): point at it
            used = self._keys[: self._n_rows]
            for row in np.flatnonzero(np.isin(used, np.array(orphaned, dtype=np.uint64))).tolist():
                mapped.setdefault(int(used[row]), row)

    def _grouping(self) -> tuple[NDArray[np.int64], list[str]]:
        if self._groups is None:
            ids = list(self._rows)
            width = max((len(r) for r in self._rows.values()), default=0)
            groups = np.full((len(ids), width), -1, dtype=np.int64)
            for i, member_id in enumerate(ids):
                rows = self._rows[member_id]
                groups[i, : len(rows)] = rows
            self._groups, self._group_ids = groups, ids
        return self._groups, self._group_ids

    def _grow_attributes(self) -> None:
        capacity = self._vectors.capacity
        if capacity > len(self._tags):
            self._evidence_of_row = resized(self._evidence_of_row, capacity, self._n_rows, fill=-1)
            self._tags = resized(self._tags, capacity, self._n_rows)
            self._keys = resized(self._keys, capacity, self._n_rows)

    def _compact(self) -> None:
        order = list(self._rows.items())
        keep = np.concatenate([r for _, r in order]) if order else np.zeros(0, dtype=np.int64)
        self._vectors.compact(keep)
        for name in ("_evidence_of_row", "_tags", "_keys"):
            array = getattr(self, name)
            array[: len(keep)] = array[keep]
        offset = 0
        for member_id, rows in order:
            self._rows[member_id] = np.arange(offset, offset + len(rows))
            offset += len(rows)
        self._n_rows = offset
        self._groups = None
        keyed = np.flatnonzero(self._keys[:offset])
        self._row_of_key = dict(zip(self._keys[keyed].tolist(), keyed.tolist(), strict=True))


class IndexSource:
    """One embedding model's part of an :class:`EvidenceIndex`, looked up by text content key."""

    def __init__(self, index: EvidenceIndex, columns: slice, tag: int | None) -> None:
        self.index = index
        self.columns = columns
        self.tag = tag

    def lookup(self, keys: Sequence[bytes]) -> dict[bytes, Vectors]:
        """Decoded vectors of those ``keys`` whose text has a live row (of the right tag)."""
        rows = self._rows(keys)
        if not rows:
            return {}
        decoded = self.index.vectors(np.array(list(rows.values()), dtype=np.int64), self.columns)
        return dict(zip(rows, decoded, strict=True))

    def holds(self, keys: Sequence[bytes]) -> set[bytes]:
        """Which of ``keys`` :meth:`lookup` would find."""
        return set(self._rows(keys))

    def _rows(self, keys: Sequence[bytes]) -> dict[bytes, int]:
        found = {k: self.index.row_of_key(k) for k in keys}
        rows = {k: r for k, r in found.items() if r is not None}
        if self.tag is not None and rows:
            tags = self.index.tags(np.array(list(rows.values()), dtype=np.int64))
            rows = {k: r for (k, r), t in zip(rows.items(), tags.tolist(), strict=True) if t == self.tag}
        return rows
