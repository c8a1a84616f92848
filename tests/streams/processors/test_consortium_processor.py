"""The consortium keeper without Kafka: which calls get a team, when it is rebuilt, when it is withdrawn."""

from __future__ import annotations

from factories import NOW, HashingEncoder, member, opportunity

from matcher.config import ScoringConfig
from matcher.consortium import ConsortiumBuilder
from matcher.engine import Matchmaker
from matcher.scoring import MatchScorer
from models.consortium import ConsortiumSuggestion
from streams.codec import Tombstone
from streams.processors.consortium import ConsortiumKeeper

CALL = opportunity(
    "call-1",
    "Battery line",
    "Laser welding of aluminium battery trays. Recycling of lithium battery cells.",
    kind="call_for_proposals",
)


def keeper() -> ConsortiumKeeper:
    scorer = MatchScorer(HashingEncoder(), HashingEncoder("ml"), ScoringConfig(min_score=0.0))
    mm = Matchmaker(scorer, clock=lambda: NOW)
    mm.upsert_member(member("weld", "Laser welding of aluminium battery trays", clusters=["AFIL"]))
    mm.upsert_member(
        member(
            "cnr",
            "Recycling of lithium battery cells",
            org_type="research_centre",
            size=None,
            clusters=["LGCA"],
        )
    )
    mm.upsert_member(member("uni", "Battery cells", org_type="university", size=None, clusters=["CLM"]))
    return ConsortiumKeeper(mm, ConsortiumBuilder(), clock=lambda: NOW)


def team(k: ConsortiumKeeper, oid: str = "call-1") -> ConsortiumSuggestion | None:
    update = k.reconcile(oid, None)
    assert update is None or update.current is None or isinstance(update.current, ConsortiumSuggestion)
    return None if update is None else update.current  # type: ignore[return-value]


def test_a_call_gets_a_team_once_until_it_changes() -> None:
    k = keeper()
    k.matchmaker.upsert_opportunity(CALL)
    out = team(k)
    assert out is not None and out.opportunity_id == "call-1"
    # "uni" would add almost nothing to what "cnr" covers: no padding, and the team says it is small
    assert {m.member_id for m in out.members} == {"weld", "cnr"}
    assert out.constraints_met["has_company"] and out.constraints_met["has_research"]
    assert out.constraints_met["min_size"] is False
    assert k.reconcile("call-1", CALL) is None  # rebuilt to the same team: nothing to publish
    k.matchmaker.upsert_opportunity(CALL.model_copy(update={"updated_at": NOW}))
    assert team(k) is not None  # a new version of the call: a new consortium id


def test_a_member_change_rebuilds_only_the_teams_it_can_change() -> None:
    k = keeper()
    mm = k.matchmaker
    mm.upsert_opportunity(CALL)
    other = opportunity(
        "call-2", "Vineyards", "Organic farming cooperatives and vineyards", kind="call_for_proposals"
    )
    mm.upsert_opportunity(other)
    team(k), team(k, "call-2")
    assert k.touched("weld", []) >= {"call-1"}  # in the team
    mm.delete_member("weld")
    assert "call-1" in k.touched("weld", [])
    erased = team(k)
    assert erased is not None and "weld" not in {m.member_id for m in erased.members}
    farmer = member("farm", "Organic farming cooperatives and vineyards", clusters=["LGCA"])
    mm.upsert_member(farmer)
    assert "call-2" in k.touched("farm", [])  # the small pool's floor lets anyone in


def test_closed_calls_get_a_tombstone_other_kinds_and_unknown_calls_nothing() -> None:
    k = keeper()
    mm = k.matchmaker
    mm.upsert_opportunity(CALL)
    assert team(k) is not None
    mm.upsert_opportunity(CALL.model_copy(update={"status": "closed", "updated_at": NOW}))
    update = k.reconcile("call-1", None)
    assert update is not None and update.current is None  # the team is withdrawn: a tombstone
    assert k.reconcile("call-1", Tombstone("call-1")) is None  # and only once
    mm.upsert_opportunity(CALL.model_copy(update={"opportunity_id": "need", "kind": "technology_need"}))
    assert k.reconcile("need", None) is None and k.reconcile("unknown", None) is None


def test_a_passed_deadline_is_due_and_withdraws_the_team() -> None:
    now = [NOW]
    k = keeper()
    k.clock = lambda: now[0]
    k.matchmaker.upsert_opportunity(CALL.model_copy(update={"deadline": NOW.date()}))
    assert team(k) is not None and k.due({"call-1"}) == set()
    now[0] = NOW.replace(day=NOW.day + 1)
    assert k.due({"call-1"}) == {"call-1"}
    update = k.reconcile("call-1", None)
    assert update is not None and update.current is None and k.due({"call-1"}) == set()


def test_a_second_reconcile_with_nothing_changed_builds_nothing() -> None:
    k = keeper()
    mm = k.matchmaker
    mm.upsert_opportunity(CALL)
    assert team(k) is not None and k.builds == 1
    assert k.reconcile("call-1", CALL) is None and k.builds == 1  # the record's and the listener's turn
    mm.upsert_member(member("far", "Organic vineyards", clusters=["LGCA"]))  # any member change
    assert k.reconcile("call-1", CALL) is None and k.builds == 2  # rebuilt, to the same team
    k.forget(["call-1"])
    assert team(k) is not None and k.builds == 3  # owned again: built and published again
