"""What ``make demo`` publishes, in one place: :func:`demo_data` (members, then three kinds of opportunity).

The demo and its offline coverage count (``python -m tools.evaluation.demo_coverage``) share it,
so the figure the count reports is the one the demo shows (docs/TOOLS.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple, TypeVar

from models.events import MemberProfile, Opportunity
from tools.ltcdata.horizon import load_horizon_topics
from tools.ltcdata.lombardy import generate_members
from tools.ltcdata.real_members import MAX_PROJECTS, with_real_organisations
from tools.ltcdata.regional_calls import member_opportunities, regional_calls

__all__ = ["DemoData", "demo_data", "spread"]

_T = TypeVar("_T")


class DemoData(NamedTuple):
    """The demo's members and opportunities, in the order the demo publishes them."""

    members: list[MemberProfile]
    calls: list[Opportunity]
    partner_searches: list[Opportunity]
    horizon: list[Opportunity]

    @property
    def opportunities(self) -> list[Opportunity]:
        """Regional calls, member opportunities (partner searches, technology needs and offers,
        project ideas), Horizon Europe topics."""
        return [*self.calls, *self.partner_searches, *self.horizon]


def demo_data(
    today: dt.date,
    scale: float = 1.0,
    horizon_topics: int = 40,
    real: bool = True,
    max_projects: int = MAX_PROJECTS,
    first_topics: bool = False,
) -> DemoData:
    """The generated population (plus the real Lombardy organisations when ``real``) and the
    opportunities open or closed on ``today``: every regional call, the members' partner searches,
    and ``horizon_topics`` Horizon Europe topics open on ``today`` (:func:`spread` over the file, or
    its first ones with ``first_topics``). A real organisation shows its first ``max_projects`` projects."""
    generated = generate_members(scale=scale)
    members = with_real_organisations(generated, max_projects=max_projects) if real else generated
    partner_searches = member_opportunities(generated, today=today)  # published by generated members
    open_topics = [o for o in load_horizon_topics() if o.is_open(today)]
    horizon = open_topics[:horizon_topics] if first_topics else spread(open_topics, horizon_topics)
    return DemoData(members, regional_calls(), partner_searches, horizon)


def spread(items: Sequence[_T], n: int) -> list[_T]:
    """``n`` of ``items`` evenly spread over their order (the middle of ``n`` equal runs), or all.

    The topics file is ordered by call, so its first open topics are a few calls, not the work
    programme: an even spread shows every part of it, whatever the demo's members can answer.
    """
    if n >= len(items):
        return list(items)
    return [items[(2 * i + 1) * len(items) // (2 * n)] for i in range(n)]
