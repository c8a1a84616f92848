"""The match scorer: evidence-level dense affinity plus what an expert matchmaker weighs.

Score of member *m* for opportunity *o* (all parts reported in ``Match.components``):

1. every competency of *m* is embedded on its own (long ones in chunks);
2. each evidence row gets a calibrated 0–1 relevance: English↔English pairs by the strong English
   model, any other language pair by the multilingual model (``ScoringConfig.multilingual``);
3. the relevances are pooled per member (``ScoringConfig.aggregation``) → ``affinity``;
4. small bonuses: ``complementarity`` (industry need ↔ research, and the reverse), shared
   ``ecosystems``, ``cross_cluster`` reach; the affinity is scaled into the room the largest
   possible bonuses leave, so the sum stays in 0–1 and scores compare across opportunities;
5. hard filters drop members: the publisher itself, ``seeking.org_types``, ``seeking.sme_only``;
6. the top-k list is diversified with MMR (``ScoringConfig.mmr_lambda``), see :mod:`matcher.diversity`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from matcher.aggregation import aggregate
from matcher.ann import CandidateIndex
from matcher.config import Calibration, ScoringConfig
from matcher.diversity import mmr_order
from matcher.embedding import CachedEncoder, Encoder, Vectors, content_key, l2_normalise
from matcher.index import EvidenceIndex, MemberHits
from matcher.lexical import LexicalIndex
from matcher.text import Language, chunk, detect_language, key_terms
from models.events import MemberProfile, Opportunity

__all__ = ["Match", "MatchScorer", "Query"]

_EN, _OTHER = 1, 0
_RESEARCH = frozenset({"university", "research_centre"})
_MMR_MAX_K = 100  # longer lists (e.g. ``score --all``) are left in score order


@dataclass(frozen=True)
class Query:
    """An opportunity's embedded form: language, one vector per backend, key terms."""

    language: Language
    english: Vectors | None
    multilingual: Vectors | None
    terms: frozenset[str]
    text: str


@dataclass(frozen=True)
class Match:
    """One scored member for one opportunity; ``evidence`` holds (competency index, relevance)."""

    member_id: str
    score: float
    components: dict[str, float]
    evidence: list[tuple[int, float]]
    shared_terms: list[str] = field(default_factory=list)
    rank: int = 0


def _calibrate(cosines: NDArray[np.float32], cal: Calibration) -> NDArray[np.float32]:
    relevance = 1.0 / (1.0 + np.exp(-(cosines - cal.center) / cal.scale))
    return np.asarray(relevance, dtype=np.float32)


class MatchScorer:
    """Holds the member evidence index and scores opportunities against it.

    ``english`` is the strong English encoder (MiniLM by default); ``multilingual`` the
    cross-language one, used for every pair that is not English on both sides.
    """

    def __init__(
        self, english: Encoder, multilingual: Encoder | None = None, config: ScoringConfig | None = None
    ) -> None:
        self.english = english
        self.multilingual = multilingual
        self.config = config or ScoringConfig()
        self.members_: dict[str, MemberProfile] = {}
        self._terms: dict[str, tuple[str, ...]] = {}  # each member's key terms, interned
        self._languages: dict[str, frozenset[str]] = {}
        self._traits: dict[str, _Traits] = {}  # what the bonuses and filters read, made once per member
        self._dims: tuple[int, int] | None = None
        self.index_: EvidenceIndex | None = None
        self.lexical_ = LexicalIndex()
        self._member_table: _MemberTable | None = None
        self.ann_: CandidateIndex | None = None
        self._positions: tuple[list[str] | None, dict[str, int]] = (None, {})

    @property
    def model_name(self) -> str:
        """Identifies the models behind a score (part of every suggestion id)."""
        if self._routing:
            return f"{self.english.name}+{self.multilingual.name}"  # type: ignore[union-attr]
        return self.english.name

    @property
    def _routing(self) -> bool:
        return self.config.multilingual and self.multilingual is not None

    def _encode_both(self, texts: Sequence[str], languages: Sequence[Language]) -> Vectors:
        """[n, d_en + d_ml] rows: English part only for English texts, multilingual part for all."""
        english_rows = [i for i, lang in enumerate(languages) if lang == "en" or not self._routing]
        en = self.english.encode([texts[i] for i in english_rows])
        ml = self.multilingual.encode(list(texts)) if self._routing else None  # type: ignore[union-attr]
        if self._dims is None:
            d_en = en.shape[1] if len(en) else self.english.encode(["x"]).shape[1]
            self._dims = (d_en, ml.shape[1] if ml is not None else 0)
            self.index_ = EvidenceIndex(sum(self._dims), (d_en, _EN) if self._routing else None)
            # indexed evidence serves the caching encoders, so their caches need not hold it twice
            if isinstance(self.english, CachedEncoder):
                self.english.source = self.index_.source(slice(0, d_en), _EN if self._routing else None)
            if isinstance(self.multilingual, CachedEncoder) and self._routing:
                self.multilingual.source = self.index_.source(slice(d_en, None))
        d_en, d_ml = self._dims
        out = np.zeros((len(texts), d_en + d_ml), dtype=np.float32)
        out[english_rows, :d_en] = en
        if ml is not None:
            out[:, d_en:] = ml
        return out

    def _evidence_texts(self, member: MemberProfile) -> tuple[list[str], list[int], list[Language]]:
        texts, evidence = [], []
        for i, comp in enumerate(member.competencies):
            for piece in chunk(comp.text, self.config.max_chunk_words):
                texts.append(piece)
                evidence.append(i)
        return texts, evidence, [detect_language(t) for t in texts]

    def _opportunity_texts(self, opportunity: Opportunity) -> tuple[list[str], Language]:
        pieces = [opportunity.title, *chunk(opportunity.description, self.config.max_chunk_words)]
        return pieces, detect_language(f"{opportunity.title}. {opportunity.description}")

    def prefetch(self, members: Sequence[MemberProfile], opportunities: Sequence[Opportunity]) -> None:
        """Embed every text these events will need in one call per model.

        With caching encoders (:class:`matcher.embedding.CachedEncoder`) the following
        ``add_member`` / ``encode_opportunity`` calls then hit the cache: one batched model call
        per batch of events instead of one per event (the multilingual model in particular pays
        a large fixed cost per call).
        """
        english, multilingual = self.texts_to_embed(members, opportunities)
        if english:
            self.english.encode(english)
        if multilingual:
            self.multilingual.encode(multilingual)  # type: ignore[union-attr]

    def texts_to_embed(
        self, members: Sequence[MemberProfile], opportunities: Sequence[Opportunity]
    ) -> tuple[list[str], list[str]]:
        """The distinct texts these events send to the English and to the multilingual model.

        English texts (and everything, when routing is off) go to the English model; with routing
        on, every text also goes to the multilingual one.
        """
        english: list[str] = []
        multilingual: list[str] = []
        for member in members:
            texts, _, languages = self._evidence_texts(member)
            english += [
                t for t, lang in zip(texts, languages, strict=True) if lang == "en" or not self._routing
            ]
            multilingual += texts
        for opportunity in opportunities:
            pieces, language = self._opportunity_texts(opportunity)
            if language == "en" or not self._routing:
                english += pieces
            multilingual += pieces
        return list(dict.fromkeys(english)), list(dict.fromkeys(multilingual)) if self._routing else []

    def add_member(self, member: MemberProfile) -> None:
        """Index (or re-index, replacing the old evidence of) one member."""
        texts, evidence, languages = self._evidence_texts(member)
        vectors = self._encode_both(texts, languages)
        assert self.index_ is not None
        tags = [_EN if lang == "en" else _OTHER for lang in languages]
        self.index_.upsert(member.member_id, vectors, evidence, tags, [content_key(t) for t in texts])
        for encoder in (self.english, self.multilingual):
            if isinstance(encoder, CachedEncoder):
                encoder.release(texts)
        if self.ann_ is not None:
            self.ann_.upsert(member.member_id, vectors, np.array(tags) == _EN)
        self.members_[member.member_id] = member
        self.lexical_.add(member.member_id, " ".join(c.text for c in member.competencies))
        terms = {sys.intern(t) for c in member.competencies for t in key_terms(c.text)}
        self._terms[member.member_id] = tuple(terms)
        self._languages[member.member_id] = frozenset(languages)
        self._traits[member.member_id] = _Traits.of(member, self._languages[member.member_id])

    def track_changes(self, rare_ratio: float = 3e-3) -> None:
        """Log every later member change (:meth:`matcher.lexical.LexicalIndex.track_changes`)."""
        self.lexical_.track_changes(rare_ratio)

    def fit(self, members: Sequence[MemberProfile], batch_size: int = 256) -> MatchScorer:
        """Index ``members`` (evidence by evidence, embedded in batches); returns ``self``."""
        for start in range(0, len(members), batch_size):
            batch = members[start : start + batch_size]
            self.prefetch(batch, [])
            for member in batch:
                self.add_member(member)
        return self

    def remove_member(self, member_id: str) -> bool:
        """Forget a member everywhere; ``False`` if unknown."""
        self._terms.pop(member_id, None)
        self._languages.pop(member_id, None)
        self._traits.pop(member_id, None)
        known = self.members_.pop(member_id, None) is not None
        self.lexical_.remove(member_id)
        if self.index_ is not None:
            self.index_.remove(member_id)
        if self.ann_ is not None:
            self.ann_.remove(member_id)
        return known

    def encode_opportunity(self, opportunity: Opportunity) -> Query:
        """Embed title and description (chunked) and pool the chunks into one vector per backend."""
        text = f"{opportunity.title}. {opportunity.description}"
        pieces, language = self._opportunity_texts(opportunity)
        english = multilingual = None
        if language == "en" or not self._routing:
            english = _pool(self.english.encode(pieces))
        if self._routing:
            multilingual = _pool(self.multilingual.encode(pieces))  # type: ignore[union-attr]
        return Query(language, english, multilingual, frozenset(key_terms(text)), text)

    def row_relevance(self, query: Query, rows: NDArray[np.int64] | None = None) -> NDArray[np.float32]:
        """Calibrated relevance of index rows (all, or ``rows``) to ``query``, routed by language pair."""
        assert self.index_ is not None and self._dims is not None
        index, d_en = self.index_, self._dims[0]
        cfg = self.config
        if not self._routing:
            assert query.english is not None
            return _calibrate(index.dot(query.english, rows, slice(0, d_en)), cfg.english)
        assert query.multilingual is not None
        relevance = _calibrate(index.dot(query.multilingual, rows, slice(d_en, None)), cfg.crosslingual)
        if query.english is not None:
            english_rows = index.tags(rows) == _EN
            picked = np.flatnonzero(english_rows) if rows is None else rows[english_rows]
            english = index.dot(query.english, picked, slice(0, d_en))
            relevance[english_rows] = _calibrate(english, cfg.english)
        return relevance

    def score(
        self, opportunity: Opportunity, query: Query | None = None, limit: int | None = None
    ) -> list[Match]:
        """Eligible members, best first (at most ``limit``), unfiltered by ``min_score``."""
        if self.index_ is None or not self.members_:
            return []
        query = query or self.encode_opportunity(opportunity)
        if limit is not None and self.approximate:
            found = self._score_candidates(opportunity, query, limit)
            if found is not None:
                return found
        hits = self.index_.group(self.row_relevance(query))
        return self._matches(opportunity, query, hits, self._table(hits.member_ids), limit)

    @property
    def approximate(self) -> bool:
        """Whether top-k searches go through the approximate candidate index (a large index)."""
        threshold = self.config.approximate_min_rows
        return self.index_ is not None and threshold is not None and self.index_.n_live_rows >= threshold

    def _candidate_index(self) -> CandidateIndex:
        """The ANN index, built from the evidence matrix on first use and when it has outgrown itself."""
        assert self.index_ is not None and self._dims is not None
        if self.ann_ is None or self.ann_.needs_rebuild(self.index_.n_live_rows):
            rows_of = {m: self.index_.member_rows(m) for m in self.index_.member_ids()}
            self.ann_ = CandidateIndex(
                self._dims if self._routing else (self._dims[0], 0), self.config.approximate_nprobe
            )
            self.ann_.build(self.index_.vectors, self.index_.tags() == _EN, rows_of)
        return self.ann_

    def _score_candidates(self, opportunity: Opportunity, query: Query, limit: int) -> list[Match] | None:
        """Exact scores of the ANN's (and TF-IDF's) candidates; ``None`` if too few are eligible."""
        assert self.index_ is not None
        cfg = self.config
        wanted = self._candidate_index().candidates(
            query.english, query.multilingual, cfg.approximate_candidates
        )
        all_ids = self.index_.member_ids()
        if self._positions[0] is not all_ids:  # one lookup table per index grouping
            self._positions = (all_ids, {m: i for i, m in enumerate(all_ids)})
        position = self._positions[1]
        picked = {position[m] for m in wanted if m in position}
        lexical_all = None
        if cfg.lexical_weight > 0:
            lexical_all = self.lexical_.similarities(query.text, all_ids)
            n = min(cfg.approximate_lexical_candidates, len(all_ids))
            if n > 0:
                picked.update(np.argpartition(-lexical_all, n - 1)[:n].tolist())
        positions = np.array(sorted(picked), dtype=np.int64)
        ids, rows = self.index_.padded_rows(positions)
        real = rows >= 0
        sims = np.full(rows.shape, -np.inf, dtype=np.float32)
        sims[real] = self.row_relevance(query, rows[real])
        evidence = np.full(rows.shape, -1, dtype=np.int32)
        evidence[real] = self.index_.evidence_of(rows[real])
        hits = MemberHits(ids, sims, evidence)
        table = self._table(all_ids).subset(positions, ids)
        lexical = None if lexical_all is None else lexical_all[positions]
        found = self._matches(opportunity, query, hits, table, limit, lexical)
        return found if len(found) >= limit else None

    def score_member(self, opportunity: Opportunity, query: Query, member_id: str) -> Match | None:
        """One member's match for ``opportunity`` (``None`` if ineligible) without scanning the rest."""
        assert self.index_ is not None
        rows = self.index_.member_rows(member_id)
        hits = MemberHits(
            [member_id], self.row_relevance(query, rows)[None, :], self.index_.evidence_of(rows)[None, :]
        )
        table = _MemberTable([member_id], [self._traits[member_id]])
        found = self._matches(opportunity, query, hits, table, 1)
        return found[0] if found else None

    def member_scores(
        self, member_id: str, opportunities: Sequence[Opportunity], queries: Sequence[Query]
    ) -> NDArray[np.float32]:
        """``score_member(o, q, member_id).score`` for each pair (``nan`` where ``None``), bit for bit.

        The same float32 arithmetic as :meth:`_matches` with the opportunities along the array
        instead of the members: one pass for a changed member against every open opportunity.
        """
        assert self.index_ is not None
        cfg = self.config
        rows = self.index_.member_rows(member_id)
        if not opportunities:
            return np.zeros(0, dtype=np.float32)
        sims = np.vstack([self.row_relevance(q, rows) for q in queries])
        dense = aggregate(sims, cfg.aggregation, cfg.evidence_k, cfg.softmax_temperature)
        room = 1.0 - cfg.complementarity_bonus - 2 * cfg.ecosystem_bonus - cfg.cross_cluster_bonus
        languages = self._languages.get(member_id, frozenset())
        speaks = np.array([q.language in languages for q in queries], dtype=bool)
        weight = np.where(speaks, cfg.lexical_weight, 0.0).astype(np.float32)
        components = [room * (1.0 - weight) * dense]
        if cfg.lexical_weight > 0:
            lexical = self.lexical_.member_similarities(member_id, [q.text for q in queries])
            relevance = np.minimum(lexical / cfg.lexical_saturation, 1.0)
            components.append((room * weight * relevance).astype(np.float32))
        table = _MemberTable([member_id], [self._traits[member_id]])
        parts = [self._bonuses(o, table) for o in opportunities]
        for name in ("complementarity", "ecosystems", "cross_cluster"):
            components.append(np.concatenate([p[name] for p in parts]))
        total: NDArray[np.float32] = np.sum(components, axis=0, dtype=np.float32)
        eligible = np.concatenate([self._eligible(o, table) for o in opportunities])
        return np.where(eligible, total, np.float32(np.nan))

    def score_members(
        self,
        opportunity: Opportunity,
        query: Query,
        member_ids: Sequence[str],
        limit: int | None = None,
        ranking: list[tuple[str, float]] | None = None,
    ) -> list[Match]:
        """Eligible members among ``member_ids`` (indexed ones), best first (at most ``limit``), as
        :meth:`score` scores them; touches only their rows, no whole-population structure.

        ``ranking`` receives every eligible one's ``(member_id, score)``, best first.
        """
        ids = [m for m in member_ids if self.index_ is not None and m in self.index_]
        if self.index_ is None or not ids:
            return []
        rows_of = [self.index_.member_rows(m) for m in ids]
        rows = np.full((len(ids), max(len(r) for r in rows_of)), -1, dtype=np.int64)
        for i, member_rows in enumerate(rows_of):
            rows[i, : len(member_rows)] = member_rows
        real = rows >= 0
        sims = np.full(rows.shape, -np.inf, dtype=np.float32)
        sims[real] = self.row_relevance(query, rows[real])
        evidence = np.full(rows.shape, -1, dtype=np.int32)
        evidence[real] = self.index_.evidence_of(rows[real])
        table = _MemberTable(ids, [self._traits[m] for m in ids])
        return self._matches(
            opportunity, query, MemberHits(ids, sims, evidence), table, limit, ranking=ranking
        )

    def _matches(
        self,
        opportunity: Opportunity,
        query: Query,
        hits: MemberHits,
        table: _MemberTable,
        limit: int | None,
        lexical: NDArray[np.float32] | None = None,
        ranking: list[tuple[str, float]] | None = None,
    ) -> list[Match]:
        cfg = self.config
        bonuses = self._bonuses(opportunity, table)
        # affinity keeps the room the bonuses leave, so the sum is in 0..1 without clipping ties
        room = 1.0 - cfg.complementarity_bonus - 2 * cfg.ecosystem_bonus - cfg.cross_cluster_bonus
        dense = aggregate(hits.sims, cfg.aggregation, cfg.evidence_k, cfg.softmax_temperature)
        # term overlap only means something within one language: a member whose evidence shares no
        # language with the opportunity is scored on the (cross-lingual) dense affinity alone
        weight = np.where(table.speaks(query.language), cfg.lexical_weight, 0.0).astype(np.float32)
        components = {"affinity": room * (1.0 - weight) * dense}
        if cfg.lexical_weight > 0:
            if lexical is None:
                lexical = self.lexical_.similarities(query.text, hits.member_ids)
            relevance = np.minimum(lexical / cfg.lexical_saturation, 1.0)
            components["lexical"] = (room * weight * relevance).astype(np.float32)
        components.update(bonuses)
        total: NDArray[np.float32] = np.sum(list(components.values()), axis=0, dtype=np.float32)
        eligible = np.flatnonzero(self._eligible(opportunity, table))
        order = eligible[np.lexsort((table.id_order[eligible], -total[eligible]))]
        if ranking is not None:
            ranking.extend(
                zip([hits.member_ids[i] for i in order.tolist()], total[order].tolist(), strict=True)
            )
        matches = []
        for i in order[:limit]:
            best = np.argsort(-hits.sims[i])[: cfg.explain_evidence]
            evidence = [
                (int(hits.evidence[i, j]), float(hits.sims[i, j])) for j in best if hits.evidence[i, j] >= 0
            ]
            parts = {name: float(values[i]) for name, values in components.items()}
            matches.append(Match(hits.member_ids[i], float(total[i]), parts, _dedupe(evidence)))
        return matches

    def rank(
        self,
        opportunity: Opportunity,
        top_k: int | None = None,
        query: Query | None = None,
        min_score: float | None = None,
    ) -> list[Match]:
        """The suggestions for ``opportunity``: at least ``min_score``, best ``top_k``, ranked from 1.

        Both limits default to the configuration's.
        """
        query = query or self.encode_opportunity(opportunity)
        limit = self.config.top_k if top_k is None else top_k
        return self.select(self.score(opportunity, query, limit=self.depth(limit)), query, limit, min_score)

    def depth(self, top_k: int) -> int:
        """How many of the best-scored candidates :meth:`rank` looks at for ``top_k`` suggestions."""
        return 3 * top_k if self._diversify(top_k) else top_k

    def _diversify(self, top_k: int) -> bool:
        return self.config.mmr_lambda < 1.0 and top_k <= _MMR_MAX_K

    def select(
        self, candidates: list[Match], query: Query, top_k: int, min_score: float | None = None
    ) -> list[Match]:
        """The final step of :meth:`rank` on best-first ``candidates``, of which it takes :meth:`depth`.

        Drops those under ``min_score``, diversifies with MMR and numbers the kept ``top_k`` from 1.
        """
        cfg = self.config
        floor = cfg.min_score if min_score is None else min_score
        pool = [m for m in candidates[: self.depth(top_k)] if m.score >= floor]
        if self._diversify(top_k) and len(pool) > 1:
            scores = np.array([m.score for m in pool], dtype=np.float32)
            order = mmr_order(scores, self._centroids([m.member_id for m in pool]), top_k, cfg.mmr_lambda)
            kept = [pool[i] for i in order]
        else:
            kept = pool[:top_k]
        return [self.finish(m, rank, query) for rank, m in enumerate(kept, start=1)]

    def _centroids(self, member_ids: list[str]) -> Vectors:
        """One unit vector per member: the mean of its evidence rows (both backends' parts)."""
        assert self.index_ is not None
        rows = self.index_.member_rows
        return l2_normalise(np.vstack([self.index_.vectors(rows(m)).mean(axis=0) for m in member_ids]))

    def finish(self, match: Match, rank: int, query: Query) -> Match:
        """``match`` at ``rank``, with the key terms it shares with ``query``."""
        common = query.terms.intersection(self._terms[match.member_id])
        shared = sorted(common, key=lambda t: (-len(t), t))[:8]
        return Match(match.member_id, match.score, match.components, match.evidence, shared, rank)

    def _table(self, member_ids: list[str]) -> _MemberTable:
        if self._member_table is None or self._member_table.ids is not member_ids:
            self._member_table = _MemberTable(member_ids, [self._traits[m] for m in member_ids])
        return self._member_table

    def _bonuses(self, opportunity: Opportunity, table: _MemberTable) -> dict[str, NDArray[np.float32]]:
        cfg = self.config
        publisher = self.members_.get(opportunity.published_by)
        side = _side(opportunity, publisher)
        if side == "industry":
            complementary = table.research
        elif side == "research":
            complementary = table.company
        else:
            complementary = np.zeros(len(table.ids), dtype=bool)
        home = set(publisher.clusters) if publisher else {opportunity.published_by.upper()}
        shared = table.count_shared(table.ecosystems, set(opportunity.ecosystems))
        at_home = table.count_shared(table.clusters, home) > 0
        return {
            "complementarity": np.where(complementary, cfg.complementarity_bonus, 0.0).astype(np.float32),
            "ecosystems": (cfg.ecosystem_bonus * np.minimum(shared, 2)).astype(np.float32),
            "cross_cluster": np.where(at_home, 0.0, cfg.cross_cluster_bonus).astype(np.float32),
        }

    def _eligible(self, opportunity: Opportunity, table: _MemberTable) -> NDArray[np.bool_]:
        ok = np.array([m != opportunity.published_by for m in table.ids], dtype=bool)
        seeking = opportunity.seeking
        if seeking is not None:
            if seeking.org_types:
                ok &= np.isin(table.org_types, list(seeking.org_types))
            if seeking.sme_only:
                ok &= table.sme
        return ok


class _Traits(NamedTuple):
    """One member's attributes as the bonuses and filters read them."""

    org_type: str
    research: bool
    company: bool
    sme: bool
    languages: frozenset[str]
    clusters: frozenset[str]
    ecosystems: frozenset[str]

    @classmethod
    def of(cls, member: MemberProfile, languages: frozenset[str]) -> _Traits:
        org = member.org_type
        return cls(
            org,
            org in _RESEARCH,
            org == "company",
            member.is_sme,
            languages,
            frozenset(member.clusters),
            frozenset(member.ecosystems),
        )


class _MemberTable:
    """Per-member attributes as arrays aligned with one index grouping (rebuilt when it changes).

    Built from each member's :class:`_Traits`, made once when the member is indexed, so a rebuild
    after a change only gathers them.
    """

    def __init__(self, ids: list[str], traits: list[_Traits]) -> None:
        self.ids = ids
        org_types, research, company, sme, languages, clusters, ecosystems = (
            zip(*traits, strict=True) if traits else ((),) * 7
        )
        self.org_types = np.array(org_types, dtype=object)
        self.research = np.array(research, dtype=bool)
        self.company = np.array(company, dtype=bool)
        self.sme = np.array(sme, dtype=bool)
        self.languages: list[frozenset[str]] = list(languages)
        self.clusters: list[frozenset[str]] = list(clusters)
        self.ecosystems: list[frozenset[str]] = list(ecosystems)
        self.id_order = np.argsort(np.argsort(np.array(ids, dtype=object)))

    def subset(self, positions: NDArray[np.int64], ids: list[str]) -> _MemberTable:
        """The rows at ``positions`` (whose ids are ``ids``), relative id order kept."""
        part = object.__new__(_MemberTable)
        part.ids = ids
        for name in ("org_types", "research", "company", "sme", "id_order"):
            setattr(part, name, getattr(self, name)[positions])
        for name in ("languages", "clusters", "ecosystems"):
            values = getattr(self, name)
            setattr(part, name, [values[p] for p in positions.tolist()])
        return part

    def speaks(self, language: str) -> NDArray[np.bool_]:
        """Members with at least one piece of evidence in ``language``."""
        return np.fromiter((language in s for s in self.languages), dtype=bool, count=len(self.languages))

    @staticmethod
    def count_shared(sets: list[frozenset[str]], wanted: set[str]) -> NDArray[np.int64]:
        if not wanted:
            return np.zeros(len(sets), dtype=np.int64)
        return np.fromiter((len(s & wanted) for s in sets), dtype=np.int64, count=len(sets))


def _pool(vectors: Vectors) -> Vectors:
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    pooled: Vectors = (mean / norm if norm > 0 else mean).astype(np.float32)
    return pooled


def _dedupe(evidence: list[tuple[int, float]]) -> list[tuple[int, float]]:
    seen: set[int] = set()
    return [(e, s) for e, s in evidence if not (e in seen or seen.add(e))]  # type: ignore[func-returns-value]


def _side(opportunity: Opportunity, publisher: MemberProfile | None) -> str | None:
    """Which corner of the knowledge triangle the opportunity comes from, if it says."""
    if opportunity.kind == "technology_need" or (publisher and publisher.org_type == "company"):
        return "industry"
    if opportunity.kind == "technology_offer" or (publisher and publisher.org_type in _RESEARCH):
        return "research"
    return None
