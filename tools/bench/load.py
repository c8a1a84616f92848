"""Inputs of ``matchmaker bench``: preloaded population, fresh events, encoder ceiling, naive baseline.

Preloaded member texts get stand-in vectors; every timed text is embedded live by the real models
(docs/TOOLS.md).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from matcher.config import ScoringConfig
from matcher.embedding import CachedEncoder, Encoder, MiniLMEncoder, MultilingualUSEEncoder, Vectors
from matcher.scoring import MatchScorer
from models.events import Competency, MemberProfile, Opportunity
from tools.bench.index import MEMBERS_PER_SCALE, StandInEncoder
from tools.ltcdata import generate_members, load_horizon_topics

__all__ = ["BenchData", "NaiveBaseline", "encoder_ceiling", "make_data", "stand_in_records"]


@dataclass
class BenchData:
    """Everything one benchmark run publishes."""

    members: list[MemberProfile]
    open_opportunities: list[Opportunity]
    fresh_opportunities: list[Opportunity]
    low_load_opportunities: list[Opportunity]
    fresh_profiles: list[MemberProfile]
    update_mix: list[MemberProfile]
    changed_texts: dict[str, int] = field(default_factory=dict)


def _tagged(text: str, tag: str) -> str:
    return f"{text} (ref. {tag})"


def _fresh_opportunity(base: Opportunity, tag: str) -> Opportunity:
    """A partner-search-sized copy of a Horizon topic: its title and the first 60 words, tagged."""
    description = " ".join(base.description.split()[:60])
    return base.model_copy(
        update={
            "opportunity_id": f"bench-{tag}",
            "title": _tagged(base.title, tag),
            "description": description,
            "deadline": None,
        }
    )


def make_data(
    members: int, open_opportunities: int, fresh: int, low_load: int, updates: int, run: str, seed: int = 7
) -> BenchData:
    """A population of about ``members`` and the events of every phase, all texts unique to ``run``."""
    population = generate_members(seed=seed, scale=members / MEMBERS_PER_SCALE)[:members]
    today = dt.date.today()
    topics = [o for o in load_horizon_topics() if o.is_open(today) or o.deadline is None]
    topics = topics or load_horizon_topics()
    needed = open_opportunities + fresh + low_load
    pool = [topics[i % len(topics)] for i in range(needed)]
    opened = [_fresh_opportunity(o, f"{run}-open-{i}") for i, o in enumerate(pool[:open_opportunities])]
    burst = [_fresh_opportunity(o, f"{run}-sat-{i}") for i, o in enumerate(pool[open_opportunities:][:fresh])]
    slow = [_fresh_opportunity(o, f"{run}-low-{i}") for i, o in enumerate(pool[open_opportunities + fresh :])]
    donors = generate_members(seed=seed + 1, scale=max(fresh, updates) * 2 / MEMBERS_PER_SCALE)
    fresh_profiles = [
        d.model_copy(
            update={
                "member_id": f"bench-{run}-new-{i}",
                "competencies": [
                    Competency(text=_tagged(c.text, f"{run}-n{i}-{j}")) for j, c in enumerate(d.competencies)
                ],
            }
        )
        for i, d in enumerate(donors[:fresh])
    ]
    rng = random.Random(seed)
    mix: list[MemberProfile] = []
    changed: dict[str, int] = {}
    for i in range(updates):
        if i % 5 == 4:  # one event in five is a new profile, the rest edit an existing one
            donor = donors[(fresh + i) % len(donors)]
            comps = [
                Competency(text=_tagged(c.text, f"{run}-m{i}-{j}")) for j, c in enumerate(donor.competencies)
            ]
            event = donor.model_copy(update={"member_id": f"bench-{run}-mix-{i}", "competencies": comps})
        else:
            old = population[rng.randrange(len(population))]
            comps = list(old.competencies)
            for j in rng.sample(range(len(comps)), k=min(len(comps), rng.choice((1, 1, 2)))):
                comps[j] = Competency(text=_tagged(comps[j].text, f"{run}-u{i}-{j}"))
            event = old.model_copy(update={"competencies": comps, "updated_at": dt.datetime.now(dt.UTC)})
        changed[event.member_id] = sum(1 for c in event.competencies if f"(ref. {run}-" in c.text)
        mix.append(event)
    return BenchData(population, opened, burst, slow, fresh_profiles, mix, changed)


def stand_in_records(
    config: ScoringConfig, members: list[MemberProfile], opportunities: list[Opportunity]
) -> list[tuple[bytes | None, bytes | None]]:
    """Embeddings-topic records (real cache keys, stand-in values) for every text of these events."""
    english = StandInEncoder(MiniLMEncoder.name, 384, seed=1)
    multilingual = StandInEncoder(MultilingualUSEEncoder.name, 512, seed=2)
    router = MatchScorer(english, multilingual, config)
    records: list[tuple[bytes | None, bytes | None]] = []
    for encoder, texts in zip(
        (english, multilingual), router.texts_to_embed(members, opportunities), strict=True
    ):
        for start in range(0, len(texts), 4096):
            part = texts[start : start + 4096]
            for text, vector in zip(part, encoder.encode(part), strict=True):
                key = f"{encoder.name}:{CachedEncoder._key(text).hex()}"
                records.append((key.encode(), vector.astype("<f4").tobytes()))
    return records


def encoder_ceiling(
    models: tuple[Encoder, Encoder],
    config: ScoringConfig,
    members: list[MemberProfile],
    opportunities: list[Opportunity],
) -> dict[str, float]:
    """Seconds the two real models alone take for these events' texts (same routing, same batch sizes):
    one after the other and side by side on two threads; ``seconds`` is the faster."""
    english, multilingual = models
    english.encode(["warm-up"])
    multilingual.encode(["riscaldamento"])
    router = MatchScorer(english, multilingual, config)
    en_texts, ml_texts = router.texts_to_embed(members, opportunities)
    started = time.perf_counter()
    english.encode(en_texts)
    middle = time.perf_counter()
    multilingual.encode(ml_texts)
    finished = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:  # the two models side by side, one thread each
        again = time.perf_counter()
        jobs = [pool.submit(english.encode, en_texts), pool.submit(multilingual.encode, ml_texts)]
        for job in jobs:
            job.result()
        side_by_side = time.perf_counter() - again
    serial = finished - started
    return {
        "events": len(members) + len(opportunities),
        "english_texts": len(en_texts),
        "multilingual_texts": len(ml_texts),
        "english_s": middle - started,
        "multilingual_s": finished - middle,
        "serial_s": serial,
        "side_by_side_s": side_by_side,
        "seconds": min(serial, side_by_side),  # the ceiling: the faster of the two ways
    }


class NaiveBaseline:
    """What a user might write: per event, embed every text, scan every member, send, flush."""

    def __init__(
        self,
        models: tuple[Encoder, Encoder],
        config: ScoringConfig,
        members: list[MemberProfile],
        open_opps: list[Opportunity],
    ) -> None:
        self.scorer = MatchScorer(models[0], models[1], config)
        preload = MatchScorer(
            StandInEncoder(MiniLMEncoder.name, 384, seed=1),
            StandInEncoder(MultilingualUSEEncoder.name, 512, seed=2),
            config,
        ).fit(members)
        assert preload.index_ is not None
        matrix, _ = preload.index_.rows()
        self.matrix = np.ascontiguousarray(matrix)
        self.owner = np.zeros(len(matrix), dtype=np.int64)
        self.ids = preload.index_.member_ids()
        for i, member_id in enumerate(self.ids):
            self.owner[preload.index_.member_rows(member_id)] = i
        self.opportunities = [self._embed_opportunity(o) for o in open_opps]

    def _embed(
        self, members: list[MemberProfile], opportunities: list[Opportunity]
    ) -> tuple[Vectors, Vectors]:
        """Every text of one event through the models, routed as the pipeline routes them."""
        en_texts, ml_texts = self.scorer.texts_to_embed(members, opportunities)
        en = self.scorer.english.encode(en_texts)
        ml = self.scorer.multilingual.encode(ml_texts)  # type: ignore[union-attr]
        return en, ml

    def _embed_opportunity(self, opportunity: Opportunity) -> Vectors:
        en, ml = self._embed([], [opportunity])
        parts = [_mean(en) if len(en) else np.zeros(self.scorer.english.encode(["x"]).shape[1], np.float32)]
        return np.concatenate([*parts, _mean(ml)]).astype(np.float32)

    def handle(self, event: MemberProfile | Opportunity) -> list[tuple[str, str, float]]:
        """Top-10 (opportunity, member, score) for one event: a full scan, nothing cached."""
        if isinstance(event, Opportunity):
            query = self._embed_opportunity(event)
            best = np.full(len(self.ids), -np.inf, dtype=np.float32)
            np.maximum.at(best, self.owner, self.matrix @ query)
            top = np.argsort(-best)[:10]
            return [(event.opportunity_id, self.ids[i], float(best[i])) for i in top]
        _, ml = self._embed([event], [])
        d_ml = ml.shape[1]
        scores = [(o, float((ml @ q[-d_ml:]).max())) for o, q in enumerate(self.opportunities)]
        scores.sort(key=lambda pair: -pair[1])
        return [(f"open-{o}", event.member_id, s) for o, s in scores[:10]]


def _mean(vectors: Vectors) -> Vectors:
    mean = vectors.mean(axis=0)
    return np.asarray(mean / max(float(np.linalg.norm(mean)), 1e-12), dtype=np.float32)
