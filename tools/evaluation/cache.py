"""On-disk embedding cache for evaluation runs: a text is embedded once per model, ever.

:class:`DiskCachedEncoder` keeps vectors outside git, by default under
``~/.cache/ltc-matchmaker/eval/<model>/`` (shard layout and flushing: docs/TOOLS.md).
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from matcher.embedding import Encoder, Vectors
from matcher.text import chunk
from models.events import MemberProfile, Opportunity

__all__ = ["DEFAULT_CACHE_DIR", "DiskCachedEncoder", "texts_to_embed"]

#: Where evaluation embeddings are kept between runs (never inside the repository).
DEFAULT_CACHE_DIR = Path.home() / ".cache" / "ltc-matchmaker" / "eval"


class DiskCachedEncoder:
    """Wraps an :class:`~matcher.embedding.Encoder`; same ``encode`` protocol, same ``name``.

    ``directory=None`` disables the disk (rows are still deduplicated in memory for the run).
    ``hits`` / ``misses`` count rows served from the cache and rows the model had to embed.
    """

    def __init__(self, encoder: Encoder, directory: Path | None = DEFAULT_CACHE_DIR, flush_every: int = 4096):
        self.encoder = encoder
        self.name = encoder.name
        self.directory = directory / _slug(encoder.name) if directory is not None else None
        self.flush_every = flush_every
        self.hits = 0
        self.misses = 0
        self._rows: dict[bytes, Vectors] | None = None
        self._pending: dict[bytes, Vectors] = {}

    def _key(self, text: str) -> bytes:
        payload = f"{self.name}\x1f{text}".encode("utf-8", "surrogatepass")
        return hashlib.blake2b(payload, digest_size=16).digest()

    def _load(self) -> dict[bytes, Vectors]:
        if self._rows is None:
            self._rows = {}
            if self.directory is not None and self.directory.is_dir():
                for shard in sorted(
                    p for p in self.directory.glob("*.npz") if not p.name.endswith(".tmp.npz")
                ):
                    try:
                        with np.load(shard) as data:
                            keys, vectors = data["keys"], data["vectors"].astype(np.float32)
                    except (OSError, KeyError, ValueError):
                        continue  # a torn write from an interrupted run: those rows are re-embedded
                    for key, row in zip(keys, vectors, strict=True):
                        self._rows[bytes(key)] = row
        return self._rows

    def __len__(self) -> int:
        return len(self._load())

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Rows for ``texts``: cached ones from disk/memory, the rest embedded in one call."""
        if not texts:
            return self.encoder.encode([])
        rows = self._load()
        keys = [self._key(t) for t in texts]
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in rows and key not in missing:
                missing[key] = text
        if missing:
            fresh = self.encoder.encode(list(missing.values()))
            for key, row in zip(missing, fresh, strict=True):
                rows[key] = row
                self._pending[key] = row
            if len(self._pending) >= self.flush_every:
                self.flush()
        self.misses += len(missing)
        self.hits += len(keys) - len(missing)
        return np.vstack([rows[k] for k in keys]).astype(np.float32, copy=False)

    def flush(self) -> int:
        """Write rows embedded since the last flush as one new shard; returns how many."""
        count = len(self._pending)
        if self.directory is None or not count:
            self._pending.clear()
            return 0
        self.directory.mkdir(parents=True, exist_ok=True)
        keys = np.array([np.frombuffer(k, dtype=np.uint8) for k in self._pending], dtype=np.uint8)
        vectors = np.vstack(list(self._pending.values())).astype(np.float32)
        name = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        tmp = self.directory / f"{name}.tmp.npz"
        np.savez(tmp, keys=keys, vectors=vectors)
        tmp.replace(self.directory / f"{name}.npz")  # atomic: a reader never sees half a shard
        self._pending.clear()
        return count


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


def texts_to_embed(
    members: Iterable[MemberProfile], opportunities: Iterable[Opportunity], max_chunk_words: int
) -> list[str]:
    """The distinct texts a :class:`~matcher.scoring.MatchScorer` will embed for these inputs.

    Embedding them in one call up front (:meth:`DiskCachedEncoder.encode`) batches the model
    well; the scorer then finds every row in the cache.
    """
    texts: dict[str, None] = {}
    for member in members:
        for comp in member.competencies:
            texts.update(dict.fromkeys(chunk(comp.text, max_chunk_words)))
    for opp in opportunities:
        texts.update(dict.fromkeys([opp.title, *chunk(opp.description, max_chunk_words)]))
    return list(texts)
