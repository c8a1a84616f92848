"""Suggestion floors per opportunity kind, calibrated on the bilingual twin set: the scores of the
pairs an expert marked relevant and of all the others (``matchmaker eval --only floors``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from matcher.config import CALIBRATED_FLOORS, ScoringConfig
from tools.evaluation import hecalls as he
from tools.evaluation.report import Table
from tools.evaluation.twins import twin_matches
from tools.ltcdata.twins import TWIN_RELEVANT

if TYPE_CHECKING:
    from tools.evaluation.harness import Context

__all__ = ["floor_tables", "kind_scores"]

FLOORS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35)


def kind_scores(ctx: Context, config: ScoringConfig) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Scores of relevant and of unrelated pairs by opportunity kind, all four language combinations;
    a pair the evidence rule stops (``MatchScorer.shows_evidence``) counts as 0: no floor lets it by."""
    relevant: dict[str, list[float]] = defaultdict(list)
    unrelated: dict[str, list[float]] = defaultdict(list)
    rule = ctx.scorer("routed", config)
    for _, _, opportunity, matches in twin_matches(lambda: ctx.scorer("routed", config)):
        wanted = set(TWIN_RELEVANT[opportunity.opportunity_id])
        for match in matches:
            side = relevant if match.member_id in wanted else unrelated
            side[opportunity.kind].append(match.score if rule.shows_evidence(match) else 0.0)
    return relevant, unrelated


def floor_tables(ctx: Context) -> list[Table]:
    """Per kind: how many relevant and unrelated pairs each floor lets through, and the calibrated one."""
    relevant, unrelated = kind_scores(ctx, ScoringConfig())
    table = Table(
        "Suggestion floors by opportunity kind (twin set, both languages): share of pairs at or above",
        [
            "kind",
            "relevant pairs",
            "unrelated pairs",
            "unrelated P99",
            *(f"≥ {f:.2f} relevant / unrelated" for f in FLOORS),
            "configured floor",
        ],
        command=f"{ctx.command} --only floors",
        notes=[
            "a pair without one piece of evidence at least explain_min_relevance relevant counts as 0 "
            "(never suggested); configured floor = the unrelated pairs' 99th percentile rounded up to 0.05 "
            "(CALIBRATED_FLOORS in matcher/config.py), never above min_score; "
            "27 opportunities × 48 members written by the team "
            "(tools/ltcdata/twins.py), so a calibration to revisit with real answers (match-feedback)"
        ],
    )
    for kind in sorted(relevant):
        good, bad = np.array(relevant[kind]), np.array(unrelated[kind])
        cells = [f"{(good >= f).mean():.2f} / {(bad >= f).mean():.3f}" for f in FLOORS]
        table.add(
            kind, len(good), len(bad), float(np.percentile(bad, 99)), *cells, CALIBRATED_FLOORS.get(kind, "-")
        )
    return [table, real_call_floors(ctx)]


def real_call_floors(ctx: Context) -> Table:
    """The call floor on real calls: cordis-he-calls, 1,500 real organisations, the default scorer."""
    data = ctx.hecalls_data
    if ctx.quick:
        data = he.subset(data, 300, 8)
    scorer = ctx.scorer("minilm", ScoringConfig())  # every text is English: the routed scores are MiniLM's
    english, _ = scorer.texts_to_embed(data.members, [q.opportunity for q in data.queries])
    ctx.prewarm(english, ("minilm",))
    scores = he.score_all(scorer.fit(data.members), data)
    table = Table(
        "The call floor on real calls (cordis-he-calls): pairs at or above each floor, and calls with ≥ 3",
        ["calls", "floor", "participants at or above", "other members at or above", "calls with ≥ 3 above"],
        command=f"{ctx.command} --only floors",
        notes=[
            "participants = the organisations that took part in a project funded under the call (a lower "
            "bound of who fits); the configured call floor is "
            f"{CALIBRATED_FLOORS['call_for_proposals']:.2f}",
            *he.read_from(ctx),
        ],
    )
    for group in ("single topics", "multi-topic calls"):
        queries = [q for q in data.queries if q.group == group]
        good = np.array(
            [v for q in queries for m, v in scores[q.opportunity.opportunity_id].items() if m in q.relevant]
        )
        rest = np.array(
            [
                v
                for q in queries
                for m, v in scores[q.opportunity.opportunity_id].items()
                if m not in q.relevant
            ]
        )
        third = np.array([sorted(scores[q.opportunity.opportunity_id].values())[-3] for q in queries])
        for floor in (0.2, 0.25, 0.3, 0.35):
            table.add(
                f"{group} ({len(queries)})",
                floor,
                float((good >= floor).mean()),
                float((rest >= floor).mean()),
                float((third >= floor).mean()),
            )
    return table
