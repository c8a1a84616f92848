"""One embedding space for every language: the multilingual model mapped into the English model's.

:class:`AlignedEncoder` embeds English text with the English model and any other text with the
multilingual model followed by a fitted linear map (``matcher/alignments/<name>.npz``); rationale
and measurements: docs/SCORING.md, docs/QUALITY.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from matcher.embedding import Encoder, Vectors
from matcher.text import detect_language

__all__ = ["ALIGNMENTS", "AlignedEncoder", "load_alignment"]

#: Where the shipped maps are (package data).
ALIGNMENTS = Path(__file__).with_name("alignments")


@cache
def load_alignment(name: str) -> NDArray[np.float32]:
    """The ``[multilingual dim, English dim]`` map called ``name`` (``matcher/alignments/name.npz``)."""
    path = ALIGNMENTS / f"{name}.npz"
    with np.load(path) as data:
        weights: NDArray[np.float32] = data["weights"].astype(np.float32)
    weights.setflags(write=False)
    return weights


class AlignedEncoder:
    """English text through ``english``; any other through ``multilingual`` times ``weights``,
    normalised. Its ``name`` names all three, so caches and published vectors never mix spaces."""

    def __init__(self, english: Encoder, multilingual: Encoder, alignment: str) -> None:
        self.english = english
        self.multilingual = multilingual
        self.weights = load_alignment(alignment)
        self.name = f"{english.name}+{multilingual.name}@{alignment}"

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Unit rows ``[len(texts), English dim]``, each text routed by its detected language."""
        out = np.zeros((len(texts), self.weights.shape[1]), dtype=np.float32)
        is_english = [detect_language(t) == "en" for t in texts]
        english = [i for i, e in enumerate(is_english) if e]
        other = [i for i, e in enumerate(is_english) if not e]
        if english:
            out[english] = self.english.encode([texts[i] for i in english])
        if other:
            mapped = self.multilingual.encode([texts[i] for i in other]) @ self.weights
            out[other] = mapped / np.maximum(np.linalg.norm(mapped, axis=1, keepdims=True), 1e-12)
        return out
