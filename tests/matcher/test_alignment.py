"""The one-space encoder: English text through the English model, other text mapped into its space."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from factories import HashingEncoder

from matcher import alignment
from matcher.alignment import AlignedEncoder


def test_english_text_keeps_its_vector_and_italian_text_is_mapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(0)
    weights = rng.normal(size=(32, 16)).astype(np.float16)
    np.savez(tmp_path / "test-map-v1.npz", weights=weights)
    monkeypatch.setattr(alignment, "ALIGNMENTS", tmp_path)
    english, multilingual = HashingEncoder("en-model", dim=16), HashingEncoder("ml-model", dim=32)
    encoder = AlignedEncoder(english, multilingual, "test-map-v1")
    texts = ["laser welding of the aluminium battery trays", "saldatura laser delle vaschette della batteria"]
    out = encoder.encode(texts)
    assert out.shape == (2, 16)
    np.testing.assert_allclose(out[0], english.encode(texts[:1])[0])
    mapped = multilingual.encode(texts[1:])[0] @ weights.astype(np.float32)
    np.testing.assert_allclose(out[1], mapped / np.linalg.norm(mapped), rtol=1e-5)
    assert (english.texts_encoded, multilingual.texts_encoded) == (2, 2)  # one call each, plus the checks
    assert encoder.name == "en-model+ml-model@test-map-v1"  # caches and published vectors never mix spaces
