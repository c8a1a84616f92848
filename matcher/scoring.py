"""The match scorer: an estimator that indexes member evidence and scores opportunities against it.

How a score is made, step by step, is in ``docs/SCORING.md``; its components are combined in one
place, :func:`matcher.components.combine`.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from matcher.aggregation import pooled
from matcher.ann import CandidateIndex
from matcher.components import MemberTraits, TraitTable, bonuses, combine, eligible
from matcher.config import Calibration, ScoringConfig
from matcher.diversity import mmr_order
from matcher.embedding import CachedEncoder, Encoder, Vectors, content_key, l2_normalise
from matcher.index import EvidenceIndex, MemberHits
from matcher.lexical import LexicalDrift, LexicalIndex
from matcher.needs import split_needs
from matcher.text import Language, chunk, detect_language, key_terms
from models.events import MemberProfile, Opportunity
from models.exceptions import NotFittedError

__all__ = ["DEFAULT_CONFIG", "Match", "MatchScorer", "Query", "Ranked", "Scan"]

_EN, _OTHER = 1, 0
_MMR_MAX_K = 100  # longer lists (e.g. ``score --all``) are left in score order

#: The configuration of a scorer built without one (frozen, so one instance serves every scorer).
DEFAULT_CONFIG = ScoringConfig()
#: One eligible member of a scan: ``(member_id, score, lexical share of the score)``.
Ranked = tuple[str, float, float]


@dataclass(frozen=True)
class Query:
    """An opportunity's embedded form: language, one vector per backend, key terms, and its needs.

    ``needs`` are the texts of a long opportunity's needs (:func:`matcher.needs.split_needs`; empty
    for a short one), embedded as rows of ``needs_english`` / ``needs_multilingual``. An evidence row's
    relevance to the query is its relevance to the whole text or to its best need, whichever is higher.
    """

    language: Language
    english: Vectors | None
    multilingual: Vectors | None
    terms: frozenset[str]
    text: str
    needs: tuple[str, ...] = ()
    needs_english: Vectors | None = None
    needs_multilingual: Vectors | None = None
    kind: str | None = None  # the opportunity's kind (its suggestion floor may differ)


@dataclass(frozen=True)
class Match:
    """One scored member for one opportunity; ``evidence`` holds (competency index, relevance)."""

    member_id: str
    score: float
    components: dict[str, float]
    evidence: list[tuple[int, float]]
    shared_terms: list[str] = field(default_factory=list)
    rank: int = 0
    needs: list[str | None] = field(default_factory=list)  # per evidence piece: the need it answers best
    above: list[str] = field(default_factory=list)  # higher-scored members ranked below it (diversity)


@dataclass(frozen=True)
class Scan:
    """What every member's score for one query is made of before any weight is applied.

    ``hits`` holds each member's evidence relevances; ``eligible``, ``speaks`` (evidence in the
    query's language) and ``lexical`` (TF-IDF cosine, ``None`` if not asked for) are aligned with
    ``hits.member_ids``. :func:`matcher.components.combine` turns them into scores.
    """

    hits: MemberHits
    eligible: NDArray[np.bool_]
    speaks: NDArray[np.bool_]
    lexical: NDArray[np.float32] | None
    evidence: NDArray[np.float32]  # [members, EVIDENCE_KINDS]: competencies of each kind (the prior reads it)
    org_types: NDArray[np.object_] | None = None  # each member's organisation type (the prior may read it)


def _calibrate(cosines: NDArray[np.float32], cal: Calibration) -> NDArray[np.float32]:
    relevance = 1.0 / (1.0 + np.exp(-(cosines - cal.center) / cal.scale))
    return np.asarray(relevance, dtype=np.float32)


class MatchScorer:
    """Holds the member evidence index and scores opportunities against it (a scikit-learn estimator).

    ``english`` is the strong English encoder (MiniLM by default); ``multilingual`` the
    cross-language one, used for every pair that is not English on both sides.

    :meth:`fit` replaces every member with the given ones (``fit([])``: an empty index, as the
    stream worker starts); :meth:`add_member` and :meth:`remove_member` then change it one member
    at a time. Anything that reads the index, these included, raises
    :class:`~models.exceptions.NotFittedError` before :meth:`fit`. Learned state ends in ``_``:
    ``members_``, ``terms_`` (key terms), ``traits_`` (what bonuses and filters read), ``dims_``
    (the two backends' widths), ``index_`` (evidence vectors; ``None`` until the first member),
    ``lexical_`` (TF-IDF) and ``ann_`` (approximate index, built on the first large search).
    """

    _rare_ratio: float | None = None  # set by track_changes; survives a re-fit

    def __init__(
        self, english: Encoder, multilingual: Encoder | None = None, config: ScoringConfig = DEFAULT_CONFIG
    ) -> None:
        self.english = english
        self.multilingual = multilingual
        self.config = config

    # -- fitting ---------------------------------------------------------------------------------

    def fit(self, members: Sequence[MemberProfile], batch_size: int = 256) -> MatchScorer:
        """Index exactly ``members`` (evidence by evidence, embedded in batches); returns ``self``.

        Whatever was indexed before is dropped, so a :class:`~matcher.engine.Matchmaker` holding
        rankings and candidate pools of this scorer must not outlive a re-fit (build a new one).
        """
        self.members_: dict[str, MemberProfile] = {}
        self.terms_: dict[str, tuple[str, ...]] = {}  # each member's key terms, interned
        self.traits_: dict[str, MemberTraits] = {}
        self.dims_: tuple[int, int] | None = None
        self.index_: EvidenceIndex | None = None
        self.lexical_ = LexicalIndex()
        if self._rare_ratio is not None:
            self.lexical_.track_changes(self._rare_ratio)
        self.ann_: CandidateIndex | None = None
        self._table_cache: TraitTable | None = None
        self._positions: tuple[list[str] | None, dict[str, int]] = (None, {})
        for start in range(0, len(members), batch_size):
            batch = members[start : start + batch_size]
            self.prefetch(batch, [])
            for member in batch:
                self.add_member(member)
        return self

    @property
    def is_fitted(self) -> bool:
        """Whether :meth:`fit` has run (its state may still hold no member)."""
        return hasattr(self, "members_")

    def _check_fitted(self) -> None:
        if not self.is_fitted:
            raise NotFittedError(f"{type(self).__name__} is not fitted: call fit(members) (or fit([])) first")

    def add_member(self, member: MemberProfile) -> None:
        """Index (or re-index, replacing the old evidence of) one member."""
        self._check_fitted()
        texts, evidence, languages = self._evidence_texts(member)
        vectors = self._encode_both(texts, languages)
        assert self.index_ is not None  # made by the first _encode_both
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
        self.terms_[member.member_id] = tuple(terms)
        self.traits_[member.member_id] = MemberTraits.of(member, frozenset(languages))

    def remove_member(self, member_id: str) -> bool:
        """Forget a member everywhere; ``False`` if unknown."""
        self._check_fitted()
        self.terms_.pop(member_id, None)
        self.traits_.pop(member_id, None)
        known = self.members_.pop(member_id, None) is not None
        self.lexical_.remove(member_id)
        if self.index_ is not None:
            self.index_.remove(member_id)
        if self.ann_ is not None:
            self.ann_.remove(member_id)
        return known

    @property
    def members(self) -> Mapping[str, MemberProfile]:
        """Indexed members by id (a read-only view)."""
        self._check_fitted()
        return MappingProxyType(self.members_)

    @property
    def n_members(self) -> int:
        """How many members are indexed."""
        self._check_fitted()
        return len(self.members_)

    @property
    def model_name(self) -> str:
        """Identifies the models behind a score (part of every suggestion id)."""
        if self._routing:
            return f"{self.english.name}+{self.multilingual.name}"  # type: ignore[union-attr]
        return self.english.name

    @property
    def _routing(self) -> bool:
        return self.config.multilingual and self.multilingual is not None

    # -- embedding -------------------------------------------------------------------------------

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
            pieces = [*pieces, *self.needs_of(opportunity)]
            if language == "en" or not self._routing:
                english += pieces
            multilingual += pieces
        return list(dict.fromkeys(english)), list(dict.fromkeys(multilingual)) if self._routing else []

    def needs_of(self, opportunity: Opportunity, sentences: bool | None = None) -> list[str]:
        """The needs the opportunity is matched on besides its whole text (none when it has one).

        Enumerated topics and list items always; sentences of prose when ``sentences`` (default: the
        configuration's ``sentence_needs``; the consortium builder asks for them).
        """
        cfg = self.config
        if cfg.max_needs == 0:
            return []
        split = cfg.sentence_needs if sentences is None else sentences
        needs = split_needs(opportunity.title, opportunity.description, cfg.need_words, cfg.max_needs, split)
        return needs if len(needs) > 1 else []

    def encode_opportunity(self, opportunity: Opportunity) -> Query:
        """Embed the opportunity (its whole text pooled into one vector per backend) and its needs."""
        text = f"{opportunity.title}. {opportunity.description}"
        pieces, language = self._opportunity_texts(opportunity)
        needs = tuple(self.needs_of(opportunity))
        english = multilingual = needs_english = needs_multilingual = None
        if language == "en" or not self._routing:
            english = _pool(self.english.encode(pieces))
            needs_english = self.english.encode(list(needs)) if needs else None
        if self._routing:
            multilingual = _pool(self.multilingual.encode(pieces))  # type: ignore[union-attr]
            ml = self.multilingual
            needs_multilingual = ml.encode(list(needs)) if needs else None  # type: ignore[union-attr]
        return Query(
            language,
            english,
            multilingual,
            frozenset(key_terms(text)),
            text,
            needs,
            needs_english,
            needs_multilingual,
            opportunity.kind,
        )

    def encode_needs(self, opportunity: Opportunity, needs: Sequence[str]) -> list[Query]:
        """One query per need text, each routed by its own language: one model call per backend."""
        languages = [detect_language(n) for n in needs]
        english_ones = [i for i, lang in enumerate(languages) if lang == "en" or not self._routing]
        english = self.english.encode([needs[i] for i in english_ones]) if english_ones else None
        row = {i: r for r, i in enumerate(english_ones)}
        ml = self.multilingual
        multilingual = ml.encode(list(needs)) if self._routing and needs else None  # type: ignore[union-attr]
        return [
            Query(
                languages[i],
                None if english is None or i not in row else english[row[i]],
                None if multilingual is None else multilingual[i],
                frozenset(key_terms(need)),
                need,
                kind=opportunity.kind,
            )
            for i, need in enumerate(needs)
        ]

    def _encode_both(self, texts: Sequence[str], languages: Sequence[Language]) -> Vectors:
        """[n, d_en + d_ml] rows: English part only for English texts, multilingual part for all."""
        english_rows = [i for i, lang in enumerate(languages) if lang == "en" or not self._routing]
        en = self.english.encode([texts[i] for i in english_rows])
        ml = self.multilingual.encode(list(texts)) if self._routing else None  # type: ignore[union-attr]
        if self.dims_ is None:
            d_en = en.shape[1] if en.ndim == 2 and en.shape[1] else self.english.encode(["x"]).shape[1]
            self.dims_ = (d_en, ml.shape[1] if ml is not None else 0)
            self.index_ = EvidenceIndex(sum(self.dims_), (d_en, _EN) if self._routing else None)
            # indexed evidence serves the caching encoders, so their caches need not hold it twice
            if isinstance(self.english, CachedEncoder):
                self.english.source = self.index_.source(slice(0, d_en), _EN if self._routing else None)
            if isinstance(self.multilingual, CachedEncoder) and self._routing:
                self.multilingual.source = self.index_.source(slice(d_en, None))
        d_en, d_ml = self.dims_
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
        whole = f"{opportunity.title}. {opportunity.description}"
        if self.config.query_form == "whole":
            pieces = chunk(whole, self.config.query_words, overlap=0)
        else:
            pieces = [opportunity.title, *chunk(opportunity.description, self.config.max_chunk_words)]
        return pieces, detect_language(whole)

    # -- evidence relevance ----------------------------------------------------------------------

    def _row_relevance(self, query: Query, rows: NDArray[np.int64] | None = None) -> NDArray[np.float32]:
        """Calibrated relevance of index rows (all, or ``rows``) to ``query``, routed by language pair:
        to the whole text or to the row's best need, whichever is higher."""
        relevance = self.need_relevance(query, rows)
        return relevance if relevance.ndim == 1 else relevance.max(axis=1)

    def need_relevance(self, query: Query, rows: NDArray[np.int64] | None = None) -> NDArray[np.float32]:
        """``[rows]`` relevance to a query without needs, ``[rows, 1 + needs]`` (column 0: the whole
        text, column 1 + j: need j) to one with needs; routed and calibrated as every score is."""
        assert self.index_ is not None and self.dims_ is not None
        index, d_en = self.index_, self.dims_[0]
        cfg = self.config
        if not self._routing:
            assert query.english is not None
            vectors = _with_needs(query.english, query.needs_english)
            return _calibrate(index.dot(vectors, rows, slice(0, d_en)), cfg.english)
        assert query.multilingual is not None
        multilingual = _with_needs(query.multilingual, query.needs_multilingual)
        if query.english is None:
            return _calibrate(index.dot(multilingual, rows, slice(d_en, None)), cfg.crosslingual)
        # an English query: English rows go to the English model, the others to the multilingual
        # one; each product reads only its own rows
        english_rows = index.tags(rows) == _EN
        numbers = np.arange(len(english_rows)) if rows is None else rows
        relevance = np.empty((len(english_rows), *multilingual.shape[1:]), dtype=np.float32)
        for picked, vectors, columns, calibration in (
            (~english_rows, multilingual, slice(d_en, None), cfg.crosslingual),
            (english_rows, _with_needs(query.english, query.needs_english), slice(0, d_en), cfg.english),
        ):
            if picked.any():
                relevance[picked] = _calibrate(index.dot(vectors, numbers[picked], columns), calibration)
        return relevance

    def evidence_hits(self, query: Query, member_ids: Sequence[str] | None = None) -> MemberHits:
        """Calibrated relevance of each evidence row to ``query``, routed by language pair, by member.

        Every indexed member (the index's order), or ``member_ids`` in their order (``KeyError``
        for one not indexed), reading only their rows.
        """
        return self._hits(query, member_ids, per_need=False)

    def need_hits(self, query: Query, member_ids: Sequence[str] | None = None) -> MemberHits:
        """As :meth:`evidence_hits`, with ``sims`` of ``[members, rows, needs]``: each row's relevance to
        each need of ``query`` (to its whole text when it has no needs). What "covers a need" means,
        for the consortium builder as for the scores."""
        return self._hits(query, member_ids, per_need=True)

    def _hits(self, query: Query, member_ids: Sequence[str] | None, per_need: bool) -> MemberHits:
        self._check_fitted()
        index = self.index_
        width = (max(1, len(query.needs)),) if per_need else ()

        def relevance_of(rows: NDArray[np.int64] | None) -> NDArray[np.float32]:
            if not per_need:
                return self._row_relevance(query, rows)
            relevance = self.need_relevance(query, rows)
            return relevance[:, None] if relevance.ndim == 1 else relevance[:, 1:]

        if index is None or (member_ids is None and not self.members_):
            if member_ids:
                raise KeyError(member_ids[0])
            return MemberHits([], np.zeros((0, 0, *width), np.float32), np.zeros((0, 0), np.int32))
        if member_ids is None:
            return index.group(relevance_of(None))
        rows_of = [index.member_rows(m) for m in member_ids]
        rows = np.full((len(rows_of), max((len(r) for r in rows_of), default=0)), -1, dtype=np.int64)
        for i, member_rows in enumerate(rows_of):
            rows[i, : len(member_rows)] = member_rows
        real = rows >= 0
        sims = np.full((*rows.shape, *width), -np.inf, dtype=np.float32)
        sims[real] = relevance_of(rows[real])
        evidence = np.full(rows.shape, -1, dtype=np.int32)
        evidence[real] = index.evidence_of(rows[real])
        return MemberHits(list(member_ids), sims, evidence)

    def scan(self, opportunity: Opportunity, query: Query, lexical: bool = True) -> Scan:
        """The weight-free parts of every member's score for ``opportunity`` (see :class:`Scan`)."""
        hits = self.evidence_hits(query)
        table = self._table(hits.member_ids)
        sims = self.lexical_.similarities(query.text, hits.member_ids) if lexical else None
        ok, speaks = eligible(opportunity, table), table.speaks(query.language)
        return Scan(hits, ok, speaks, sims, table.evidence, table.org_types)

    # -- scoring ---------------------------------------------------------------------------------

    def score(
        self,
        opportunity: Opportunity,
        query: Query | None = None,
        limit: int | None = None,
        ranking: list[Ranked] | None = None,
    ) -> list[Match]:
        """Eligible members, best first (at most ``limit``), unfiltered by ``min_score``.

        ``ranking`` (an exact scan then) receives every eligible member as :meth:`score_members` says.
        """
        self._check_fitted()
        if self.index_ is None or not self.members_:
            return []
        query = query or self.encode_opportunity(opportunity)
        if limit is not None and self.approximate and ranking is None:
            found = self._score_candidates(opportunity, query, limit)
            if found is not None:
                return found
        hits = self.evidence_hits(query)
        return self._matches(opportunity, query, hits, self._table(hits.member_ids), limit, ranking=ranking)

    def score_members(
        self,
        opportunity: Opportunity,
        query: Query,
        member_ids: Sequence[str],
        limit: int | None = None,
        ranking: list[Ranked] | None = None,
    ) -> list[Match]:
        """Eligible members among ``member_ids`` (indexed ones), best first (at most ``limit``), as
        :meth:`score` scores them; touches only their rows, no whole-population structure.

        ``ranking`` receives every eligible one's ``(member_id, score, lexical share)``, best first
        (the share is the score's ``lexical`` component, 0 without one).
        """
        self._check_fitted()
        ids = [m for m in member_ids if self.index_ is not None and m in self.index_]
        if not ids:
            return []
        table = TraitTable(ids, [self.traits_[m] for m in ids])
        hits = self.evidence_hits(query, ids)
        return self._matches(opportunity, query, hits, table, limit, ranking=ranking)

    def score_member(self, opportunity: Opportunity, query: Query, member_id: str) -> Match | None:
        """One member's match for ``opportunity`` (``None`` if ineligible) without scanning the rest."""
        hits = self.evidence_hits(query, [member_id])
        table = TraitTable([member_id], [self.traits_[member_id]])
        found = self._matches(opportunity, query, hits, table, 1)
        return found[0] if found else None

    def member_scores(
        self, member_id: str, opportunities: Sequence[Opportunity], queries: Sequence[Query]
    ) -> NDArray[np.float32]:
        """``score_member(o, q, member_id).score`` for each pair (``nan`` where ``None``), bit for bit.

        The same :func:`~matcher.components.combine` as :meth:`score`, with the opportunities along
        the array instead of the members: one pass for a changed member against every open opportunity.
        """
        self._check_fitted()
        cfg = self.config
        if not opportunities:
            return np.zeros(0, dtype=np.float32)
        if self.index_ is None:
            raise KeyError(member_id)
        rows = self.index_.member_rows(member_id)
        sims = np.vstack([self._row_relevance(q, rows) for q in queries])
        dense = pooled(cfg, sims, self.index_.evidence_of(rows))
        languages = self.traits_[member_id].languages
        speaks = np.array([q.language in languages for q in queries], dtype=bool)
        lexical = None
        if cfg.lexical_weight > 0:
            lexical = self.lexical_.member_similarities(member_id, [q.text for q in queries])
        table = TraitTable([member_id], [self.traits_[member_id]])
        parts = [self._bonuses(o, table) for o in opportunities]
        extra = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
        _, total = combine(cfg, dense, speaks, lexical, extra)
        ok = np.concatenate([eligible(o, table) for o in opportunities])
        return np.where(ok, total, np.float32(np.nan))

    def _matches(
        self,
        opportunity: Opportunity,
        query: Query,
        hits: MemberHits,
        table: TraitTable,
        limit: int | None,
        lexical: NDArray[np.float32] | None = None,
        ranking: list[Ranked] | None = None,
    ) -> list[Match]:
        """The eligible members of ``hits`` as :class:`Match` es, best first (ties by member id)."""
        cfg = self.config
        extra = self._bonuses(opportunity, table)
        dense = pooled(cfg, hits.sims, hits.evidence)
        if cfg.lexical_weight > 0 and lexical is None:
            lexical = self.lexical_.similarities(query.text, hits.member_ids)
        components, total = combine(cfg, dense, table.speaks(query.language), lexical, extra)
        ok = np.flatnonzero(eligible(opportunity, table))
        order = ok[np.lexsort((table.id_order[ok], -total[ok]))]
        if ranking is not None:
            share = components["lexical"][order] if "lexical" in components else np.zeros(len(order))
            ids = [hits.member_ids[i] for i in order.tolist()]
            ranking.extend(zip(ids, total[order].tolist(), share.tolist(), strict=True))
        matches = []
        for i in order[:limit]:
            best = np.argsort(-hits.sims[i])[: cfg.explain_evidence]
            evidence = [
                (int(hits.evidence[i, j]), float(hits.sims[i, j])) for j in best if hits.evidence[i, j] >= 0
            ]
            parts = {name: float(values[i]) for name, values in components.items()}
            matches.append(Match(hits.member_ids[i], float(total[i]), parts, _dedupe(evidence)))
        return matches

    def _bonuses(self, opportunity: Opportunity, table: TraitTable) -> dict[str, NDArray[np.float32]]:
        return bonuses(self.config, opportunity, self.members_.get(opportunity.published_by), table)

    def _table(self, member_ids: list[str]) -> TraitTable:
        """The traits of ``member_ids`` (one index grouping), kept until the grouping changes."""
        if self._table_cache is None or self._table_cache.ids is not member_ids:
            self._table_cache = TraitTable(member_ids, [self.traits_[m] for m in member_ids])
        return self._table_cache

    # -- approximate search ----------------------------------------------------------------------

    @property
    def approximate(self) -> bool:
        """Whether top-k searches go through the approximate candidate index (a large index)."""
        self._check_fitted()
        threshold = self.config.approximate_min_rows
        return self.index_ is not None and threshold is not None and self.index_.n_live_rows >= threshold

    def candidate_index(self) -> CandidateIndex:
        """The ANN index (``ann_``), built from the evidence on first use and when it has outgrown itself."""
        self._check_fitted()
        if self.index_ is None or self.dims_ is None:
            raise ValueError("the approximate index needs at least one indexed member")
        if self.ann_ is None or self.ann_.needs_rebuild(self.index_.n_live_rows):
            rows_of = {m: self.index_.member_rows(m) for m in self.index_.member_ids()}
            self.ann_ = CandidateIndex(
                self.dims_ if self._routing else (self.dims_[0], 0), self.config.approximate_nprobe
            )
            self.ann_.build(self.index_.vectors, self.index_.tags() == _EN, rows_of)
        return self.ann_

    def _score_candidates(self, opportunity: Opportunity, query: Query, limit: int) -> list[Match] | None:
        """Exact scores of the ANN's (and TF-IDF's) candidates; ``None`` if too few are eligible."""
        assert self.index_ is not None
        cfg = self.config
        ann = self.candidate_index()
        wanted = ann.candidates(query.english, query.multilingual, cfg.approximate_candidates)
        for j in range(len(query.needs)):  # each need proposes its own neighbours
            en = None if query.needs_english is None else query.needs_english[j]
            ml = None if query.needs_multilingual is None else query.needs_multilingual[j]
            wanted |= ann.candidates(en, ml, cfg.approximate_candidates)
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
        sims[real] = self._row_relevance(query, rows[real])
        evidence = np.full(rows.shape, -1, dtype=np.int32)
        evidence[real] = self.index_.evidence_of(rows[real])
        hits = MemberHits(ids, sims, evidence)
        table = self._table(all_ids).subset(positions, ids)
        lexical = None if lexical_all is None else lexical_all[positions]
        found = self._matches(opportunity, query, hits, table, limit, lexical)
        return found if len(found) >= limit else None

    # -- ranking ---------------------------------------------------------------------------------

    def rank(
        self,
        opportunity: Opportunity,
        top_k: int | None = None,
        query: Query | None = None,
        min_score: float | None = None,
    ) -> list[Match]:
        """The suggestions for ``opportunity``: at least ``min_score``, best ``top_k``, ranked from 1.

        Both limits default to the configuration's; a ``min_score`` given here is the whole rule (the
        configured floors and the evidence rule of :meth:`admits` do not apply: ``score --all``).
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

        Keeps those it :meth:`admits`, diversifies with MMR and numbers the kept ``top_k`` from 1.
        """
        cfg = self.config
        pool = [m for m in candidates[: self.depth(top_k)] if self.admits(query, m, min_score)]
        if self._diversify(top_k) and len(pool) > 1:
            scores = np.array([m.score for m in pool], dtype=np.float32)
            order = mmr_order(scores, self._centroids([m.member_id for m in pool]), top_k, cfg.mmr_lambda)
            kept = [pool[i] for i in order]
        else:
            kept = pool[:top_k]
        out = [self.finish(m, rank, query) for rank, m in enumerate(kept, start=1)]
        for i, match in enumerate(out):  # say so where diversity put a lower score first
            passed = [later.member_id for later in out[i + 1 :] if later.score > match.score]
            if passed:
                out[i] = dataclasses.replace(match, above=passed)
        return out

    def admits(self, query: Query, match: Match, min_score: float | None = None) -> bool:
        """Whether ``match`` may be suggested: at least its :meth:`floor`, and (unless the caller set
        its own ``min_score``, which then is the whole rule) it :meth:`shows_evidence`."""
        if match.score < self.floor(query, match.member_id, min_score):
            return False
        return min_score is not None or self.shows_evidence(match)

    def shows_evidence(self, match: Match) -> bool:
        """Whether one piece of ``match``'s evidence is at least ``explain_min_relevance`` relevant: a
        suggestion always has a reason to show, so the bonuses alone never clear a (low) floor."""
        return any(r >= self.config.explain_min_relevance for _, r in match.evidence)

    def floor(self, query: Query, member_id: str | None = None, min_score: float | None = None) -> float:
        """The lowest score suggested for ``query``: ``min_score`` if given, else the configured
        ``min_score`` or the lower floor of the opportunity's kind (``min_score_by_kind``); lower still
        for a member who opted in with a lower ``notify.min_score``: its own threshold is honoured."""
        cfg = self.config
        kind_floor = cfg.min_score_by_kind.get(query.kind or "", cfg.min_score)
        floor = min(cfg.min_score, kind_floor) if min_score is None else min_score
        member = self.members_.get(member_id) if member_id is not None else None
        if min_score is None and member is not None and member.notify is not None and member.notify.enabled:
            floor = min(floor, member.notify.min_score)
        return floor

    def _centroids(self, member_ids: list[str]) -> Vectors:
        """One unit vector per member: the mean of its evidence rows (both backends' parts)."""
        assert self.index_ is not None
        rows = self.index_.member_rows
        return l2_normalise(np.vstack([self.index_.vectors(rows(m)).mean(axis=0) for m in member_ids]))

    def finish(self, match: Match, rank: int, query: Query) -> Match:
        """``match`` at ``rank`` as a person sees it: the key terms it shares with ``query``, only the
        evidence at least ``explain_min_relevance`` relevant, each with the need it answers best."""
        self._check_fitted()
        shared = self._telling_terms(query.terms.intersection(self.terms_[match.member_id]))
        evidence = [(e, r) for e, r in match.evidence if r >= self.config.explain_min_relevance]
        needs = self._answered_needs(match.member_id, query, [e for e, _ in evidence])
        return Match(
            match.member_id, match.score, match.components, evidence, shared, rank, needs, match.above
        )

    def _telling_terms(self, common: set[str] | frozenset[str]) -> list[str]:
        """At most 8 shared key terms, rarest first; in a population of 20 or more, none that the
        evidence of more than ``explain_max_term_share`` of the members holds ("lines", "systems")."""
        terms = sorted(common, key=lambda t: (-len(t), t))
        share = self.lexical_.document_share(terms)
        if len(self.lexical_) >= 20:
            kept = [
                (s, t) for s, t in zip(share, terms, strict=True) if s <= self.config.explain_max_term_share
            ]
        else:
            kept = list(zip(share, terms, strict=True))
        return [t for _, t in sorted(kept, key=lambda st: st[0])][:8]

    def _answered_needs(self, member_id: str, query: Query, competencies: list[int]) -> list[str | None]:
        """For each competency, the need of ``query`` its best row answers best (``None``: the whole text)."""
        if not query.needs or not competencies or self.index_ is None:
            return [None] * len(competencies)
        rows = self.index_.member_rows(member_id)
        relevance = self.need_relevance(query, rows)  # [rows, 1 + needs]
        owner = self.index_.evidence_of(rows)
        out: list[str | None] = []
        for competency in competencies:
            mine = relevance[owner == competency]
            if not len(mine):
                out.append(None)
                continue
            column = int(np.unravel_index(np.argmax(mine), mine.shape)[1])
            out.append(query.needs[column - 1] if column > 0 else None)
        return out

    # -- lexical change log (for candidate pools) ------------------------------------------------

    def track_changes(self, rare_ratio: float = 3e-3) -> None:
        """Log every later member change (:meth:`matcher.lexical.LexicalIndex.track_changes`).

        May come before :meth:`fit`; a (re-)fit starts a new log.
        """
        if self._rare_ratio is None:
            self._rare_ratio = rare_ratio
        if self.is_fitted:
            self.lexical_.track_changes(rare_ratio)

    @property
    def change_step(self) -> int:
        """Position in the change log (:attr:`matcher.lexical.LexicalIndex.step`)."""
        self._check_fitted()
        return self.lexical_.step

    def drift_since(self, step: int, text: str) -> LexicalDrift | None:
        """How far lexical similarities to ``text`` may have moved since ``step`` (``None``: unknown)."""
        self._check_fitted()
        return self.lexical_.drift_since(step, text)

    def query_norm(self, text: str) -> float:
        """The TF-IDF norm of ``text`` as a query under the current weights."""
        self._check_fitted()
        return self.lexical_.norm(text)


def _with_needs(whole: Vectors, needs: Vectors | None) -> Vectors:
    """``whole`` alone (one vector), or ``[width, 1 + needs]``: the whole text's vector, then each need's."""
    return whole if needs is None else np.ascontiguousarray(np.vstack([whole[None, :], needs]).T)


def _pool(vectors: Vectors) -> Vectors:
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    pooled: Vectors = (mean / norm if norm > 0 else mean).astype(np.float32)
    return pooled


def _dedupe(evidence: list[tuple[int, float]]) -> list[tuple[int, float]]:
    seen: set[int] = set()
    return [(e, s) for e, s in evidence if not (e in seen or seen.add(e))]  # type: ignore[func-returns-value]
