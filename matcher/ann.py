"""Approximate candidate search for large indexes: faiss IVF over each embedding space.

It only proposes candidates, which the scorer then scores exactly. Why faiss, IVF and 4-bit codes
(measured): ``docs/SCORING.md``, section ``matcher/ann.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from matcher.embedding import Vectors
from models.exceptions import ModelUnavailable

__all__ = ["CandidateIndex", "IvfSpace"]

_REBUILD_GROWTH = 4
_MIN_IVF_ROWS = 4096
_TRAIN_PER_LIST = 40
_BUILD_CHUNK = 16_384  # rows decoded to float32 at once while building


def _faiss() -> Any:
    try:
        import faiss
    except ImportError as exc:  # pragma: no cover - faiss-cpu is a pinned dependency
        raise ModelUnavailable(f"the approximate index needs faiss-cpu: {exc}") from exc
    return faiss


class IvfSpace:
    """One embedding space: an inverted-file index (``nlist`` ≈ √n lists, 4-bit codes) with int64 keys."""

    def __init__(self, dim: int, nprobe: int) -> None:
        self.dim = dim
        self.nprobe = nprobe
        self.trained_size = 0
        self._index: Any = None
        self._flat = False

    def __len__(self) -> int:
        return 0 if self._index is None else int(self._index.ntotal)

    @property
    def nbytes(self) -> int:
        """Approximate memory of codes, ids and centroids."""
        if self._index is None:
            return 0
        if self._flat:
            return len(self) * (self.dim * 4 + 8)
        return len(self) * (int(self._index.code_size) + 8) + int(self._index.nlist) * self.dim * 4

    def build(self, sample: Vectors, expected: int) -> None:
        """Train an empty index for about ``expected`` rows on ``sample`` (then :meth:`add` them)."""
        faiss = _faiss()
        self.trained_size = max(expected, 1)
        if expected < _MIN_IVF_ROWS or len(sample) < _MIN_IVF_ROWS:  # too few to train lists: exact
            self._index, self._flat = faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim)), True
            return
        nlist = max(1, min(int(math.sqrt(expected)), len(sample) // _TRAIN_PER_LIST))
        quantizer = faiss.IndexFlatIP(self.dim)
        index = faiss.IndexIVFScalarQuantizer(
            quantizer, self.dim, nlist, faiss.ScalarQuantizer.QT_4bit, faiss.METRIC_INNER_PRODUCT
        )
        index.train(np.ascontiguousarray(sample[: _TRAIN_PER_LIST * nlist], dtype=np.float32))
        index.set_direct_map_type(faiss.DirectMap.Hashtable)  # remove by id without scanning lists
        index.nprobe = min(self.nprobe, nlist)
        self._index, self._flat = index, False

    def add(self, keys: NDArray[np.int64], vectors: Vectors) -> None:
        """Index more rows (the index must be built)."""
        if len(keys):
            self._index.add_with_ids(
                np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(keys, dtype=np.int64)
            )

    def fill(self, keys: NDArray[np.int64], load: Callable[[slice], Vectors]) -> None:
        """Index many rows, ``load(chunk)`` giving the vectors of ``keys[chunk]``, a chunk at a time.

        Rows are assigned to their lists first, so each list's memory is reserved once at its
        final size. Adding chunk after chunk grows every list several times, and the outgrown
        copies fragment the heap: 400,000 rows of 512 dims held 185 MiB that way, 123 MiB reserved.
        """
        chunks = [slice(s, s + _BUILD_CHUNK) for s in range(0, len(keys), _BUILD_CHUNK)]
        if self._flat:
            for part in chunks:
                self.add(keys[part], load(part))
            return
        faiss, index = _faiss(), self._index
        assigned = np.empty(len(keys), dtype=np.int64)
        for part in chunks:
            nearest = index.quantizer.assign(np.ascontiguousarray(load(part), dtype=np.float32), 1)
            assigned[part] = nearest[:, 0]
        lists = index.invlists
        for number, count in enumerate(np.bincount(assigned, minlength=index.nlist).tolist()):
            if count:  # reserve: grow to the final size, then back (a vector keeps its capacity)
                size = lists.list_size(number)
                lists.resize(number, size + count)
                lists.resize(number, size)
        for part in chunks:
            x = np.ascontiguousarray(load(part), dtype=np.float32)
            ids = np.ascontiguousarray(keys[part], dtype=np.int64)
            where = np.ascontiguousarray(assigned[part])
            index.add_core(len(x), faiss.swig_ptr(x), faiss.swig_ptr(ids), faiss.swig_ptr(where))

    def remove(self, keys: NDArray[np.int64]) -> None:
        """Forget rows by key (unknown keys are ignored)."""
        if len(keys) and self._index is not None:
            self._index.remove_ids(np.asarray(keys, dtype=np.int64))

    def search(self, query: Vectors, n: int) -> NDArray[np.int64]:
        """Keys of (about) the ``n`` rows with the largest inner product with ``query``."""
        if self._index is None or not len(self):
            return np.zeros(0, dtype=np.int64)
        _, keys = self._index.search(np.ascontiguousarray(query[None, :], dtype=np.float32), n)
        found: NDArray[np.int64] = keys[0][keys[0] >= 0]
        return found


class CandidateIndex:
    """Members owning the nearest evidence rows, per space, kept in step with member updates.

    ``dims`` are the widths of the English and multilingual parts of an evidence row (the
    second may be 0 when routing is off). English-space rows are only those ``english`` marks.
    """

    def __init__(self, dims: tuple[int, int], nprobe: int = 96) -> None:
        self.dims = dims
        self.nprobe = nprobe
        self._spaces = [IvfSpace(d, nprobe) if d else None for d in dims]
        self._owner: list[str | None] = []
        self._keys: dict[str, NDArray[np.int64]] = {}

    @property
    def built(self) -> bool:
        """Whether :meth:`build` has run."""
        return self._spaces[0] is not None and self._spaces[0].trained_size > 0

    @property
    def nbytes(self) -> int:
        """Approximate memory of both spaces' codes, ids and centroids."""
        return sum(s.nbytes for s in self._spaces if s is not None) + 8 * len(self._owner)

    def needs_rebuild(self, n_rows: int) -> bool:
        """True before the first build and once the index has outgrown its training."""
        space = self._spaces[1] or self._spaces[0]  # the space that holds every row
        return not self.built or (space is not None and n_rows > _REBUILD_GROWTH * space.trained_size)

    def build(
        self,
        vectors: Callable[[NDArray[np.int64], slice], Vectors],
        english: NDArray[np.bool_],
        rows_of: dict[str, NDArray[np.int64]],
        seed: int = 0,
    ) -> None:
        """(Re)build from scratch from evidence rows, decoded a chunk at a time (never all at once).

        ``vectors(rows, columns)`` gives float32 evidence rows (``[len(rows), width]``, e.g.
        :meth:`matcher.index.EvidenceIndex.vectors`, columns of ``d_en + d_ml``); ``english`` marks
        the rows in the English space; ``rows_of[id]`` are a member's row numbers. Each space is
        trained on a random sample of live rows, then filled chunk by chunk.
        """
        self._owner, self._keys = [], {}
        rows = np.concatenate(list(rows_of.values())) if rows_of else np.zeros(0, dtype=np.int64)
        for member_id, member_rows in rows_of.items():
            self._assign(member_id, len(member_rows))
        keys = np.arange(len(rows), dtype=np.int64)  # keys follow ``rows`` order
        rng = np.random.default_rng(seed)
        for space, part, offset, width in self._layout(english[rows] if len(rows) else english[:0]):
            picked = np.sort(rng.permutation(int(part.sum()))[: 256 * _TRAIN_PER_LIST * 4])
            sample_rows = rows[part][picked]
            columns = slice(offset, offset + width)
            space.build(vectors(sample_rows, columns), int(part.sum()))
            space_rows = rows[part]
            # the loader is used up before the loop moves on, so binding the loop variables is fine
            space.fill(keys[part], lambda chunk: vectors(space_rows[chunk], columns))  # noqa: B023

    def upsert(self, member_id: str, rows: Vectors, english: NDArray[np.bool_]) -> None:
        """Replace one member's rows (no-op before the first build)."""
        if not self.built:
            return
        self.remove(member_id)
        keys = self._assign(member_id, len(rows))
        for space, part, offset, width in self._layout(english):
            space.add(keys[part], rows[part, offset : offset + width])

    def remove(self, member_id: str) -> None:
        """Forget one member's rows."""
        keys = self._keys.pop(member_id, None)
        if keys is None:
            return
        for key in keys:
            self._owner[key] = None
        for space in self._spaces:
            if space is not None:
                space.remove(keys)

    def candidates(self, english: Vectors | None, multilingual: Vectors | None, n: int) -> set[str]:
        """Members owning the ``n`` nearest rows to each given query vector in its space."""
        found: set[str] = set()
        for space, query in zip(self._spaces, (english, multilingual), strict=True):
            if space is None or query is None:
                continue
            for key in space.search(query, n).tolist():
                owner = self._owner[key]
                if owner is not None:
                    found.add(owner)
        return found

    def _assign(self, member_id: str, count: int) -> NDArray[np.int64]:
        keys = np.arange(len(self._owner), len(self._owner) + count, dtype=np.int64)
        self._owner.extend([member_id] * count)
        self._keys[member_id] = keys
        return keys

    def _layout(self, english: NDArray[np.bool_]) -> list[tuple[IvfSpace, NDArray[np.bool_], int, int]]:
        """(space, which rows go into it, column offset, width) for rows whose English mask is given."""
        d_en, d_ml = self.dims
        en_space, ml_space = self._spaces
        assert en_space is not None
        everything = np.ones(len(english), dtype=bool)
        if ml_space is None:  # no routing: every row lives in the English space
            return [(en_space, everything, 0, d_en)]
        return [(en_space, english, 0, d_en), (ml_space, everything, d_en, d_ml)]
