"""Consortium builder: a small team that together covers an opportunity's needs.

:class:`ConsortiumBuilder` grows the team greedily by coverage under team rules;
:func:`exhaustive_coverage` is the reference, :func:`to_suggestion` makes the public event.
The rules and tie-breaks: ``docs/SCORING.md``, section ``matcher/consortium.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from matcher.scoring import Match, MatchScorer, Query
from models.consortium import ConsortiumMember, ConsortiumSuggestion, NeedCoverage
from models.events import MemberProfile, Opportunity

__all__ = ["ConsortiumBuilder", "Team", "TeamMember", "exhaustive_coverage", "to_suggestion"]

_RESEARCH = ("university", "research_centre")
_ROLES = {"university": "university", "research_centre": "research centre", "public_body": "public body"}
_RULES = ("has_company", "has_research", "cross_cluster")
#: Candidates whose values differ by less than this are tied (members with the same evidence differ
#: only by float rounding, which depends on where their rows sit): the first in pool order is taken.
_TIE = 1e-6


@dataclass(frozen=True)
class TeamMember:
    """One chosen member: its coverage gain and the needs it covers best (need index, relevance, evidence)."""

    member_id: str
    gain: float
    covers: list[tuple[int, float, int]]


@dataclass(frozen=True)
class Team:
    """A proposed team for one opportunity, in the order it was chosen."""

    opportunity: Opportunity
    needs: list[str]
    members: list[TeamMember]
    coverage: float
    constraints: dict[str, bool]


def _role(member: MemberProfile) -> str:
    if member.org_type == "company":
        return "SME" if member.is_sme else "company"
    return _ROLES.get(member.org_type, member.org_type.replace("_", " "))


def _rules(team: list[MemberProfile], cross_cluster: bool) -> dict[str, bool]:
    clusters = [set(m.clusters) for m in team]
    common = set.intersection(*clusters) if clusters else set()
    return {
        "has_company": any(m.org_type == "company" for m in team),
        "has_research": any(m.org_type in _RESEARCH for m in team),
        "cross_cluster": (not cross_cluster) or (len(set().union(*clusters)) > 1 and not common),
    }


def _meets(member: MemberProfile, rule: str, team: list[MemberProfile], cross_cluster: bool) -> bool:
    if rule == "has_company":
        return member.org_type == "company"
    if rule == "has_research":
        return member.org_type in _RESEARCH
    return _rules([*team, member], cross_cluster)["cross_cluster"]


class ConsortiumBuilder:
    """Greedy weighted-coverage team builder (scikit-learn style: parameters only in ``__init__``).

    The needs are the scorer's split (:meth:`MatchScorer.needs_of`), prose split into sentences too,
    and a member covers a need as much as its best evidence row is relevant to it
    (:meth:`MatchScorer.need_hits`), the notion the suggestion scores use. No member joins for less
    than ``min_gain`` of coverage, whatever the team rules; the publisher of a partner search, when
    it is a member, is the team's first member.
    """

    def __init__(
        self,
        min_size: int = 3,
        max_size: int = 6,
        pool: int = 40,
        min_gain: float = 0.05,
        sme_bonus: float = 0.02,
        cross_cluster: bool = True,
    ) -> None:
        self.min_size = min_size
        self.max_size = max_size
        self.pool = pool
        self.min_gain = min_gain
        self.sme_bonus = sme_bonus
        self.cross_cluster = cross_cluster

    def needs(self, scorer: MatchScorer, opportunity: Opportunity) -> list[str]:
        """The needs a team must cover: the scorer's split, with prose split into its sentences too."""
        return scorer.needs_of(opportunity, sentences=True) or [
            f"{opportunity.title}. {opportunity.description}"
        ]

    def coverage_matrix(
        self, scorer: MatchScorer, queries: list[Query], member_ids: list[str]
    ) -> tuple[NDArray[np.float32], NDArray[np.int32]]:
        """``[members, needs]`` relevance of each member's best evidence to each need, and that evidence.

        Only the evidence rows of ``member_ids`` are scored (the pool's, not the whole index), with
        the scorer's own routing and calibration (:meth:`MatchScorer.need_hits`, one query a need).
        """
        hits = [scorer.need_hits(q, member_ids) for q in queries]
        return _best_evidence(np.concatenate([h.sims for h in hits], axis=2), hits[0].evidence)

    def build(self, scorer: MatchScorer, opportunity: Opportunity, pool: list[Match] | None = None) -> Team:
        """The team for ``opportunity`` among the scorer's eligible members (or ``pool`` if given)."""
        query = scorer.encode_opportunity(opportunity)
        candidates = pool if pool is not None else scorer.score(opportunity, query, limit=self.pool)
        needs = self.needs(scorer, opportunity)
        publisher = opportunity.published_by if opportunity.kind == "partner_search" else None
        ids = [m.member_id for m in candidates if m.member_id != publisher]
        seeded = publisher is not None and publisher in scorer.members
        if seeded:
            ids.insert(0, publisher)  # type: ignore[arg-type]
        if not ids:
            return Team(opportunity, needs, [], 0.0, dict.fromkeys(_RULES, False) | {"min_size": False})
        profiles = [scorer.members[m] for m in ids]
        cover, best = self.coverage_matrix(scorer, scorer.encode_needs(opportunity, needs), ids)
        weights = np.full(len(needs), 1.0 / len(needs), dtype=np.float32)
        score_of = {m.member_id: m.score for m in candidates}
        tiebreak = np.array([score_of.get(m, 1.0) for m in ids], dtype=np.float32) * 1e-3
        sme = np.array([p.is_sme for p in profiles], dtype=np.float32) * self.sme_bonus
        chosen: list[int] = []
        gains: list[float] = []
        current = np.zeros(len(needs), dtype=np.float32)
        if seeded:
            chosen, gains, current = [0], [float(cover[0] @ weights)], cover[0].copy()
        while len(chosen) < min(self.max_size, len(ids)):
            team = [profiles[i] for i in chosen]
            met = _rules(team, self.cross_cluster)
            unmet = [r for r in _RULES if not met[r]]
            gain = (np.maximum(cover, current) - current) @ weights
            value = gain + tiebreak + np.where(met["has_company"], 0.0, sme)
            free = np.ones(len(ids), dtype=bool)
            free[chosen] = False
            worth = free & (gain >= self.min_gain)  # nobody joins to pad the team
            allowed = worth
            if unmet and len(unmet) >= self.max_size - len(chosen):
                helps = np.array(
                    [any(_meets(p, r, team, self.cross_cluster) for r in unmet) for p in profiles]
                )
                if (helps & worth).any():
                    allowed = helps & worth
            if not allowed.any():
                break
            candidate = np.where(allowed, value, -np.inf)
            pick = int(np.argmax(candidate >= candidate.max() - _TIE))
            chosen.append(pick)
            gains.append(float(gain[pick]))
            current = np.maximum(current, cover[pick])
        team = [profiles[i] for i in chosen]
        rules = _rules(team, self.cross_cluster) | {"min_size": len(team) >= self.min_size}
        members = []
        for i, g in zip(chosen, gains, strict=True):
            order = np.argsort(-cover[i])[:3]
            covers = [(int(j), float(cover[i, j]), int(best[i, j])) for j in order if cover[i, j] > 0]
            members.append(TeamMember(ids[i], g, covers))
        return Team(opportunity, needs, members, float(current @ weights), rules)


def _best_evidence(
    relevance: NDArray[np.float32], evidence: NDArray[np.int32]
) -> tuple[NDArray[np.float32], NDArray[np.int32]]:
    """Per member and need, the relevance (at least 0) and competency of the best row.

    ``relevance`` is ``[members, rows, needs]`` (``-inf`` where padded), ``evidence`` ``[members, rows]``.
    """
    n, _, k = relevance.shape
    if relevance.shape[1] == 0:
        return np.zeros((n, k), dtype=np.float32), np.full((n, k), -1, dtype=np.int32)
    top = np.argmax(relevance, axis=1)
    cover = np.maximum(np.take_along_axis(relevance, top[:, None, :], axis=1)[:, 0, :], 0.0)
    best = np.take_along_axis(evidence, top, axis=1)
    return cover.astype(np.float32), best.astype(np.int32)


def exhaustive_coverage(
    scorer: MatchScorer, queries: list[Query], member_ids: list[str]
) -> tuple[NDArray[np.float32], NDArray[np.int32]]:
    """The straightforward :meth:`ConsortiumBuilder.coverage_matrix`: every need against every member.

    The needs are scored against the whole index and grouped by member before the pool's rows are
    picked out. Kept as the reference that the pool-only path is tested and benchmarked against
    (``tools/bench/consortium.py``).
    """
    hits = [scorer.need_hits(q) for q in queries]
    position = {m: i for i, m in enumerate(hits[0].member_ids)}
    rows = np.array([position[m] for m in member_ids], dtype=np.int64)
    sims = np.concatenate([h.sims for h in hits], axis=2)
    return _best_evidence(sims[rows], hits[0].evidence[rows])


#: Coverage below this is kept in ``covers`` but not put into the contribution's words.
_SHOWN = 0.1
_ROLES_IT = {
    "SME": "PMI",
    "company": "impresa",
    "university": "università",
    "research centre": "centro di ricerca",
    "public body": "ente pubblico",
    "other": "altro",
}


def _contribution_words(
    profile: MemberProfile, role: str, shown: list[NeedCoverage], publisher: bool
) -> dict[Literal["en", "it"], str]:
    """What a team member brings, in plain English and Italian (the needs it covers, its evidence)."""
    clusters = ", ".join(profile.clusters)
    needs = "; ".join(f"“{_short(c.need, 60)}” ({c.relevance:.2f})" for c in shown[:2])
    quoted = f"“{_short(shown[0].evidence, 80)}”" if shown else ""
    en = f"covers {needs or 'breadth'}" + (f", shown by {quoted}" if shown else "")
    it = f"copre {needs or 'un ampio spettro di competenze'}" + (f", come mostra {quoted}" if shown else "")
    if publisher:
        en = "publishes this search" + (f" and {en}" if shown else "")
        it = "pubblica questa ricerca" + (f" e {it}" if shown else "")
    return {"en": f"{role} ({clusters}) {en}", "it": f"{_ROLES_IT.get(role, role)} ({clusters}) {it}"}


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def to_suggestion(
    team: Team, members: Mapping[str, MemberProfile], model: str, now: dt.datetime
) -> ConsortiumSuggestion:
    """The public event for ``team`` (``members`` maps ids to the profiles it was built from)."""
    out = []
    for tm in team.members:
        profile = members[tm.member_id]
        covers = [
            NeedCoverage(
                need=team.needs[j],
                relevance=round(min(max(rel, 0.0), 1.0), 4),
                evidence=profile.competencies[e].text if 0 <= e < len(profile.competencies) else "",
            )
            for j, rel, e in tm.covers
        ]
        role = _role(profile)
        shown = [c for c in covers if c.relevance >= _SHOWN]  # no "covers X (0.00)" in the words
        words = _contribution_words(profile, role, shown, profile.member_id == team.opportunity.published_by)
        out.append(
            ConsortiumMember(
                member_id=profile.member_id,
                member_name=profile.name,
                org_type=profile.org_type,
                sme=profile.is_sme,
                clusters=list(profile.clusters),
                role=role,
                gain=round(max(tm.gain, 0.0), 4),
                covers=covers,
                contribution=words["en"],
                contributions=words,
            )
        )
    opp = team.opportunity
    ident = "\x1f".join([opp.opportunity_id, opp.updated_at.isoformat(), model, *(m.member_id for m in out)])
    return ConsortiumSuggestion(
        consortium_id=hashlib.sha256(ident.encode()).hexdigest()[:32],
        opportunity_id=opp.opportunity_id,
        opportunity_title=opp.title,
        members=out,
        needs=team.needs,
        coverage=round(min(max(team.coverage, 0.0), 1.0), 4),
        constraints_met=team.constraints,
        model=model,
        created_at=now,
    )
