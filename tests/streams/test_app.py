"""The worker wiring: matching group, processors in their own groups, batches split by payload size."""

from __future__ import annotations

from streams.app import create_app
from streams.codec import Record
from streams.follower import split_by_size
from streams.runtime import build_runtime
from streams.settings import Settings


def rec(size: int, offset: int) -> Record:
    return Record("t", 0, offset, None, b"x" * size)


def test_split_keeps_order_and_bounds_each_group() -> None:
    records = [rec(10, 0), rec(15, 1), rec(10, 2), rec(40, 3), rec(1, 4)]
    groups = split_by_size(records, 25)
    assert [[r.offset for r in g] for g in groups] == [[0, 1], [2], [3], [4]]
    assert split_by_size([], 25) == []
    assert [len(g) for g in split_by_size([Record("t", 0, 0, None, None)] * 3, 1)] == [3]


def test_matching_group_reads_both_input_topics_and_processors_run_in_their_own_group() -> None:
    from factories import NOW, HashingEncoder

    from matcher.config import ScoringConfig
    from matcher.engine import Matchmaker
    from matcher.scoring import MatchScorer
    from streams.service import MatchService

    settings = Settings(topic_prefix="unit", app_id="unit-matcher")
    scorer = MatchScorer(HashingEncoder(), HashingEncoder("ml"), ScoringConfig())
    runtime = build_runtime(
        settings, MatchService(Matchmaker(scorer, clock=lambda: NOW), settings.topics, 1000)
    )
    app = create_app(runtime)
    assert runtime.emitter.topics == ["unit.member-profiles", "unit.opportunities"]
    assert runtime.emitter.owned() == set()  # nothing before it joins the group
    assert not app.agents, "Faust consumes nothing: matching and the processors are plain group consumers"
    assert len(app._app_tasks) == 2  # runtime.match and runtime.downstream
    groups = {p.name: (p.group, p.topics) for p in runtime.processors}
    assert groups == {
        "notifier": ("unit-matcher-notifier", ["unit.match-suggestions", "unit.notifier-queue"]),
        "feedback": ("unit-matcher-feedback", ["unit.match-feedback"]),
        "consortium": ("unit-matcher-consortium", ["unit.opportunities"]),
        "rankings": ("unit-matcher-rankings", ["unit.opportunities"]),
    }
    assert all(p.owned() == set() for p in runtime.processors)


def test_processors_can_be_switched_off_and_unknown_ones_are_refused() -> None:
    import pytest
    from factories import NOW, HashingEncoder

    from matcher.config import ScoringConfig
    from matcher.engine import Matchmaker
    from matcher.scoring import MatchScorer
    from models.exceptions import ConfigurationError
    from streams.service import MatchService

    def app_for(processors: str):  # type: ignore[no-untyped-def]
        settings = Settings(topic_prefix="unit", processors=processors)
        scorer = MatchScorer(HashingEncoder(), HashingEncoder("ml"), ScoringConfig())
        return build_runtime(
            settings, MatchService(Matchmaker(scorer, clock=lambda: NOW), settings.topics, 1000)
        )

    assert [p.name for p in app_for("notifier,feedback").processors] == ["notifier", "feedback"]
    assert [p.name for p in app_for("consortium").processors] == ["consortium"]
    assert not app_for("").processors
    with pytest.raises(ConfigurationError, match="unknown processors"):
        app_for("notifier,teleport")
