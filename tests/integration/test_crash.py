"""Crash test on the real broker: kill -9 the worker repeatedly while opportunities flow.

Afterwards every opportunity must have its full suggestion set — the same set the offline
scorer computes for the same members — and any duplicate must be an identical re-delivery
(same ``suggestion_id``, same content): at-least-once delivery with idempotent ids.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict

import pytest

from matcher.engine import Matchmaker
from matcher.factory import default_scorer
from streams.kafka_io import publish_raw
from streams.settings import Settings
from tools.ltcdata import generate_members, member_opportunities

pytestmark = pytest.mark.integration

CRASHES = 3
MIN_SCORE = 0.1  # below the default floor, so that many suggestions are in flight when the worker dies


@pytest.fixture(scope="module")
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"scoring": settings.scoring.model_copy(update={"min_score": MIN_SCORE})}
    )


def test_kill_9_loses_nothing_and_duplicates_are_identical(settings, worker, collect) -> None:
    rng = random.Random(11)
    members = generate_members(scale=0.06)
    opportunities = member_opportunities(members, today=dt.date.today())
    publish_raw(
        settings,
        settings.topics.members,
        [(m.member_id.encode(), m.model_dump_json().encode()) for m in members],
    )
    worker.wait_committed(settings.topics.members)

    payload = [(o.opportunity_id.encode(), o.model_dump_json().encode()) for o in opportunities]
    third = len(payload) // 3
    for crash in range(CRASHES):
        publish_raw(settings, settings.topics.opportunities, payload[crash * third : (crash + 1) * third])
        time.sleep(rng.uniform(0.5, 2.5))
        worker.kill()
        worker.start()
    publish_raw(settings, settings.topics.opportunities, payload[CRASHES * third :])
    worker.wait_committed(settings.topics.opportunities)

    reference = Matchmaker(default_scorer(settings.scoring))
    reference.scorer.fit(members)
    expected = {s.suggestion_id: s for o in opportunities for s in reference.rank(o)}
    assert expected, "the reference run produced no suggestions: the test would prove nothing"

    records = collect(
        settings.topics.suggestions,
        lambda rs: {r["suggestion_id"] for r in rs} >= set(expected),
        timeout=120,
        worker=worker,
    )
    copies = defaultdict(list)
    for r in records:
        copies[r["suggestion_id"]].append({k: v for k, v in r.items() if k != "created_at"})
    assert set(copies) == set(expected), "lost or unexpected suggestions after crashes"
    for suggestion_id, versions in copies.items():
        assert all(v == versions[0] for v in versions), f"duplicate {suggestion_id} differs"
        assert (versions[0]["opportunity_id"], versions[0]["member_id"], versions[0]["rank"]) == (
            expected[suggestion_id].opportunity_id,
            expected[suggestion_id].member_id,
            expected[suggestion_id].rank,
        )
    duplicates = len(records) - len(copies)
    print(
        f"\n[crash test] {CRASHES} kill -9, {len(opportunities)} opportunities, {len(members)} members: "
        f"{len(copies)} suggestions, 0 lost, {duplicates} duplicate deliveries (identical ids)"
    )
