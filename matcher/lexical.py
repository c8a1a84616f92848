"""Lexical signal: TF-IDF over each member's whole evidence, kept up to date incrementally.

:class:`LexicalIndex` also logs changes (:meth:`LexicalIndex.track_changes`) and bounds how far
similarities moved since (:meth:`LexicalIndex.drift_since`). Why: ``docs/SCORING.md``.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

from matcher.text import ITALIAN_STOP_WORDS

__all__ = ["LexicalDrift", "LexicalIndex"]

_SMALL_SET = 512  # member sets up to this size are scored without a dense 2**20 query vector
_TERM_CACHE = 100_000  # key terms whose hashed ids are remembered (explanations ask for the same ones)
_QUERY_CACHE = 1024  # hashed query texts kept (the open opportunities are queried again and again)


class _Doc:
    """One member's terms: the two arrays the index reads of a one-row ``csr_matrix``.

    A scipy matrix object per member costs about a kilobyte of Python objects (≈100 MiB at 100,000
    members); this keeps only ``indices`` (term ids) and ``data`` (sublinear tf), the same values.
    """

    __slots__ = ("data", "indices")

    def __init__(self, row: sp.csr_matrix) -> None:
        self.indices: NDArray[np.int32] = row.indices
        self.data: NDArray[np.float64] = row.data


@dataclass(frozen=True)
class LexicalDrift:
    """How far the index moved since a logged step (see :meth:`LexicalIndex.drift_since`).

    For every indexed member that is neither in ``changed`` nor in ``holders``, and any query (or
    the query it was asked for), ``cos_now * |q|_now <= growth * cos_then * |q|_then``: the cosine
    grows at most by ``growth`` once the query's own TF-IDF norm (:meth:`LexicalIndex.norm`,
    measured exactly) is set apart.
    """

    changed: frozenset[str]  # members added, replaced or removed since
    holders: frozenset[str]  # other members holding a term whose weight moved more than the log allows
    # (and, when asked for one query, a term of that query)
    growth: float


class _Change:
    """One logged add/remove: who, how far the weights moved, its rare terms (their holders lazily).

    Every weight other than the rare terms' moved by a ratio in ``[1 - down, 1 + up]``, where ``up``
    is ``shift`` or, for a query holding one of the ``risers``, that term's ``rise``.
    """

    __slots__ = ("down", "holders", "member_id", "rare", "rise", "risers", "shift")

    def __init__(
        self,
        member_id: str,
        down: float,
        shift: float,
        risers: NDArray[np.int32],
        rise: NDArray[np.float64],
        rare: NDArray[np.int32],
    ) -> None:
        self.member_id = member_id
        self.down, self.shift, self.risers, self.rise = down, shift, risers, rise
        self.rare = rare
        self.holders: frozenset[str] | None = None if len(rare) else frozenset()

    def log_growth(self, query_terms: NDArray[np.int32] | None) -> float:
        """``log`` of how much this change lets a cosine grow (to any query, or to one with these terms).

        ``cos = Σ_{t∈d∩q} d_t q_t w_t² / (|d∘w| |q∘w|)``: the numerator only holds the query's terms,
        so it grows at most by ``(1 + up)²`` over them; ``|d∘w|`` shrinks at most by ``1 - down``;
        the query's own norm is measured exactly by the caller.
        """
        rise = self.rise
        if query_terms is not None and len(rise):
            rise = rise[np.isin(self.risers, query_terms)]
        up = max(self.shift, float(rise.max()) if len(rise) else 0.0)
        return 2.0 * math.log1p(up) - math.log1p(-self.down) + 1e-12  # a hair over, for the logs' rounding


#: :meth:`LexicalIndex._since`: changes after a step, who they changed, other holders, their rows.
_Since = tuple[list[_Change], frozenset[str], list[str], sp.csr_matrix]


def idf_weight(n_docs: int, df: NDArray[np.integer[Any]]) -> NDArray[np.float64]:
    """Smooth IDF, ``log((1 + n) / (1 + df)) + 1`` (at least 1 for any term of an indexed document)."""
    weight: NDArray[np.float64] = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    return weight


class _Postings:
    """Every document's term ids in one flat array, with the slot of the member that holds them.

    Appended to on every add (the old slot marked dead) and compacted when dead postings outnumber
    live ones, so finding the holders of a few terms is one pass over one array.
    """

    def __init__(self, docs: dict[str, _Doc]) -> None:
        self.ids: list[str] = []
        self.lengths: list[int] = []
        self.slot: dict[str, int] = {}
        self.live = np.zeros(0, dtype=bool)
        self.terms = np.zeros(0, dtype=np.int32)
        self.owner = np.zeros(0, dtype=np.int32)
        self.size = self.dead = 0
        for member_id, doc in docs.items():
            self.add(member_id, doc.indices)

    def add(self, member_id: str, terms: NDArray[np.int32]) -> None:
        self.drop(member_id)
        slot = self.slot[member_id] = len(self.ids)
        self.ids.append(member_id)
        self.lengths.append(len(terms))
        if slot >= len(self.live):
            self.live = np.resize(self.live, max(2 * len(self.live), 1024))
        self.live[slot] = True
        end = self.size + len(terms)
        if end > len(self.terms):
            capacity = max(end, 2 * len(self.terms), 4096)
            self.terms, self.owner = np.resize(self.terms, capacity), np.resize(self.owner, capacity)
        self.terms[self.size : end] = terms
        self.owner[self.size : end] = slot
        self.size = end

    def drop(self, member_id: str) -> None:
        slot = self.slot.pop(member_id, None)
        if slot is None:
            return
        self.live[slot] = False
        self.dead += self.lengths[slot]
        if self.dead > self.size - self.dead:  # mostly dead: keep the live postings only
            keep = self.live[self.owner[: self.size]]
            slots = np.flatnonzero(self.live[: len(self.ids)])
            renumber = np.zeros(len(self.ids), dtype=np.int32)
            renumber[slots] = np.arange(len(slots), dtype=np.int32)
            self.terms = self.terms[: self.size][keep]
            self.owner = renumber[self.owner[: self.size][keep]]
            self.ids = [self.ids[i] for i in slots.tolist()]
            self.lengths = [self.lengths[i] for i in slots.tolist()]
            self.slot = {m: i for i, m in enumerate(self.ids)}
            self.live = np.ones(len(self.ids), dtype=bool)
            self.size, self.dead = len(self.terms), 0

    def holders(self, wanted: NDArray[np.int32]) -> tuple[NDArray[np.int32], list[str]]:
        """``(term, holder)`` of every live posting of one of the ``wanted`` terms, as two sequences."""
        terms, owner = self.terms[: self.size], self.owner[: self.size]
        hit = np.isin(terms, wanted, kind="table")  # a lookup table over the term ids: one linear pass
        hit[hit] = self.live[owner[hit]]
        return terms[hit], [self.ids[i] for i in owner[hit].tolist()]


class LexicalIndex:
    """Per-member term counts with running document frequencies; cosine TF-IDF similarity."""

    def __init__(self, n_features: int = 2**20) -> None:
        self.n_features = n_features
        self._vectorizer = HashingVectorizer(
            n_features=n_features,
            alternate_sign=False,
            norm=None,
            lowercase=True,
            stop_words=sorted(ENGLISH_STOP_WORDS | ITALIAN_STOP_WORDS),
            token_pattern=r"(?u)\b[^\W\d_][\w\-]+\b",
        )
        self._docs: dict[str, _Doc] = {}
        self._df = np.zeros(n_features, dtype=np.int32)
        self._stack_ids: list[str] | None = None
        self._stack: sp.csr_matrix | None = None
        self._stack_version = -1
        self._norms: NDArray[np.float64] | None = None
        self._version = 0  # bumped on every add/remove: cached weights are stale after it
        self._idf_cache: NDArray[np.float64] | None = None
        self._idf_squared: NDArray[np.float64] | None = None
        self._idf_version = -1
        self._queries: dict[str, sp.csr_matrix] = {}
        self._term_cache: dict[str, NDArray[np.int32]] = {}
        self._single: tuple[int, str, sp.csr_matrix, NDArray[np.float64]] | None = None
        self._log: deque[_Change] | None = None
        self._log_start = 0  # step of the oldest logged change
        self._rare_ratio = 0.0
        self._postings: _Postings | None = None  # built on the first search for holders
        self._since_cache: tuple[tuple[int, int], _Since] | None = None  # the last _since, by (step, now)

    def __len__(self) -> int:
        return len(self._docs)

    @property
    def nbytes(self) -> int:
        """Bytes held by the members' term rows (term ids and weights)."""
        return sum(d.data.nbytes + d.indices.nbytes for d in self._docs.values())

    def document_share(self, terms: Sequence[str]) -> list[float]:
        """For each term, the share of indexed members whose evidence holds it (0 when none is indexed)."""
        if not self._docs or not terms:
            return [0.0] * len(terms)
        out = []
        for ids in self._term_ids(terms):
            out.append(float(self._df[ids].max()) / len(self._docs) if len(ids) else 0.0)
        return out

    def _term_ids(self, terms: Sequence[str]) -> list[NDArray[np.int32]]:
        """The hashed ids of each term's tokens, remembered (the hashing never changes)."""
        known = self._term_cache
        new = [t for t in dict.fromkeys(terms) if t not in known]
        if new and len(known) + len(new) > _TERM_CACHE:
            known.clear()
            new = list(dict.fromkeys(terms))
        if new:
            rows = self._vectorizer.transform(new).tocsr()
            for i, term in enumerate(new):
                known[term] = rows.indices[rows.indptr[i] : rows.indptr[i + 1]].copy()
        return [known[t] for t in terms]

    def _terms(self, text: str) -> sp.csr_matrix:
        counts = self._vectorizer.transform([text]).tocsr()
        counts.data = 1.0 + np.log(counts.data)  # sublinear tf
        return counts

    def _query(self, text: str) -> sp.csr_matrix:
        """``_terms`` of a query text, remembered for the next query with the same text."""
        found = self._queries.get(text)
        if found is None:
            if len(self._queries) >= _QUERY_CACHE:
                del self._queries[next(iter(self._queries))]
            found = self._queries[text] = self._terms(text)
        return found

    def add(self, member_id: str, text: str) -> None:
        """Index (or replace) one member's evidence text."""
        n_before = len(self._docs)
        old = self._drop(member_id)
        doc = _Doc(self._terms(text))
        self._docs[member_id] = doc
        self._df[doc.indices] += 1
        self._version += 1
        if self._postings is not None:
            self._postings.add(member_id, doc.indices)
        if self._log is not None:
            self._record(member_id, old, doc, n_before)

    def remove(self, member_id: str) -> bool:
        """Forget a member; ``False`` if unknown."""
        n_before = len(self._docs)
        old = self._drop(member_id)
        if old is not None and self._log is not None:
            self._record(member_id, old, None, n_before)
        return old is not None

    def _drop(self, member_id: str) -> _Doc | None:
        doc = self._docs.pop(member_id, None)
        if doc is not None:
            self._df[doc.indices] -= 1
            self._version += 1
            if self._postings is not None:
                self._postings.drop(member_id)
        return doc

    def track_changes(self, rare_ratio: float = 1e-3, keep: int = 8192) -> None:
        """Log every later change for :meth:`drift_since` (the last ``keep`` of them).

        A term whose IDF weight moves by more than ``rare_ratio`` (relative) in one change is *rare*:
        its holders are reported by name instead of widening the bound for everybody.
        """
        if self._log is None:
            self._log, self._rare_ratio = deque(maxlen=keep), rare_ratio

    @property
    def step(self) -> int:
        """Number of changes logged so far (``0`` before :meth:`track_changes`)."""
        return self._log_start + (len(self._log) if self._log is not None else 0)

    def _record(self, member_id: str, old: _Doc | None, new: _Doc | None, n_before: int) -> None:
        """Log one change: how far it moved the weights, for :meth:`_Change.log_growth`.

        Terms moving by more than ``rare_ratio`` are left out of the bounds; their other holders are
        named instead (:meth:`_find_holders`).
        """
        assert self._log is not None
        empty = np.zeros(0, dtype=np.int32)
        old_terms = empty if old is None else np.unique(old.indices)
        new_terms = empty if new is None else np.unique(new.indices)
        changed = np.setxor1d(old_terms, new_terms, assume_unique=True)
        n_after = len(self._docs)
        df_after = self._df[changed].astype(np.int64)
        in_new = np.isin(changed, new_terms, assume_unique=True)
        df_before = df_after - in_new + np.isin(changed, old_terms, assume_unique=True)
        ratio = idf_weight(n_after, df_after) / idf_weight(n_before, df_before)
        rare = np.abs(ratio - 1.0) > self._rare_ratio
        down = max(0.0, 1.0 - float(ratio[~rare].min())) if (~rare).any() else 0.0
        rises = ~rare & (ratio > 1.0)
        # every other weight w >= 1 moves by δ = log((1+n')/(1+n)) when n changes: a ratio of 1 + δ/w
        shift = math.log((1.0 + n_after) / (1.0 + n_before)) if n_after != n_before else 0.0
        others = df_after - in_new  # holders besides this member, after the change
        if len(self._log) == self._log.maxlen:
            self._log_start += 1
        self._log.append(
            _Change(
                member_id,
                max(down, -shift),
                max(shift, 0.0),
                changed[rises].astype(np.int32),
                ratio[rises] - 1.0,
                changed[rare & (others > 0)].astype(np.int32),
            )
        )

    def drift_since(self, step: int, query: str | None = None) -> LexicalDrift | None:
        """The changes after logged ``step`` and their bound; ``None`` if ``step`` is no longer logged.

        With a ``query``, the bound is for that query only (tighter), and holders sharing no term
        with it are left out: their cosine to it is 0 whatever the weights.
        """
        if self._log is None or step < self._log_start or step > self.step:
            return None
        entries, changed, holders, rows = self._since(step)
        terms = None if query is None else self._query(query).indices
        if terms is not None and holders:
            shared = np.isin(rows.indices, terms, kind="table")
            counts = np.add.reduceat(shared, rows.indptr[:-1]) if rows.nnz else np.zeros(len(holders))
            counts[np.diff(rows.indptr) == 0] = 0  # reduceat gives an empty row the next row's value
            holders = [m for m, n in zip(holders, counts.tolist(), strict=True) if n > 0]
        growth = math.exp(sum(e.log_growth(terms) for e in entries))
        return LexicalDrift(changed, frozenset(holders), growth)

    def _since(self, step: int) -> _Since:
        """The changes after ``step``, who they changed, the other holders of their rare terms (sorted)
        and those holders' rows; kept until the next change (every opportunity re-ranked after one
        batch of member changes asks for the same step)."""
        assert self._log is not None
        key = (step, self.step)
        if self._since_cache is not None and self._since_cache[0] == key:
            return self._since_cache[1]
        entries = list(self._log)[step - self._log_start :]
        pending = [e for e in entries if e.holders is None]
        if pending:
            self._find_holders(pending)
        changed = frozenset(e.member_id for e in entries)
        holders: set[str] = set()
        for e in entries:
            assert e.holders is not None
            holders |= e.holders
        ids = sorted(holders - changed)
        found = (entries, changed, ids, self._stack_rows(ids))
        self._since_cache = (key, found)
        return found

    def _find_holders(self, entries: list[_Change]) -> None:
        """Name the members holding each entry's rare terms (one pass over every posting)."""
        if self._postings is None:
            self._postings = _Postings(self._docs)
        terms, owners = self._postings.holders(np.concatenate([e.rare for e in entries]))
        for e in entries:
            mask = np.isin(terms, e.rare)
            e.holders = frozenset(owner for owner, hit in zip(owners, mask.tolist(), strict=True) if hit)

    def norm(self, text: str) -> float:
        """TF-IDF norm of ``text`` as a query under the current weights (the ``|q|`` of a cosine)."""
        q = self._query(text)
        weights = q.data * self._idf_at(q.indices)
        return float(np.sqrt(np.dot(weights, weights)))

    def _idf(self) -> NDArray[np.float64]:
        """Smooth IDF of every hashed term, recomputed only after members change."""
        if self._idf_cache is None or self._idf_version != self._version:
            n = len(self._docs)
            self._idf_cache = idf_weight(n, self._df)
            self._idf_squared = None
            self._idf_version = self._version
        return self._idf_cache

    def _idf_at(self, terms: NDArray[np.int32]) -> NDArray[np.float64]:
        """``_idf()[terms]`` without recomputing every term's weight after a change (bit for bit)."""
        if self._idf_cache is not None and self._idf_version == self._version:
            return self._idf_cache[terms]
        return idf_weight(len(self._docs), self._df[terms])

    def _idf_sq(self) -> NDArray[np.float64]:
        idf = self._idf()
        if self._idf_squared is None:
            self._idf_squared = np.square(idf)
        return self._idf_squared

    def _prepared(self, member_ids: list[str]) -> tuple[sp.csr_matrix, NDArray[np.float64]]:
        """Stacked term rows of ``member_ids`` and their TF-IDF norms, cached until members change.

        The cache is keyed by the identity of ``member_ids`` (the index hands out one list per
        grouping) and by the version of the document set, so no query re-weights the matrix.
        """
        if self._stack is not None and self._stack_ids is member_ids and self._stack_version == self._version:
            assert self._norms is not None
            return self._stack, self._norms
        if (
            len(member_ids) == 1
            and self._single is not None
            and self._single[:2] == (self._version, member_ids[0])
        ):
            return self._single[2], self._single[3]  # one member against every open opportunity
        stack = self._stack_rows(member_ids)
        squared = stack.multiply(stack).tocsr()
        if len(member_ids) <= _SMALL_SET:  # the IDF of just these rows' terms, same sums as below
            shape = (len(member_ids), squared.nnz)
            local = sp.csr_matrix((squared.data, np.arange(squared.nnz), squared.indptr), shape=shape)
            norms = np.sqrt(local @ np.square(self._idf_at(squared.indices)))
        else:
            norms = np.sqrt(squared @ self._idf_sq())  # ||d * idf|| without a weighted copy
        if len(member_ids) > _SMALL_SET:  # keep the big stack for the next query over the same members
            self._stack, self._stack_ids, self._norms = stack, member_ids, norms
            self._stack_version = self._version
        elif len(member_ids) == 1:
            self._single = (self._version, member_ids[0], stack, norms)
        return stack, norms

    def _stack_rows(self, member_ids: list[str]) -> sp.csr_matrix:
        """One CSR row per member (empty for unknown ids), built from the rows' arrays directly.

        ``scipy.sparse.vstack`` of 10,000 one-row matrices costs about 50 ms; concatenating
        their ``data``/``indices`` costs a few.
        """
        docs = [self._docs.get(m) for m in member_ids]
        lengths = np.fromiter(
            (0 if d is None else len(d.indices) for d in docs), dtype=np.int64, count=len(docs)
        )
        indptr = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        present = [d for d in docs if d is not None]
        data = np.concatenate([d.data for d in present]) if present else np.zeros(0)
        indices = np.concatenate([d.indices for d in present]) if present else np.zeros(0, dtype=np.int32)
        return sp.csr_matrix((data, indices, indptr), shape=(len(docs), self.n_features))

    def similarities(self, query: str, member_ids: list[str]) -> NDArray[np.float32]:
        """Cosine TF-IDF similarity of ``query`` to each of ``member_ids`` (0 for unknown ids).

        ``cos = (d * idf) . (q * idf) / (||d * idf|| ||q * idf||)`` is computed as
        ``d . (q * idf^2)``: the member matrix is never re-weighted per query.
        """
        if not member_ids:
            return np.zeros(0, dtype=np.float32)
        stack, norms = self._prepared(member_ids)
        q = self._query(query)
        idf = self._idf_at(q.indices)
        q_weights = q.data * idf
        q_norm = float(np.sqrt(np.dot(q_weights, q_weights)))
        if q_norm == 0:
            return np.zeros(len(member_ids), dtype=np.float32)
        weights = q_weights * idf
        if len(member_ids) <= _SMALL_SET:
            dots = _sparse_dots(stack, q.indices, weights)
        else:
            dense_q = np.zeros(self.n_features, dtype=np.float64)
            np.add.at(dense_q, q.indices, weights)
            dots = stack @ dense_q
        cosine: NDArray[np.float32] = (dots / np.maximum(norms * q_norm, 1e-12)).astype(np.float32)
        return cosine

    def member_similarities(self, member_id: str, queries: list[str]) -> NDArray[np.float32]:
        """``similarities(q, [member_id])[0]`` for every query ``q``, bit for bit, in one product."""
        stack, norms = self._prepared([member_id])
        q_norms = np.zeros(len(queries), dtype=np.float64)
        columns, values, offset = [], [], 0
        for j, text in enumerate(queries):
            q = self._query(text)
            idf = self._idf_at(q.indices)
            q_weights = q.data * idf
            q_norms[j] = float(np.sqrt(np.dot(q_weights, q_weights)))
            order = np.argsort(q.indices, kind="stable")
            terms = q.indices[order]
            local = np.minimum(np.searchsorted(terms, stack.indices), max(len(terms) - 1, 0))
            found = terms[local] == stack.indices if len(terms) else np.zeros(stack.nnz, dtype=bool)
            columns.append(np.where(found, local, len(terms)) + offset)
            values.append(np.append((q_weights * idf)[order], 0.0))
            offset += len(terms) + 1
        if not queries:
            return np.zeros(0, dtype=np.float32)
        # one row per query, each the member's row renumbered into that query's block of terms
        indptr = np.arange(len(queries) + 1, dtype=np.int64) * stack.nnz
        data = np.tile(stack.data, len(queries))
        rows = sp.csr_matrix((data, np.concatenate(columns), indptr), shape=(len(queries), offset))
        dots = rows @ np.concatenate(values)
        cosine: NDArray[np.float32] = (dots / np.maximum(norms[0] * q_norms, 1e-12)).astype(np.float32)
        cosine[q_norms == 0] = 0.0
        return cosine


def _sparse_dots(
    stack: sp.csr_matrix, indices: NDArray[np.int32], weights: NDArray[np.float64]
) -> NDArray[np.float64]:
    """``stack @ dense`` for the dense vector holding ``weights`` at ``indices`` (not empty), unbuilt.

    The stack's columns are renumbered into the query's terms (plus one zero slot), so the product
    adds the very same terms in the very same order as the dense one: bit-identical results.
    """
    order = np.argsort(indices, kind="stable")
    terms, values = indices[order], np.append(weights[order], 0.0)
    at = np.minimum(np.searchsorted(terms, stack.indices), len(terms) - 1)
    local = np.where(terms[at] == stack.indices, at, len(terms))
    renumbered = sp.csr_matrix((stack.data, local, stack.indptr), shape=(stack.shape[0], len(values)))
    dots: NDArray[np.float64] = renumbered @ values
    return dots
