"""Notification policy: opt-in, minimum score, daily cap, digest timing, de-duplication, erasure."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import NOW, member

from matcher.notifications import MemberState, NotificationPolicy, plain_reason
from models.events import EvidenceMatch, Explanation, MatchSuggestion


class Clock:
    """A settable clock for digest timing."""

    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def suggestion(
    opportunity_id: str, score: float = 0.8, member_id: str = "acme", **fields: object
) -> MatchSuggestion:
    data: dict[str, object] = {
        "suggestion_id": f"s-{opportunity_id}-{member_id}",
        "opportunity_id": opportunity_id,
        "opportunity_title": f"Title of {opportunity_id}",
        "member_id": member_id,
        "member_name": "Acme",
        "member_clusters": ["AFIL"],
        "score": score,
        "rank": 1,
        "components": {"affinity": 0.6, "lexical": 0.1, "complementarity": 0.05, "cross_cluster": 0.0},
        "explanation": Explanation(
            evidence=[
                EvidenceMatch(text="Laser welding cells for battery trays", similarity=0.81, kind="product")
            ],
            shared_terms=["laser", "welding"],
        ),
        "reason": "new_opportunity",
        "notify": True,
        "model": "test",
        "created_at": NOW,
        "published_by": "CLM",
        "deadline": dt.date(2026, 9, 30),
    }
    data.update(fields)
    return MatchSuggestion.model_validate(data)


def opted_in(**notify: object) -> MemberState:
    policy = NotificationPolicy(Clock())
    return policy.on_profile(
        MemberState(), member("acme", "laser welding", notify={"enabled": True, **notify})
    )


def test_immediate_notification_carries_what_a_person_needs() -> None:
    state, out = NotificationPolicy(Clock()).on_suggestion(opted_in(), suggestion("o1"))
    assert len(out) == 1
    note = out[0]
    assert (note.member_id, note.member_name, note.delivery) == ("acme", "Acme", "immediate")
    item = note.items[0]
    assert (item.opportunity_title, item.published_by, item.deadline) == (
        "Title of o1",
        "CLM",
        dt.date(2026, 9, 30),
    )
    assert "Laser welding cells for battery trays" in item.why and "81% relevant" in item.why
    assert "laser, welding" in item.why and "complements theirs" in item.why
    assert "outside your own cluster" not in item.why  # cross_cluster component was 0
    assert state.sent_today == 1 and state.notified == ("o1",)


@pytest.mark.parametrize(
    "profile_notify",
    [None, {"enabled": False}],
    ids=["no-notify-block", "opted-out"],
)
def test_members_who_did_not_opt_in_get_nothing(profile_notify: dict[str, object] | None) -> None:
    policy = NotificationPolicy(Clock())
    state = policy.on_profile(MemberState(), member("acme", "laser welding", notify=profile_notify))
    assert policy.on_suggestion(state, suggestion("o1"))[1] == []


def test_unknown_member_gets_nothing() -> None:
    assert NotificationPolicy(Clock()).on_suggestion(MemberState(), suggestion("o1"))[1] == []


def test_below_minimum_score_or_past_deadline_gets_nothing() -> None:
    policy = NotificationPolicy(Clock())
    state = opted_in(min_score=0.7)
    assert policy.on_suggestion(state, suggestion("o1", score=0.69))[1] == []
    assert policy.on_suggestion(state, suggestion("o2", deadline=dt.date(2026, 5, 31)))[1] == []
    assert len(policy.on_suggestion(state, suggestion("o3", score=0.7))[1]) == 1


def test_duplicates_and_repeated_opportunities_notify_once() -> None:
    policy = NotificationPolicy(Clock())
    state, first = policy.on_suggestion(opted_in(), suggestion("o1"))
    again, duplicate = policy.on_suggestion(state, suggestion("o1"))
    _, update = policy.on_suggestion(
        again, suggestion("o1", suggestion_id="s-o1-v2", reason="opportunity_update")
    )
    assert len(first) == 1 and duplicate == [] and update == [] and again == state


def test_daily_cap_resets_the_next_utc_day() -> None:
    clock = Clock()
    policy = NotificationPolicy(clock)
    state = opted_in(max_per_day=2)
    sent = []
    for n in range(4):
        state, out = policy.on_suggestion(state, suggestion(f"o{n}"))
        sent += out
    assert [n.items[0].opportunity_id for n in sent] == ["o0", "o1"]
    clock.now = NOW + dt.timedelta(days=1)
    state, out = policy.on_suggestion(state, suggestion("o9"))
    assert len(out) == 1 and state.sent_today == 1


def test_daily_digest_waits_for_its_hour_and_sends_the_best_within_the_cap() -> None:
    clock = Clock(NOW)  # 12:00 UTC; digest at 08:00 -> tomorrow 08:00
    policy = NotificationPolicy(clock)
    state = opted_in(delivery="daily", digest_hour=8, max_per_day=2)
    for n, score in enumerate([0.6, 0.9, 0.75]):
        state, out = policy.on_suggestion(state, suggestion(f"o{n}", score=score))
        assert out == []
    assert state.digest_due == dt.datetime(2026, 6, 2, 8, 0, tzinfo=dt.UTC)
    clock.now = dt.datetime(2026, 6, 2, 7, 59, tzinfo=dt.UTC)
    assert not policy.is_due(state) and policy.flush(state, "acme") == (state, [])
    clock.now = dt.datetime(2026, 6, 2, 8, 0, 30, tzinfo=dt.UTC)
    state, out = policy.flush(state, "acme")
    assert len(out) == 1 and out[0].delivery == "daily"
    assert [i.opportunity_id for i in out[0].items] == ["o1", "o2"]
    assert state.pending == () and state.digest_due is None and state.sent_today == 2
    assert policy.flush(state, "acme")[1] == []  # a second flush command is a no-op


def test_tombstone_is_final_even_for_suggestions_in_flight_and_pending_digests() -> None:
    clock = Clock()
    policy = NotificationPolicy(clock)
    state, _ = policy.on_suggestion(opted_in(delivery="daily"), suggestion("o1"))
    erased = policy.on_tombstone(state)
    assert erased == MemberState(erased=True)  # name, preferences and pending items forgotten
    assert policy.on_suggestion(erased, suggestion("o2"))[1] == []
    clock.now = NOW + dt.timedelta(days=2)
    assert policy.flush(erased, "acme")[1] == []
    again = policy.on_profile(erased, member("acme", "laser welding", notify={"enabled": True}))
    assert again == erased and policy.on_suggestion(again, suggestion("o3"))[1] == []


def test_opting_out_drops_the_pending_digest() -> None:
    policy = NotificationPolicy(Clock())
    state, _ = policy.on_suggestion(opted_in(delivery="daily"), suggestion("o1"))
    assert state.pending
    out = policy.on_profile(state, member("acme", "laser welding", notify={"enabled": False}))
    assert out.pending == () and out.digest_due is None


def test_notification_ids_are_deterministic() -> None:
    a = NotificationPolicy(Clock()).on_suggestion(opted_in(), suggestion("o1"))[1][0]
    b = NotificationPolicy(Clock(NOW + dt.timedelta(hours=1))).on_suggestion(opted_in(), suggestion("o1"))[1][
        0
    ]
    assert a.notification_id == b.notification_id and a.created_at != b.created_at


def test_plain_reason_without_evidence_still_says_something() -> None:
    bare = suggestion("o1", explanation=Explanation(evidence=[], shared_terms=[]), components={})
    assert plain_reason(bare) == "It scored 0.80 for your profile."


def test_a_member_writing_in_italian_is_told_why_in_italian() -> None:
    policy = NotificationPolicy(Clock())
    italian = member(
        "acme",
        "Celle di saldatura laser per vassoi di batterie in alluminio",
        "Manutenzione predittiva delle linee di produzione con apprendimento automatico",
        notify={"enabled": True},
    )
    state = policy.on_profile(MemberState(), italian)
    assert state.language == "it"
    reasons = {"en": "It matches your product.", "it": "Corrisponde al vostro prodotto."}
    explanation = Explanation(evidence=[], shared_terms=[], reasons=reasons)
    _, out = policy.on_suggestion(state, suggestion("o1", explanation=explanation))
    assert out[0].items[0].why == "Corrisponde al vostro prodotto."
    english = policy.on_profile(MemberState(), member("acme", "laser welding", notify={"enabled": True}))
    _, out = policy.on_suggestion(english, suggestion("o2", explanation=explanation))
    assert out[0].items[0].why == "It matches your product."
