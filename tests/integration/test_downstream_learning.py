"""Real broker, real worker, real models: consortia for calls, and feedback that changes a later ranking."""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Iterator

import pytest
from factories import member, opportunity

from matcher.config import ScoringConfig
from streams.kafka_io import publish_raw
from streams.settings import Settings
from streams.topics import ensure_topics

pytestmark = pytest.mark.integration

LEARNING_ENV = {
    "MATCHMAKER_FEEDBACK_REFIT_S": "2",
    "MATCHMAKER_FEEDBACK_MIN_EXAMPLES": "4",
    "MATCHMAKER_FEEDBACK_PRIOR": "1",
}


@pytest.fixture(scope="module")
def settings(bootstrap: str) -> Settings:
    """Own topics and group; a low floor so every member of the small population is suggested."""
    prefix = f"it-learn-{uuid.uuid4().hex[:8]}"
    result = Settings(
        bootstrap_servers=bootstrap,
        topic_prefix=prefix,
        app_id=f"matchmaker-{prefix}",
        scoring=ScoringConfig(min_score=0.1),
    )
    ensure_topics(result)
    return result


@pytest.fixture(scope="module", autouse=True)
def _learning_env() -> Iterator[None]:
    """The worker (started after this) refits every 2 s and trusts a few answers."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in LEARNING_ENV.items():
            patch.setenv(name, value)
        yield


def _uni(member_id: str, text: str, cluster: str, kind: str = "university") -> object:
    return member(member_id, text, org_type=kind, size=None, clusters=[cluster])


TEAM = [
    member("weld-sme", "Laser welding of aluminium battery trays for electric vehicles", clusters=["AFIL"]),
    _uni("polimi-ml", "Machine learning for predictive maintenance of industrial production lines", "CLM"),
    _uni(
        "cnr-recycle",
        "Recycling of lithium-ion battery cells and recovery of cobalt and nickel",
        "LGCA",
        "research_centre",
    ),
    member("bakery-srl", "Sourdough bread and pastries for restaurants", clusters=["CAT.AL"]),
]
CALL = opportunity(
    "call-battery",
    "Circular battery manufacturing pilot line",
    "Laser welding of aluminium battery trays. "
    "Predictive maintenance of the production line with machine learning. "
    "Recycling of end-of-life lithium battery cells to recover critical raw materials.",
    kind="call_for_proposals",
    published_by="CLM",
)
# Home members (the publisher's cluster) match the text best; away ones a little less well.
HOME = [
    member(f"home-{i}", text, clusters=["CLM"])
    for i, text in enumerate(
        [
            "We program industrial robots for automated welding cells",
            "Programming industrial robots for automated welding cells and robot welding cell setup",
            "Robot welding cell programming for industrial robots in automated welding cells",
        ]
    )
]
AWAY = [
    member(f"away-{i}", text, clusters=["AFIL"])
    for i, text in enumerate(
        [
            "Automation of joining processes in factories",
            "Factory automation with robotic arms for metal joining",
            "Automated joining of metal parts with robots",
        ]
    )
]
ROBOTS = "Robot welding cell programming"
ASK = "We look for partners to program industrial robots for automated welding cells."


def _send(settings: Settings, topic: str, events: list) -> None:
    key = "member_id" if topic == settings.topics.members else "opportunity_id"
    publish_raw(settings, topic, [(getattr(e, key).encode(), e.model_dump_json().encode()) for e in events])


def test_a_call_gets_a_consortium_that_covers_it(settings, worker, collect) -> None:
    _send(settings, settings.topics.members, TEAM)
    worker.wait_committed(settings.topics.members)
    _send(settings, settings.topics.opportunities, [CALL])
    records = collect(
        settings.topics.consortia,
        lambda rs: any(r["opportunity_id"] == "call-battery" for r in rs),
        worker=worker,
    )
    team = next(r for r in records if r["opportunity_id"] == "call-battery")
    ids = {m["member_id"] for m in team["members"]}
    assert {"weld-sme", "polimi-ml", "cnr-recycle"} <= ids and "bakery-srl" not in ids
    assert 3 <= len(team["members"]) <= 6
    assert team["constraints_met"] == {
        "has_company": True,
        "has_research": True,
        "cross_cluster": True,
        "min_size": True,
    }
    recycler = next(m for m in team["members"] if m["member_id"] == "cnr-recycle")
    assert recycler["covers"][0]["evidence"].startswith("Recycling of lithium-ion")
    assert "Recycling" in recycler["covers"][0]["need"] and "research centre" in recycler["contribution"]


def _answer(s: dict, actor: str, action: str) -> tuple[bytes, bytes]:
    body = {
        "suggestion_id": s["suggestion_id"],
        "opportunity_id": s["opportunity_id"],
        "member_id": s["member_id"],
        "actor": actor,
        "actor_id": s["member_id"] if actor == "member" else "CLM",
        "action": action,
        "at": dt.datetime.now(dt.UTC).isoformat(),
    }
    return s["suggestion_id"].encode(), json.dumps(body).encode()


def test_feedback_changes_a_later_ranking(settings, worker, collect) -> None:
    _send(settings, settings.topics.members, HOME + AWAY)
    worker.wait_committed(settings.topics.members)
    first = opportunity("robots-1", ROBOTS, ASK, published_by="CLM")
    _send(settings, settings.topics.opportunities, [first])
    wanted = {m.member_id for m in HOME + AWAY}
    records = collect(
        settings.topics.suggestions,
        lambda rs: wanted <= {r["member_id"] for r in rs if r["opportunity_id"] == "robots-1"},
        worker=worker,
    )
    shown = {r["member_id"]: r for r in records if r["opportunity_id"] == "robots-1"}
    # both sides welcome members from other clusters and turn down the publisher's own
    answers = [
        _answer(shown[m], actor, "accepted" if m.startswith("away") else "declined")
        for m in sorted(wanted)
        for actor in ("member", "cluster")
    ]
    answers.append((b"nope", json.dumps({**json.loads(answers[0][1]), "suggestion_id": "f" * 32}).encode()))
    publish_raw(settings, settings.topics.feedback, answers)
    letters = collect(
        settings.topics.deadletter,
        lambda rs: any("unknown suggestion" in r["reason"] for r in rs),
        worker=worker,
    )
    assert any(r["topic"] == settings.topics.feedback for r in letters)
    models = collect(
        settings.topics.ranker_model,
        lambda rs: any(r["n_examples"] == len(wanted) for r in rs),
        worker=worker,
    )
    model = next(r for r in models if r["n_examples"] == len(wanted))
    assert model["trust"] > 0.5 and model["features"][0] == "score"
    deadline = time.monotonic() + 60
    while f"re-ranker v{model['version']} in use" not in worker.log_text():
        assert time.monotonic() < deadline, worker.log_tail()
        time.sleep(0.5)

    later = opportunity("robots-2", ROBOTS, ASK + " Second round.", published_by="CLM")
    _send(settings, settings.topics.opportunities, [later])
    records = collect(
        settings.topics.suggestions,
        lambda rs: any(r["opportunity_id"] == "robots-2" for r in rs),
        worker=worker,
    )
    ranked = sorted((r for r in records if r["opportunity_id"] == "robots-2"), key=lambda r: r["rank"])
    before = [(r["member_id"], r["score"]) for r in sorted(shown.values(), key=lambda r: r["rank"])]
    assert before[0][0].startswith("home"), "the scorer alone ranks a home member first"
    order = [(r["member_id"], r["score"]) for r in ranked]
    position = {m: i for i, (m, _) in enumerate(order)}
    homes = [position[m.member_id] for m in HOME if m.member_id in position]
    aways = [position[m.member_id] for m in AWAY if m.member_id in position]
    assert len(aways) == 3 and max(aways) < min(homes, default=len(order)), (order, before)
    best_home = max((r["score"] for r in ranked if r["member_id"].startswith("home")), default=0.0)
    assert best_home > ranked[aways[0]]["score"], "the order is the learned one, not the scores'"


def test_a_second_worker_ranks_with_the_same_model(settings, worker, collect, tmp_path) -> None:
    """One model version, published once by the leader, installed by every worker of the group."""
    from conftest import Worker

    second = Worker(settings, tmp_path / "second.log")
    second.start()
    try:
        records = collect(
            settings.topics.suggestions,
            lambda rs: len({r["member_id"] for r in rs if r["opportunity_id"] == "robots-2"}) >= 6,
            worker=worker,
        )
        shown = {r["member_id"]: r for r in records if r["opportunity_id"] == "robots-2"}
        answers = [
            _answer(s, actor, "accepted" if m.startswith("away") else "declined")
            for m, s in sorted(shown.items())
            if m.startswith(("home", "away"))
            for actor in ("member", "cluster")
        ]
        deadline = time.monotonic() + 180
        while "feedback state loaded" not in second.log_text():  # the second one has joined
            assert second.alive() and time.monotonic() < deadline, second.log_tail()
            time.sleep(0.5)
        publish_raw(settings, settings.topics.feedback, answers)
        models = collect(
            settings.topics.ranker_model,
            lambda rs: any(r["n_examples"] > 6 for r in rs),
            worker=worker,
        )
        newest = max(models, key=lambda r: r["version"])
        version, n, trust = newest["version"], newest["n_examples"], newest["trust"]
        line = f"re-ranker v{version} in use ({n} examples, trust {trust:.2f})"
        for w in (worker, second):
            while line not in w.log_text():
                assert w.alive() and time.monotonic() < deadline, (line, w.log_tail())
                time.sleep(0.5)
        assert [r["version"] for r in models] == sorted({r["version"] for r in models}), "one publisher"
    finally:
        second.stop()
