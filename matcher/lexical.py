"""Lexical signal: TF-IDF over each member's whole evidence, kept up to date incrementally.

A small embedding model blurs technical terms and acronyms ("LPBF", "SiC MOSFET", "DOP"); an
exact-term match catches them. Terms are hashed (scikit-learn ``HashingVectorizer``), so no
vocabulary has to be fitted up front; document frequencies are counted as members come and
go, and the IDF weighting is applied at query time (sublinear TF, smooth IDF, cosine).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

from matcher.text import ITALIAN_STOP_WORDS

__all__ = ["LexicalIndex"]


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
        self._docs: dict[str, sp.csr_matrix] = {}
        self._df = np.zeros(n_features, dtype=np.int32)
        self._stack_ids: list[str] | None = None
        self._stack: sp.csr_matrix | None = None

    def __len__(self) -> int:
        return len(self._docs)

    def _terms(self, text: str) -> sp.csr_matrix:
        counts = self._vectorizer.transform([text]).tocsr()
        counts.data = 1.0 + np.log(counts.data)  # sublinear tf
        return counts

    def add(self, member_id: str, text: str) -> None:
        """Index (or replace) one member's evidence text."""
        self.remove(member_id)
        doc = self._terms(text)
        self._docs[member_id] = doc
        self._df[doc.indices] += 1

    def remove(self, member_id: str) -> bool:
        """Forget a member; ``False`` if unknown."""
        doc = self._docs.pop(member_id, None)
        if doc is None:
            return False
        self._df[doc.indices] -= 1
        return True

    def _idf(self) -> NDArray[np.float64]:
        n = len(self._docs)
        idf: NDArray[np.float64] = np.log((1.0 + n) / (1.0 + self._df)) + 1.0
        return idf

    def similarities(self, query: str, member_ids: list[str]) -> NDArray[np.float32]:
        """Cosine TF-IDF similarity of ``query`` to each of ``member_ids`` (0 for unknown ids)."""
        if not member_ids:
            return np.zeros(0, dtype=np.float32)
        if self._stack_ids is member_ids and self._stack is not None:
            stack = self._stack
        else:
            empty = sp.csr_matrix((1, self.n_features))
            stack = sp.vstack([self._docs.get(m, empty) for m in member_ids], format="csr")
            if len(member_ids) > 1:  # keep the big stack for the next query over the same members
                self._stack, self._stack_ids = stack, member_ids
        idf = self._idf()
        weighted = stack.multiply(idf).tocsr()
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        q = self._terms(query).multiply(idf).tocsr()
        q_norm = float(np.sqrt(q.multiply(q).sum()))
        if q_norm == 0:
            return np.zeros(len(member_ids), dtype=np.float32)
        dots = np.asarray((weighted @ q.T).todense()).ravel()
        cosine: NDArray[np.float32] = (dots / np.maximum(norms * q_norm, 1e-12)).astype(np.float32)
        return cosine
