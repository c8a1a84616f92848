"""Encoders: the cache embeds each text once; the real models load offline and behave."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from factories import HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.embedding import CachedEncoder, MiniLMEncoder, MultilingualUSEEncoder, content_key
from matcher.scoring import MatchScorer


def test_cache_embeds_only_new_texts_and_keeps_order() -> None:
    inner = HashingEncoder()
    cached = CachedEncoder(inner)
    first = cached.encode(["laser welding", "predictive maintenance"])
    again = cached.encode(["predictive maintenance", "robot arms", "laser welding"])
    assert inner.texts_encoded == 3
    np.testing.assert_array_equal(again[0], first[1])
    np.testing.assert_array_equal(again[2], first[0])
    assert (cached.hits, cached.misses) == (2, 3)


def test_cache_passes_empty_batches_through_with_the_right_width() -> None:
    assert CachedEncoder(HashingEncoder(dim=64)).encode([]).shape == (0, 64)


def test_cache_is_bounded() -> None:
    cached = CachedEncoder(HashingEncoder(), max_entries=2)
    cached.encode(["a1 alpha", "b1 beta", "c1 gamma"])
    assert len(cached._cache) == 2


@pytest.mark.realmodel
def test_minilm_loads_offline_and_separates_related_from_unrelated(minilm: MiniLMEncoder) -> None:
    vectors = minilm.encode(
        [
            "laser welding of aluminium battery trays",
            "joining aluminium battery housings with lasers",
            "organic wine production in Franciacorta",
        ]
    )
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    sims = vectors @ vectors.T
    assert sims[0, 1] > 0.5 > sims[0, 2]
    assert minilm.encode([]).shape == (0, 384)


@pytest.mark.realmodel
def test_loading_minilm_draws_no_progress_bar_and_leaves_the_setting_as_it_was(
    capfd: pytest.CaptureFixture[str],
) -> None:
    from transformers.utils import logging as hf_logging

    assert hf_logging.is_progress_bar_enabled()
    MiniLMEncoder().encode(["laser welding"])  # a fresh encoder: it loads the weights here
    assert "Loading weights" not in capfd.readouterr().err
    assert hf_logging.is_progress_bar_enabled()


@pytest.mark.realmodel
def test_multilingual_model_aligns_italian_and_english(use_multilingual: MultilingualUSEEncoder) -> None:
    vectors = use_multilingual.encode(
        [
            "saldatura laser di vassoi per batterie in alluminio",
            "laser welding of aluminium battery trays",
            "produzione di vino biologico in Franciacorta",
        ]
    )
    assert vectors.shape == (3, 512)
    sims = vectors @ vectors.T
    assert sims[0, 1] > 0.7 and sims[0, 1] > sims[1, 2] + 0.4


def test_drained_vectors_load_back_into_a_fresh_cache_without_the_model() -> None:
    first = CachedEncoder(HashingEncoder(name="m"), track_fresh=True)
    vectors = first.encode(["laser welding", "predictive maintenance"])
    drained = first.drain_fresh()
    assert len(drained) == 2 and first.drain_fresh() == []
    inner = HashingEncoder(name="m")
    second = CachedEncoder(inner)
    assert all(second.load(key, value) for key, value in drained)
    np.testing.assert_array_equal(second.encode(["predictive maintenance", "laser welding"]), vectors[::-1])
    assert inner.calls == 0
    assert not second.load("other-model:" + "0" * 32, drained[0][1])  # another model's entry is ignored
    untracked = CachedEncoder(HashingEncoder(name="m"))
    untracked.encode(["x y z"])
    assert untracked.drain_fresh() == []


class _DictSource:
    def __init__(self, vectors: dict[bytes, np.ndarray]) -> None:
        self.vectors = vectors

    def lookup(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        return {k: self.vectors[k] for k in keys if k in self.vectors}

    def holds(self, keys: Sequence[bytes]) -> set[bytes]:
        return set(self.lookup(keys))


def test_texts_the_source_holds_are_not_embedded_and_are_released_from_the_cache() -> None:
    inner = HashingEncoder()
    cached = CachedEncoder(inner)
    first = cached.encode(["laser welding", "robot arms"])
    source = _DictSource({content_key("laser welding"): first[0]})
    cached.source = source
    assert cached.release(["laser welding", "robot arms", "never seen"]) == 1  # only what the source holds
    assert len(cached) == 1 and cached.missing(["laser welding", "robot arms", "casting"]) == ["casting"]
    again = cached.encode(["robot arms", "laser welding"])
    assert inner.texts_encoded == 2 and (cached.hits, cached.misses) == (2, 2)
    np.testing.assert_array_equal(again, first[::-1])


def test_indexed_evidence_leaves_the_cache_and_an_update_embeds_only_the_changed_text() -> None:
    english, multilingual = HashingEncoder("en"), HashingEncoder("ml")
    caches = CachedEncoder(english), CachedEncoder(multilingual)
    scorer = MatchScorer(*caches, ScoringConfig(min_score=0.0))
    texts = [f"laser welding cell {i} for aluminium trays" for i in range(4)]
    texts.append("saldatura laser di vassoi in alluminio per batterie")
    scorer.fit([member("acme", *texts), member("beta", texts[0], "robot arms for casting")])
    assert (len(caches[0]), len(caches[1])) == (0, 0)  # no second copy of indexed evidence
    before = english.texts_encoded, multilingual.texts_encoded
    updated = member("acme", *texts[:2], "predictive maintenance of presses", *texts[3:])
    scorer.prefetch([updated], [])
    scorer.add_member(updated)
    assert (english.texts_encoded, multilingual.texts_encoded) == (before[0] + 1, before[1] + 1)
    scorer.remove_member("acme")  # beta still holds texts[0]: it stays served from the index
    assert caches[0].missing([texts[0], texts[1]]) == [texts[1]]
    opp = opportunity("o", "Laser welding", texts[0])
    assert scorer.rank(opp)[0].member_id == "beta"


def test_warm_embeds_only_what_is_missing_never_reads_the_source_and_queues_it_once() -> None:
    inner = HashingEncoder()
    cached = CachedEncoder(inner, track_fresh=True)
    held = inner.encode(["laser welding"])[0]

    class _NoReads(_DictSource):
        def lookup(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
            raise AssertionError("warm() must not decode vectors from the source")

        def holds(self, keys: Sequence[bytes]) -> set[bytes]:
            return {k for k in keys if k in self.vectors}

    cached.source = _NoReads({content_key("laser welding"): held})
    before = inner.texts_encoded
    assert cached.warm(["laser welding", "robot arms", "robot arms", "casting"]) == 2
    assert inner.texts_encoded - before == 2 and cached.warm(["robot arms"]) == 0
    assert sorted(k for k, _ in cached.drain_fresh()) == sorted(
        f"{inner.name}:{content_key(t).hex()}" for t in ("robot arms", "casting")
    )
    cached.source = None
    np.testing.assert_array_equal(cached.encode(["casting"])[0], inner.encode(["casting"])[0])
