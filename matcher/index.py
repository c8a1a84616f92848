"""Exact evidence index: every member's evidence vectors in one contiguous float32 matrix.

Rows are appended on insert and tombstoned on delete or update; the matrix is compacted when
dead rows outnumber live ones, so updates never rebuild from scratch. A query is one matrix
product; per-member grouping goes through a padded ``[members, max_rows]`` table of row
numbers, rebuilt lazily after changes.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from matcher.embedding import Vectors

__all__ = ["EvidenceIndex", "MemberHits"]

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


class EvidenceIndex:
    """Member evidence vectors for exact top-k search with incremental add/update/delete."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._matrix: Vectors = np.zeros((_MIN_CAPACITY, dim), dtype=np.float32)
        self._evidence_of_row = np.full(_MIN_CAPACITY, -1, dtype=np.int32)
        self._tags = np.zeros(_MIN_CAPACITY, dtype=np.int8)
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

    def member_ids(self) -> list[str]:
        """Live members in grouping order: the same list object as :attr:`MemberHits.member_ids`."""
        return self._grouping()[1]

    def padded_rows(self, positions: NDArray[np.int64]) -> tuple[list[str], NDArray[np.int64]]:
        """Members at ``positions`` of :meth:`member_ids` and their row numbers (``-1`` padded)."""
        groups, ids = self._grouping()
        return [ids[p] for p in positions.tolist()], groups[positions]

    @property
    def nbytes(self) -> int:
        """Memory held by the vector matrix (allocated capacity, not just live rows)."""
        return int(self._matrix.nbytes)

    def upsert(
        self, member_id: str, vectors: Vectors, evidence: list[int], tags: list[int] | None = None
    ) -> None:
        """Replace ``member_id``'s rows with ``vectors``.

        ``evidence[i]`` names row ``i``'s source competency; ``tags[i]`` is a small integer the
        caller may use to route rows (e.g. their language).
        """
        if vectors.ndim != 2 or vectors.shape[1] != self.dim or len(vectors) != len(evidence):
            raise ValueError(f"expected [n, {self.dim}] vectors with one evidence index each")
        old = self._rows.pop(member_id, None)
        self._live -= 0 if old is None else len(old)
        self._maybe_compact(extra=len(vectors))
        start, stop = self._n_rows, self._n_rows + len(vectors)
        self._matrix[start:stop] = vectors
        self._evidence_of_row[start:stop] = evidence
        self._tags[start:stop] = tags if tags is not None else 0
        self._n_rows = stop
        self._rows[member_id] = np.arange(start, stop)
        self._live += len(vectors)
        self._groups = None

    def remove(self, member_id: str) -> bool:
        """Forget a member's rows; ``False`` if it was not indexed."""
        old = self._rows.pop(member_id, None)
        if old is not None:
            self._live -= len(old)
            self._groups = None
        return old is not None

    def rows(self) -> tuple[Vectors, NDArray[np.int8]]:
        """Views of the used part of the matrix and of the row tags (dead rows included)."""
        return self._matrix[: self._n_rows], self._tags[: self._n_rows]

    def member_rows(self, member_id: str) -> NDArray[np.int64]:
        """Row numbers (into :meth:`rows`) of one member's evidence; ``KeyError`` if unknown."""
        return self._rows[member_id]

    def evidence_of(self, rows: NDArray[np.int64]) -> NDArray[np.int32]:
        """The competency index behind each of ``rows``."""
        return self._evidence_of_row[rows]

    def group(self, row_scores: NDArray[np.float32]) -> MemberHits:
        """Arrange per-row scores (one per row of :meth:`rows`) by member."""
        groups, ids = self._grouping()
        pad = groups < 0
        safe = np.where(pad, 0, groups)
        sims = row_scores[safe].astype(np.float32, copy=False)
        sims[pad] = -np.inf
        evidence = np.where(pad, -1, self._evidence_of_row[safe]).astype(np.int32)
        return MemberHits(ids, sims, evidence)

    def search(self, query: Vectors) -> MemberHits:
        """Cosine similarity of one unit ``query`` vector to every live member's evidence."""
        matrix, _ = self.rows()
        return self.group(matrix @ query)

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

    def _maybe_compact(self, extra: int) -> None:
        live = self._live
        if self._n_rows + extra <= len(self._matrix):
            return
        if self._n_rows - live > live:  # mostly dead rows: squeeze them out
            order = list(self._rows.items())
            keep = np.concatenate([r for _, r in order]) if order else np.zeros(0, dtype=np.int64)
            self._matrix[: len(keep)] = self._matrix[keep]
            self._evidence_of_row[: len(keep)] = self._evidence_of_row[keep]
            self._tags[: len(keep)] = self._tags[keep]
            offset = 0
            for member_id, rows in order:
                self._rows[member_id] = np.arange(offset, offset + len(rows))
                offset += len(rows)
            self._n_rows = offset
            self._groups = None
        needed = self._n_rows + extra
        if needed > len(self._matrix):
            capacity = max(needed, 2 * len(self._matrix))
            matrix = np.zeros((capacity, self.dim), dtype=np.float32)
            matrix[: self._n_rows] = self._matrix[: self._n_rows]
            evidence = np.full(capacity, -1, dtype=np.int32)
            evidence[: self._n_rows] = self._evidence_of_row[: self._n_rows]
            tags = np.zeros(capacity, dtype=np.int8)
            tags[: self._n_rows] = self._tags[: self._n_rows]
            self._matrix, self._evidence_of_row, self._tags = matrix, evidence, tags
