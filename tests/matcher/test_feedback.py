"""Feedback utility, features and the re-ranker (estimator conventions, no-feedback identity)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from factories import NOW, HashingEncoder, member, opportunity
from sklearn.base import clone

from matcher.config import ScoringConfig
from matcher.engine import Matchmaker
from matcher.feedback import FEATURES, FeedbackReranker, features, utility
from matcher.scoring import MatchScorer
from models.exceptions import InvalidEvent

LASER = "laser welding of aluminium battery trays"


def test_utility_counts_both_sides_and_reciprocity() -> None:
    assert utility([]) == 0.0
    assert utility([("member", "accepted")]) == 1.0
    assert utility([("member", "accepted"), ("cluster", "accepted")]) == 2.0  # reciprocal
    assert utility([("member", "accepted"), ("member", "met")]) == 3.0
    assert utility([("member", "partnered"), ("cluster", "accepted")]) == 8.0
    assert utility([("member", "accepted"), ("cluster", "declined")]) == 0.0
    assert utility([("member", "declined"), ("member", "contacted")]) == 2.0  # changed their mind


def test_features_follow_the_declared_order() -> None:
    m = member("acme", LASER, clusters=["AFIL", "CLM"])
    row = features(
        {"affinity": 0.5, "lexical": 0.1, "complementarity": 0.05, "cross_cluster": 0.02}, 0.7, 3, m
    )
    assert len(row) == len(FEATURES)
    named = dict(zip(FEATURES, row, strict=True))
    assert named["complementary"] == 1.0 and named["cross_cluster"] == 1.0 and named["org_company"] == 1.0
    assert (
        named["sme"] == 1.0 and named["n_clusters"] == 2.0 and named["log_rank"] == pytest.approx(np.log(3))
    )


def _data(n: int, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    """Users welcome cross-cluster suggestions, whatever the score."""
    rng = np.random.default_rng(seed)
    rows, ys = [], []
    for _ in range(n):
        cross = rng.random() < 0.5
        m = member("x", LASER, org_type="company" if rng.random() < 0.5 else "university", size=None)
        rows.append(features({"affinity": rng.random(), "cross_cluster": 0.02 * cross}, rng.random(), 1, m))
        ys.append(2.0 if cross else 0.0)
    return rows, ys


def test_estimator_conventions_and_learning() -> None:
    reranker = FeedbackReranker(C=0.5, random_state=3)
    assert clone(reranker).get_params() == reranker.get_params()
    assert not hasattr(reranker, "coef_")
    rows, ys = _data(200)
    assert reranker.fit(rows, ys) is reranker
    assert 0 < reranker.trust_ < reranker.max_trust and reranker.n_examples_ == 200
    proba = reranker.predict_proba(rows)
    crossing = np.array(ys) > 0
    assert proba[crossing].mean() > 0.8 > 0.2 > proba[~crossing].mean()


def test_too_little_or_one_sided_feedback_changes_nothing() -> None:
    rows, ys = _data(5)
    assert FeedbackReranker(min_examples=10).fit(rows, ys).trust_ == 0.0
    rows, _ = _data(50)
    assert FeedbackReranker().fit(rows, [1.0] * 50).trust_ == 0.0


def test_model_round_trip_and_feature_mismatch() -> None:
    rows, ys = _data(100)
    fitted = FeedbackReranker().fit(rows, ys)
    model = fitted.to_model(version=4, now=NOW)
    again = FeedbackReranker.from_model(type(model).model_validate_json(model.model_dump_json()))
    np.testing.assert_allclose(again.predict_proba(rows), fitted.predict_proba(rows))
    assert again.trust_ == fitted.trust_
    with pytest.raises(InvalidEvent):
        FeedbackReranker.from_model(model.model_copy(update={"features": ["score"]}))


def _engine() -> Matchmaker:
    scorer = MatchScorer(HashingEncoder("en"), HashingEncoder("ml"), ScoringConfig(min_score=0.0, top_k=3))
    mm = Matchmaker(scorer, clock=lambda: NOW)
    mm.upsert_member(member("home-1", LASER, "aluminium trays", clusters=["CLM"]))
    mm.upsert_member(member("home-2", LASER, "battery trays", clusters=["CLM"]))
    mm.upsert_member(member("home-3", LASER, "welding cells", clusters=["CLM"]))
    mm.upsert_member(member("away-1", "welding of aluminium parts", clusters=["AFIL"]))
    mm.upsert_member(member("away-2", "battery trays", clusters=["LGCA"]))
    return mm


def test_without_feedback_the_ranking_is_exactly_the_scorers() -> None:
    call = opportunity("o1", "Welding", LASER, published_by="CLM")
    plain, hooked = _engine(), _engine()
    hooked.reranker = FeedbackReranker().fit(*_data(5))  # fitted, but too young to be trusted
    assert [s.model_dump() for s in hooked.rank(call)] == [s.model_dump() for s in plain.rank(call)]
    assert plain.reranker is None


def test_learned_preference_reorders_the_stream_ranking() -> None:
    call = opportunity("o1", "Welding", LASER, published_by="CLM")
    mm = _engine()
    before = [s.member_id for s in mm.upsert_opportunity(call)]
    assert before[:3] == ["home-1", "home-2", "home-3"] or all(m.startswith("home") for m in before[:2])
    mm.reranker = FeedbackReranker(prior=1.0).fit(*_data(300))
    after = mm.rank(call)
    assert [s.rank for s in after] == [1, 2, 3]
    assert after[0].member_id.startswith("away")
    later = mm.upsert_opportunity(call.model_copy(update={"updated_at": NOW - dt.timedelta(days=1)}))
    assert later[0].member_id.startswith("away")


def test_a_model_no_better_than_the_score_is_not_trusted() -> None:
    rows, _ = _data(120, seed=5)
    ys = [2.0 if row[0] > 0.5 else 0.0 for row in rows]  # users simply follow the score
    fitted = FeedbackReranker().fit(rows, ys)
    assert fitted.score_auc_ == 1.0 and fitted.validation_auc_ <= 1.0
    assert fitted.trust_ == 0.0


def test_trust_is_chosen_on_held_out_opportunities_when_answers_say_so() -> None:
    rows, ys = _data(300, seed=7)
    groups = [f"o{i % 30}" for i in range(300)]
    learned = FeedbackReranker(prior=1.0).fit(rows, ys, groups=groups)
    assert learned.trust_ > 0.5  # cross-cluster preference: blending in the model ranks better
    follow = [2.0 if row[0] > 0.5 else 0.0 for row in rows]  # users simply follow the score
    assert FeedbackReranker(prior=1.0).fit(rows, follow, groups=groups).trust_ == 0.0
