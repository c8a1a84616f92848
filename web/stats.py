"""The regional picture: links between clusters and between ecosystems, and the outcome funnel (+ CSV)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable

from models.events import LOMBARDY_CLUSTERS, S3_ECOSYSTEMS
from web.readmodel import STAGES, ReadModel

__all__ = ["CLUSTERS", "ECOSYSTEMS", "LINKS", "Matrix", "funnel", "links", "to_csv"]

#: The nine Lombardy Technological Clusters, in the order the pages show them.
CLUSTERS = LOMBARDY_CLUSTERS
#: The eight innovation ecosystems of Lombardy's S3 strategy.
ECOSYSTEMS = S3_ECOSYSTEMS
#: What a link between two groups counts.
LINKS = ("suggested", "accepted", "partnered")

Matrix = dict[tuple[str, str], Counter[str]]


def links(model: ReadModel, by: str = "clusters") -> Matrix:
    """(publisher's group, member's group) -> suggested / accepted / partnered counts.

    ``by="clusters"``: the opportunity's clusters to the member's; ``by="ecosystems"``: the
    opportunity's innovation ecosystems to the member's.
    """
    out: Matrix = {}
    with model.lock:
        for s in model.live_suggestions():
            opportunity = model.opportunities.get(s.opportunity_id)
            member = model.members.get(s.member_id)
            if by == "clusters":
                sources: Iterable[str] = model.owners(opportunity) if opportunity else {s.published_by or "?"}
                targets: Iterable[str] = s.member_clusters
            else:
                sources = opportunity.ecosystems if opportunity else ()
                targets = member.ecosystems if member else ()
            stage = (
                STAGES.index(model.stage(s.suggestion_id)) if model.stage(s.suggestion_id) in STAGES else 0
            )
            for a in set(sources):
                for b in set(targets):
                    cell = out.setdefault((a.upper() if by == "clusters" else a, b), Counter())
                    cell["suggested"] += 1
                    cell["accepted"] += stage >= STAGES.index("accepted")
                    cell["partnered"] += stage == STAGES.index("partnered")
    return out


def funnel(model: ReadModel, clusters: set[str] | None = None) -> dict[str, int]:
    """How many live suggestions reached each stage (of opportunities of ``clusters``; None: all)."""
    counts = dict.fromkeys(STAGES, 0)
    counts["declined"] = 0
    with model.lock:
        for s in model.live_suggestions():
            if clusters is not None:
                opportunity = model.opportunities.get(s.opportunity_id)
                if opportunity is None or not model.owners(opportunity) & clusters:
                    continue
            stage = model.stage(s.suggestion_id)
            if stage == "declined":
                counts["declined"] += 1
                counts["suggested"] += 1
                continue
            for reached in STAGES[: STAGES.index(stage) + 1]:
                counts[reached] += 1
    return counts


def to_csv(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    """A CSV document (RFC 4180, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
