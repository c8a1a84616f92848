"""Language parity on the bilingual twin set (:mod:`tools.ltcdata.twins`): the same members and
opportunities in Italian and in English must get the same scores and ranks, both directions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from matcher.config import ScoringConfig
from matcher.scoring import Match, MatchScorer
from models.events import Opportunity
from tools.evaluation.metrics import ndcg_at_k
from tools.evaluation.report import Table
from tools.ltcdata.twins import TWIN_RELEVANT, Language, twin_members, twin_opportunities

if TYPE_CHECKING:
    from tools.evaluation.harness import Context

__all__ = ["COLUMNS", "Adjust", "Parity", "parity", "rank_shifts", "twin_matches", "twins_tables"]

_LANGUAGES: tuple[Language, Language] = ("en", "it")


def mean(values: list[float]) -> float:
    """The average (0 for none)."""
    return sum(values) / len(values) if values else 0.0


@dataclass(frozen=True)
class Parity:
    """Twin parity of one configuration: gaps and rank agreement per opportunity language, and quality."""

    gap: dict[str, float]  # opportunity language -> mean |score(member en) - score(member it)|
    rank_agreement: dict[str, float]  # share of relevant members keeping their rank when they switch
    within_one: dict[str, float]  # the share whose rank moves by at most one place
    ndcg: dict[tuple[str, str], float]  # (opportunity language, members' language) -> nDCG@10
    pairs: int

    def row(self) -> list[float]:
        """The figures in the order of :data:`COLUMNS`."""
        return [
            self.gap["en"],
            self.gap["it"],
            self.rank_agreement["en"],
            self.rank_agreement["it"],
            self.within_one["en"],
            self.within_one["it"],
            self.ndcg["en", "en"],
            self.ndcg["en", "it"],
            self.ndcg["it", "it"],
            self.ndcg["it", "en"],
        ]


#: What :meth:`Parity.row` holds: the parity table's columns after the variant's name.
COLUMNS = (
    "gap, en call",
    "gap, it call",
    "rank agreement, en call",
    "rank agreement, it call",
    "rank ±1, en call",
    "rank ±1, it call",
    "nDCG@10 en→en",
    "nDCG@10 en→it",
    "nDCG@10 it→it",
    "nDCG@10 it→en",
)


def rank_shifts(scores: dict[str, float], switched: dict[str, float], members: Iterable[str]) -> list[int]:
    """For each of ``members`` scored in both: by how many places its rank among ``scores`` moves when
    its own score alone becomes its ``switched`` one (its twin's; the others stay)."""
    shifts = []
    for m in members:
        if m in scores and m in switched:
            rest = [v for k, v in scores.items() if k != m]
            shifts.append(abs(sum(v > scores[m] for v in rest) - sum(v > switched[m] for v in rest)))
    return shifts


def twin_matches(
    make_scorer: Callable[[], MatchScorer],
) -> Iterator[tuple[Language, Language, Opportunity, list[Match]]]:
    """Every twin opportunity in each language scored against the twin members in each language:
    (opportunity language, members' language, opportunity, its eligible members best first)."""
    for member_language in _LANGUAGES:
        scorer = make_scorer().fit(twin_members(member_language))
        for opportunity_language in _LANGUAGES:
            for opportunity in twin_opportunities(opportunity_language):
                yield opportunity_language, member_language, opportunity, scorer.score(opportunity)


#: Re-scores one twin run's matches (opportunity language, members' language, opportunity, matches
#: best first) and returns them best first: a lever simulated on the real scores.
Adjust = Callable[[Language, Language, Opportunity, list[Match]], list[Match]]


def parity(
    make_scorer: Callable[[], MatchScorer],
    top: int = 10,
    adjust: Adjust | None = None,
    only: Collection[str] | None = None,
) -> Parity:
    """Score every twin opportunity, in each language, against the twin members in each language.

    A pair counts when the member is relevant to the opportunity or in its top ``top`` in either
    members' language: the pairs a user would see. Scores of non-eligible members are left out.
    ``adjust`` re-scores each run's matches first; ``only`` counts those opportunity ids alone.
    """
    relevant_of = {o: r for o, r in TWIN_RELEVANT.items() if only is None or o in only}
    scores: dict[tuple[str, str], dict[str, dict[str, float]]] = defaultdict(dict)
    ranks: dict[tuple[str, str], dict[str, dict[str, int]]] = defaultdict(dict)
    for opportunity_language, member_language, opportunity, matches in twin_matches(make_scorer):
        if adjust is not None:
            matches = adjust(opportunity_language, member_language, opportunity, matches)
        key, oid = (opportunity_language, member_language), opportunity.opportunity_id
        scores[key][oid] = {m.member_id: m.score for m in matches}
        ranks[key][oid] = {m.member_id: r for r, m in enumerate(matches, 1)}
    gap: dict[str, float] = {}
    agreement: dict[str, float] = {}
    within_one: dict[str, float] = {}
    ndcg: dict[tuple[str, str], float] = {}
    pairs = 0
    for lang in _LANGUAGES:
        en, it = scores[lang, "en"], scores[lang, "it"]
        diffs, shifts = [], []
        for opportunity_id, relevant in relevant_of.items():
            shown = set(relevant)
            for by in (ranks[lang, "en"], ranks[lang, "it"]):
                shown |= {m for m, r in by[opportunity_id].items() if r <= top}
            both = sorted(m for m in shown if m in en[opportunity_id] and m in it[opportunity_id])
            diffs += [abs(en[opportunity_id][m] - it[opportunity_id][m]) for m in both]
            # one member switches language, the others stay: does it keep its rank? (both populations)
            for population, other in ((en, it), (it, en)):
                shifts += rank_shifts(population[opportunity_id], other[opportunity_id], relevant)
        gap[lang], agreement[lang] = mean(diffs), mean([float(s == 0) for s in shifts])
        within_one[lang] = mean([float(s <= 1) for s in shifts])
        pairs += len(diffs)
        for member_language in _LANGUAGES:
            by_member = scores[lang, member_language]
            ndcg[lang, member_language] = mean(
                [ndcg_at_k(by_member[o], set(relevant), 10) for o, relevant in relevant_of.items()]
            )
    return Parity(gap, agreement, within_one, ndcg, pairs)


def twins_tables(ctx: Context, variants: dict[str, ScoringConfig] | None = None) -> list[Table]:
    """The parity table: the default and any ``variants``, routed scorer (MiniLM + USE)."""
    variants = variants or {"default": ScoringConfig()}
    table = Table(
        "Language parity on the twin set: same content in Italian and English",
        ["variant", *COLUMNS],
        command=f"{ctx.command} --only twins",
    )
    result = None
    for name, config in variants.items():
        result = parity(lambda config=config: ctx.scorer("routed", config))  # type: ignore[misc]
        table.add(name, *result.row())
    if result is not None:
        table.notes = [
            f"{len(TWIN_RELEVANT)} opportunities × 48 members, each written in both languages "
            "(tools/ltcdata/twins.py); gap = mean |score(member in English) − score(member in Italian)| "
            f"over the {result.pairs} pairs a user would see (relevant, or in either top 10); rank "
            "agreement: share of relevant members that keep their exact rank when they alone switch language "
            "(both populations); rank ±1: the share whose rank moves by at most one place; "
            "nDCG@10 of the expert's relevant members, "
            "opportunity language → members' language; target: gap ≤ 0.05, rank agreement ≥ 0.95"
        ]
    return [table]
