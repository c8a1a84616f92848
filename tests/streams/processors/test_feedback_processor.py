"""Feedback processing without Kafka: answers checked, examples merged, models fitted and installed."""

from __future__ import annotations

import datetime as dt
import json

from factories import NOW, HashingEncoder, member, opportunity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.config import ScoringConfig
from matcher.engine import Matchmaker
from matcher.feedback import FeedbackReranker
from matcher.scoring import MatchScorer
from models.events import DeadLetter, MatchSuggestion
from models.feedback import FeedbackExample, MatchFeedback
from streams.codec import Record
from streams.processors.feedback import FeedbackLearner
from streams.processors.feedback_state import ExampleStore
from streams.service import MatchService
from streams.settings import Settings

TOPICS = Settings(topic_prefix="t").topics
LASER = "laser welding of aluminium battery trays"


def learner(min_examples: int = 4) -> tuple[FeedbackLearner, list[MatchSuggestion]]:
    scorer = MatchScorer(HashingEncoder(), HashingEncoder("ml"), ScoringConfig(min_score=0.0, top_k=6))
    mm = Matchmaker(scorer, clock=lambda: NOW)
    for i in range(3):
        mm.upsert_member(member(f"home-{i}", LASER, "aluminium trays", clusters=["CLM"]))
        mm.upsert_member(member(f"away-{i}", "welding of aluminium parts", clusters=["AFIL"]))
    suggestions = mm.upsert_opportunity(opportunity("o1", "Welding", LASER, published_by="CLM"))
    service = MatchService(mm, TOPICS, 100_000)
    return FeedbackLearner(
        service, ExampleStore(), FeedbackReranker(min_examples=min_examples, prior=1.0)
    ), suggestions


def answer(
    s: MatchSuggestion, action: str, actor: str = "member", minutes: int = 0, **extra: object
) -> Record:
    body = {
        "suggestion_id": s.suggestion_id,
        "opportunity_id": s.opportunity_id,
        "member_id": s.member_id,
        "actor": actor,
        "actor_id": s.member_id if actor == "member" else "CLM",
        "action": action,
        "at": (NOW + dt.timedelta(minutes=minutes)).isoformat(),
        **extra,
    }
    return Record(TOPICS.feedback, 0, minutes, s.suggestion_id.encode(), json.dumps(body).encode())


def test_answers_accumulate_per_suggestion_and_repeats_change_nothing() -> None:
    fl, suggestions = learner()
    first = fl.handle(answer(suggestions[0], "accepted"), 100_000)
    assert isinstance(first, FeedbackExample) and len(first.answers) == 1
    assert first.member_id == suggestions[0].member_id and first.publisher == "CLM"
    assert fl.handle(answer(suggestions[0], "accepted"), 100_000) is None  # redelivered
    both = fl.handle(answer(suggestions[0], "accepted", actor="cluster", minutes=1), 100_000)
    assert isinstance(both, FeedbackExample) and [a.actor for a in both.answers] == ["member", "cluster"]
    assert first.features == both.features


def test_unknown_malformed_and_impersonated_answers_are_dead_lettered() -> None:
    fl, suggestions = learner()
    s = suggestions[0]
    cases = {
        "unknown suggestion": answer(s, "accepted", suggestion_id="f" * 32),
        "opportunity is not known": answer(s, "accepted", opportunity_id="o-missing"),
        "invalid MatchFeedback": answer(s, "liked"),
        "value is not JSON": Record(TOPICS.feedback, 0, 9, b"k", b"{nope"),
        "value is not valid UTF-8": Record(TOPICS.feedback, 0, 9, b"k", b"\xff{}"),
        "cannot be deleted": Record(TOPICS.feedback, 0, 9, b"k", None),
        "answered for member": answer(s, "accepted", actor_id="someone-else"),
    }
    for reason, record in cases.items():
        out = fl.handle(record, 100_000)
        assert isinstance(out, DeadLetter) and reason in out.reason, (reason, out)
    assert len(fl.store) == 0


def test_store_merge_is_order_independent() -> None:
    fl, suggestions = learner()
    a = fl.handle(answer(suggestions[0], "accepted"), 100_000)
    b = fl.handle(answer(suggestions[0], "met", minutes=5), 100_000)
    assert isinstance(a, FeedbackExample) and isinstance(b, FeedbackExample)
    other = ExampleStore()
    other.merge(b)
    assert other.merge(a) == b  # an older version read late loses nothing
    assert len(other) == 1


def test_refit_publishes_a_model_that_reorders_the_ranking_once_installed() -> None:
    fl, suggestions = learner(min_examples=4)
    assert fl.refit(NOW) is None  # nothing answered yet
    for s in suggestions:
        fl.handle(answer(s, "accepted" if s.member_id.startswith("away") else "declined"), 100_000)
    model = fl.refit(NOW)
    assert model is not None and model.version == 1 and model.n_examples == len(suggestions)
    assert fl.refit(NOW) is None  # unchanged examples: no new version
    mm = fl.service.matchmaker
    before = [s.member_id for s in mm.rank(mm.opportunities["o1"])]
    assert fl.install(model) and not fl.install(model)
    after = [s.member_id for s in mm.rank(mm.opportunities["o1"])]
    assert after != before and after[0].startswith("away")
    assert fl.store.model_version == 1


def test_feedback_contract_round_trips() -> None:
    _, suggestions = learner()
    raw = json.loads(answer(suggestions[0], "partnered").value or b"")
    assert MatchFeedback.model_validate(raw).action == "partnered"


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def _near_valid(draw: st.DrawFn) -> bytes:
    body = json.loads(answer(SHOWN[0], "accepted").value or b"")
    field = draw(st.sampled_from(sorted(body)))
    if draw(st.booleans()):
        body.pop(field)
    else:
        body[field] = draw(_JSON | st.sampled_from(["", " ", "x" * 300, "9999-01-01T00:00:00Z"]))
    return json.dumps(body).encode()


_LEARNER, SHOWN = learner()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.binary(max_size=120), _JSON.map(lambda v: json.dumps(v).encode()), _near_valid(), st.none())
)
def test_no_input_crashes_the_learner_or_goes_missing(value: bytes | None) -> None:
    out = _LEARNER.handle(Record(TOPICS.feedback, 0, 0, b"k", value), 100_000)
    if isinstance(out, DeadLetter):
        assert out.reason and out.topic == TOPICS.feedback
    else:  # accepted: it is an answer to the one real suggestion, recorded once
        assert out is None or out.suggestion_id == SHOWN[0].suggestion_id
