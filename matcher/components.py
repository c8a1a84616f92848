"""A score's parts besides the dense evidence: member traits, bonuses, hard filters, and :func:`combine`.

:func:`combine` is the one place where dense affinity, lexical share and bonuses become a score's
components and total (full scans, ``MatchScorer.member_scores`` and the evaluation sweep alike).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from matcher.config import ScoringConfig
from models.events import MemberProfile, Opportunity

__all__ = [
    "BONUSES",
    "EVIDENCE_KINDS",
    "MemberTraits",
    "Memberships",
    "TraitTable",
    "affinity_room",
    "bonuses",
    "combine",
    "eligible",
    "evidence_prior",
]

#: The bonus components, in the order they are added to a score.
BONUSES = ("complementarity", "ecosystems", "cross_cluster")

#: Competency kinds, in the order of each member's per-kind evidence counts ("" = no kind given).
EVIDENCE_KINDS = ("product", "publication", "project", "service", "skill", "other", "")

_RESEARCH = frozenset({"university", "research_centre"})

Components = dict[str, NDArray[np.float32]]


def combine(
    config: ScoringConfig,
    dense: NDArray[np.float32],
    speaks: NDArray[np.bool_],
    lexical: NDArray[np.float32] | None,
    extra: Mapping[str, NDArray[np.float32]] | None = None,
) -> tuple[Components, NDArray[np.float32]]:
    """Components ``affinity``, ``lexical`` (when ``config.lexical_weight > 0``) and then ``extra``
    (the bonuses), and their float32 sum, all aligned along one axis (members or opportunities).

    ``dense`` is the pooled evidence relevance, ``speaks`` whether the member has evidence in the
    opportunity's language and ``lexical`` the TF-IDF cosine (needed when the lexical weight is set).
    The affinity keeps the room the largest bonuses leave, so the sum is in 0..1 without clipping.
    Term overlap only means something within one language: a member who does not speak the
    opportunity's language is scored on the (cross-lingual) dense affinity alone.
    """
    cfg = config
    room = affinity_room(cfg)
    weight = np.where(speaks, cfg.lexical_weight, 0.0).astype(np.float32)
    if cfg.cross_language_gain != 1.0 or cfg.cross_language_power != 1.0:
        across = cfg.cross_language_gain * np.power(np.clip(dense, 0.0, 1.0), cfg.cross_language_power)
        dense = np.where(speaks, dense, across).astype(np.float32)
    components: Components = {"affinity": room * (1.0 - weight) * dense}
    if cfg.lexical_weight > 0:
        if lexical is None:
            raise ValueError("combine needs the lexical similarities when the lexical weight is set")
        relevance = np.minimum(lexical / cfg.lexical_saturation, 1.0)
        components["lexical"] = (room * weight * relevance).astype(np.float32)
    if extra:
        components.update(extra)
    total: NDArray[np.float32] = np.sum(list(components.values()), axis=0, dtype=np.float32)
    return components, total


class MemberTraits(NamedTuple):
    """One member's attributes as the bonuses and filters read them (made once per indexed member)."""

    org_type: str
    research: bool
    company: bool
    sme: bool
    languages: frozenset[str]
    clusters: frozenset[str]
    ecosystems: frozenset[str]
    evidence: tuple[int, ...]  # pieces of evidence (competencies) of each of EVIDENCE_KINDS

    @classmethod
    def of(cls, member: MemberProfile, languages: frozenset[str]) -> MemberTraits:
        """``member``'s traits; ``languages`` are those its evidence chunks were detected in."""
        org = member.org_type
        return cls(
            org,
            org in _RESEARCH,
            org == "company",
            member.is_sme,
            languages,
            frozenset(member.clusters),
            frozenset(member.ecosystems),
            tuple(sum((c.kind or "") == kind for c in member.competencies) for kind in EVIDENCE_KINDS),
        )


class TraitTable:
    """Per-member traits as arrays aligned with one list of member ids.

    Built from each member's :class:`MemberTraits`, so a rebuild after a change only gathers them.
    """

    def __init__(self, ids: list[str], traits: list[MemberTraits]) -> None:
        self.ids = ids
        org_types, research, company, sme, languages, clusters, ecosystems, evidence = (
            zip(*traits, strict=True) if traits else ((),) * 8
        )
        self.org_types = np.array(org_types, dtype=object)
        self.research = np.array(research, dtype=bool)
        self.company = np.array(company, dtype=bool)
        self.sme = np.array(sme, dtype=bool)
        self.evidence = np.array(evidence, dtype=np.float32).reshape(len(ids), len(EVIDENCE_KINDS))
        self.languages = Memberships(languages)
        self.clusters = Memberships(clusters)
        self.ecosystems = Memberships(ecosystems)
        self.id_array = np.array(ids, dtype=object)
        self.id_order = np.argsort(np.argsort(self.id_array))

    def subset(self, positions: NDArray[np.int64], ids: list[str]) -> TraitTable:
        """The rows at ``positions`` (whose ids are ``ids``), relative id order kept."""
        part = object.__new__(TraitTable)
        part.ids = ids
        for name in ("org_types", "research", "company", "sme", "evidence", "id_array", "id_order"):
            setattr(part, name, getattr(self, name)[positions])
        for name in ("languages", "clusters", "ecosystems"):
            setattr(part, name, getattr(self, name).take(positions))
        return part

    def speaks(self, language: str) -> NDArray[np.bool_]:
        """Members with at least one piece of evidence in ``language``."""
        return self.languages.count({language}) > 0


class Memberships:
    """One set of names per member (clusters, ecosystems, languages) as a member × name matrix, so
    that counting a few wanted names over every member is one array operation, not a loop."""

    def __init__(self, sets: Iterable[frozenset[str]]) -> None:
        rows = list(sets)
        self.names = {name: i for i, name in enumerate(sorted(set().union(*rows)))}
        self.matrix = np.zeros((len(rows), len(self.names)), dtype=bool)
        for row, names in enumerate(rows):
            self.matrix[row, [self.names[n] for n in names]] = True

    def take(self, positions: NDArray[np.int64]) -> Memberships:
        """The rows at ``positions``."""
        part = object.__new__(Memberships)
        part.names, part.matrix = self.names, self.matrix[positions]
        return part

    def count(self, wanted: Iterable[str]) -> NDArray[np.int64]:
        """How many of ``wanted`` each member's set holds."""
        columns = [self.names[w] for w in set(wanted) if w in self.names]
        counts: NDArray[np.int64] = self.matrix[:, columns].sum(axis=1, dtype=np.int64)
        return counts


def bonuses(
    config: ScoringConfig, opportunity: Opportunity, publisher: MemberProfile | None, table: TraitTable
) -> Components:
    """The :data:`BONUSES` of each member of ``table`` for ``opportunity`` (``publisher``: its member).

    ``complementarity``: industry need ↔ research, and the reverse; ``ecosystems``: per shared S3
    ecosystem, at most two; ``cross_cluster``: the member is in none of the publisher's clusters.
    """
    cfg = config
    side = _side(opportunity, publisher)
    if side == "industry":
        complementary = table.research
    elif side == "research":
        complementary = table.company
    else:
        complementary = np.zeros(len(table.ids), dtype=bool)
    home = set(publisher.clusters) if publisher else {opportunity.published_by.upper()}
    shared = table.ecosystems.count(opportunity.ecosystems)
    at_home = table.clusters.count(home) > 0
    out = {
        "complementarity": np.where(complementary, cfg.complementarity_bonus, 0.0).astype(np.float32),
        "ecosystems": (cfg.ecosystem_bonus * np.minimum(shared, 2)).astype(np.float32),
        "cross_cluster": np.where(at_home, 0.0, cfg.cross_cluster_bonus).astype(np.float32),
    }
    if cfg.evidence_bonus > 0:
        out["evidence"] = evidence_prior(cfg, table.evidence, opportunity.kind, table.org_types)
    return out


def affinity_room(config: ScoringConfig) -> float:
    """The share of a score the affinity (dense + lexical) may fill: what the largest bonuses leave."""
    cfg = config
    return (
        1.0
        - cfg.complementarity_bonus
        - 2 * cfg.ecosystem_bonus
        - cfg.cross_cluster_bonus
        - cfg.evidence_bonus
    )


def evidence_prior(
    config: ScoringConfig,
    counts: NDArray[np.float32],
    opportunity_kind: str | None = None,
    org_types: NDArray[np.object_] | None = None,
) -> NDArray[np.float32]:
    """How much each member has shown (``counts``: its competencies of each of :data:`EVIDENCE_KINDS`):
    ``evidence_bonus`` at ``evidence_saturation`` of the kinds in ``evidence_kinds`` (all when
    ``None``; per organisation type in ``org_types`` where ``evidence_saturation_by_org`` names it),
    growing with ``log(1 + n)`` below; 0 for an opportunity kind outside ``evidence_opportunity_kinds``
    (when set)."""
    scope = config.evidence_opportunity_kinds
    if scope is not None and opportunity_kind not in scope:
        return np.zeros(len(counts), dtype=np.float32)
    kinds = config.evidence_kinds
    columns = [i for i, k in enumerate(EVIDENCE_KINDS) if kinds is None or k in kinds]
    n = counts[:, columns].sum(axis=1)
    saturation = np.full(len(counts), config.evidence_saturation, dtype=np.float32)
    if config.evidence_saturation_by_org and org_types is not None:
        for org, value in config.evidence_saturation_by_org.items():
            saturation[org_types == org] = value
    share = np.minimum(np.log1p(n) / np.log1p(saturation), 1.0)
    prior: NDArray[np.float32] = (config.evidence_bonus * share).astype(np.float32)
    return prior


def eligible(opportunity: Opportunity, table: TraitTable) -> NDArray[np.bool_]:
    """The hard filters: not the publisher itself, ``seeking.org_types``, ``seeking.sme_only``."""
    ok: NDArray[np.bool_] = np.not_equal(table.id_array, opportunity.published_by).astype(bool)
    seeking = opportunity.seeking
    if seeking is not None:
        if seeking.org_types:
            ok &= np.isin(table.org_types, list(seeking.org_types))
        if seeking.sme_only:
            ok &= table.sme
    return ok


def _side(opportunity: Opportunity, publisher: MemberProfile | None) -> str | None:
    """Which corner of the knowledge triangle the opportunity comes from, if it says."""
    if opportunity.kind == "technology_need" or (publisher and publisher.org_type == "company"):
        return "industry"
    if opportunity.kind == "technology_offer" or (publisher and publisher.org_type in _RESEARCH):
        return "research"
    return None
