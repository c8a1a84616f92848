"""Lexical signal: TF-IDF over each member's whole evidence, kept up to date incrementally.

A small embedding model blurs technical terms and acronyms ("LPBF", "SiC MOSFET", "DOP"); an
exact-term match catches them. Terms are hashed (scikit-learn ``HashingVectorizer``), so no
vocabulary has to be fitted up front; document frequencies are counted as members come and
go, and the IDF weighting is applied at query time (sublinear TF, smooth IDF, cosine) without
re-weighting the member matrix: IDF and member norms are cached until the members change.

Each member's terms are kept as one int64 array of ``term << 32 | count`` (8 bytes a term): a
one-row scipy matrix per member cost about a kilobyte of Python objects, 100 MiB at 100k members.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

from matcher.text import ITALIAN_STOP_WORDS

__all__ = ["LexicalIndex"]

_COUNT_BITS = 32


def _pack(counts: sp.csr_matrix) -> NDArray[np.int64]:
    """One row of raw term counts as ``term << 32 | count``."""
    terms = counts.indices.astype(np.int64) << _COUNT_BITS
    packed: NDArray[np.int64] = terms | counts.data.astype(np.int64)
    return packed


def _terms_of(packed: NDArray[np.int64]) -> NDArray[np.int32]:
    return (packed >> _COUNT_BITS).astype(np.int32)


def _sublinear_tf(packed: NDArray[np.int64]) -> NDArray[np.float64]:
    tf: NDArray[np.float64] = 1.0 + np.log((packed & ((1 << _COUNT_BITS) - 1)).astype(np.float64))
    return tf


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
        self._docs: dict[str, NDArray[np.int64]] = {}  # packed term counts, see _pack
        self._df = np.zeros(n_features, dtype=np.int32)
        self._stack_ids: list[str] | None = None
        self._stack: sp.csr_matrix | None = None
        self._stack_version = -1
        self._norms: NDArray[np.float64] | None = None
        self._version = 0  # bumped on every add/remove: cached weights are stale after it
        self._idf_cache: NDArray[np.float64] | None = None
        self._idf_version = -1

    def __len__(self) -> int:
        return len(self._docs)

    def _terms(self, text: str) -> sp.csr_matrix:
        counts = self._vectorizer.transform([text]).tocsr()
        counts.data = 1.0 + np.log(counts.data)  # sublinear tf
        return counts

    def add(self, member_id: str, text: str) -> None:
        """Index (or replace) one member's evidence text."""
        self.remove(member_id)
        doc = _pack(self._vectorizer.transform([text]).tocsr())
        self._docs[member_id] = doc
        self._df[_terms_of(doc)] += 1
        self._version += 1

    def remove(self, member_id: str) -> bool:
        """Forget a member; ``False`` if unknown."""
        doc = self._docs.pop(member_id, None)
        if doc is None:
            return False
        self._df[_terms_of(doc)] -= 1
        self._version += 1
        return True

    def _idf(self) -> NDArray[np.float64]:
        """Smooth IDF of every hashed term, recomputed only after members change."""
        if self._idf_cache is None or self._idf_version != self._version:
            n = len(self._docs)
            self._idf_cache = np.log((1.0 + n) / (1.0 + self._df)) + 1.0
            self._idf_version = self._version
        return self._idf_cache

    def _prepared(self, member_ids: list[str]) -> tuple[sp.csr_matrix, NDArray[np.float64]]:
        """Stacked term rows of ``member_ids`` and their TF-IDF norms, cached until members change.

        The cache is keyed by the identity of ``member_ids`` (the index hands out one list per
        grouping) and by the version of the document set, so no query re-weights the matrix.
        """
        if self._stack is not None and self._stack_ids is member_ids and self._stack_version == self._version:
            assert self._norms is not None
            return self._stack, self._norms
        stack = self._stack_rows(member_ids)
        squared = stack.multiply(stack).tocsr()
        norms = np.sqrt(squared @ np.square(self._idf()))  # ||d * idf|| without a weighted copy
        if len(member_ids) > 1:  # keep the big stack for the next query over the same members
            self._stack, self._stack_ids, self._norms = stack, member_ids, norms
            self._stack_version = self._version
        return stack, norms

    def _stack_rows(self, member_ids: list[str]) -> sp.csr_matrix:
        """One CSR row per member (empty for unknown ids), built from the rows' arrays directly.

        ``scipy.sparse.vstack`` of 10,000 one-row matrices costs about 50 ms; concatenating
        their ``data``/``indices`` costs a few.
        """
        docs = [self._docs.get(m) for m in member_ids]
        lengths = np.fromiter((0 if d is None else len(d) for d in docs), dtype=np.int64, count=len(docs))
        indptr = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        present = [d for d in docs if d is not None]
        packed = np.concatenate(present) if present else np.zeros(0, dtype=np.int64)
        stack = (_sublinear_tf(packed), _terms_of(packed), indptr)
        return sp.csr_matrix(stack, shape=(len(docs), self.n_features))

    def similarities(self, query: str, member_ids: list[str]) -> NDArray[np.float32]:
        """Cosine TF-IDF similarity of ``query`` to each of ``member_ids`` (0 for unknown ids).

        ``cos = (d * idf) . (q * idf) / (||d * idf|| ||q * idf||)`` is computed as
        ``d . (q * idf^2)``: the member matrix is never re-weighted per query.
        """
        if not member_ids:
            return np.zeros(0, dtype=np.float32)
        stack, norms = self._prepared(member_ids)
        idf = self._idf()
        q = self._terms(query)
        q_weights = q.data * idf[q.indices]
        q_norm = float(np.sqrt(np.dot(q_weights, q_weights)))
        if q_norm == 0:
            return np.zeros(len(member_ids), dtype=np.float32)
        dense_q = np.zeros(self.n_features, dtype=np.float64)
        np.add.at(dense_q, q.indices, q_weights * idf[q.indices])
        dots = stack @ dense_q
        cosine: NDArray[np.float32] = (dots / np.maximum(norms * q_norm, 1e-12)).astype(np.float32)
        return cosine
