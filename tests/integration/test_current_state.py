"""Current rankings, retractions, current consortia and close notices end to end on the real broker.

One call goes through its life (members A and B; the call; C joins and displaces B; B is erased; C
edits its profile; the call closes), once undisturbed and once with ``kill -9`` between steps. After
each step the test reads ``rankings``, the retractions, ``consortium-suggestions`` and the
notifications; the expected lists and teams come from an offline matchmaker fed the same events.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Worker
from factories import member, opportunity
from kafka import KafkaConsumer, TopicPartition

from matcher.consortium import ConsortiumBuilder
from matcher.engine import Matchmaker
from matcher.factory import default_scorer
from models.events import MemberProfile, Opportunity
from models.rankings import SuggestionRetraction
from streams.cloudevents import event_type
from streams.codec import Record
from streams.kafka_config import consumer_kwargs
from streams.kafka_io import publish_raw
from streams.processors.consortium import ConsortiumKeeper
from streams.service import MatchService
from streams.settings import Settings
from streams.topics import ensure_topics

pytestmark = pytest.mark.integration

RETRACTION = event_type(SuggestionRetraction)
ALWAYS = {"enabled": True, "min_score": 0.0}
CALL = opportunity(
    "o-trays",
    "Welded battery trays for electric vans",
    "Partners for laser welding of aluminium battery trays with in-line inspection of the welds",
    kind="call_for_proposals",
    deadline="2030-12-31",
)
A = member("a-weld", "Laser welding cells for aluminium battery trays", notify=ALWAYS)
B = member("b-pack", "Battery pack assembly for electric vans", clusters=["CLM"])
C = member(
    "c-lab",
    "Research on laser welding of aluminium alloys and in-line weld inspection for battery trays",
    org_type="research_centre",
    size=None,
    clusters=["LGCA"],
)
C_EDITED = C.model_copy(
    update={
        "competencies": member("x", "Sensory analysis of wines and vineyard soil microbiology").competencies,
        "updated_at": dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
    }
)
CLOSED = CALL.model_copy(update={"status": "closed", "updated_at": dt.datetime(2026, 3, 1, tzinfo=dt.UTC)})


class ClockWorker(Worker):
    """A worker through ``clock_worker.py`` (the processors' clock from a file), top-2 lists."""

    def __init__(self, settings: Settings, log_path: Path, clock_file: Path) -> None:
        super().__init__(
            settings,
            log_path,
            env={"LTC_TEST_CLOCK_FILE": str(clock_file), "MATCHMAKER_SCORING__TOP_K": "2"},
            command=[sys.executable, str(Path(__file__).with_name("clock_worker.py"))],
        )
        self.clock_file = clock_file

    def set_clock(self, when: dt.datetime) -> None:
        self.clock_file.write_text(when.isoformat(), encoding="utf-8")


class Tape:
    """Every record of one topic so far, read incrementally: (key, value or None, ce_type)."""

    def __init__(self, settings: Settings, topic: str) -> None:
        self.consumer = KafkaConsumer(**consumer_kwargs(settings, "kafka-python"))
        parts = [TopicPartition(topic, p) for p in sorted(self.consumer.partitions_for_topic(topic) or ())]
        self.consumer.assign(parts)
        self.consumer.seek_to_beginning(*parts)
        self.records: list[tuple[str, dict | None, str]] = []

    def read(self) -> list[tuple[str, dict | None, str]]:
        for messages in self.consumer.poll(timeout_ms=500, max_records=5000).values():
            for m in messages:
                ce_type = dict(m.headers or []).get("ce_type", b"").decode()
                value = None if m.value is None else json.loads(m.value)
                self.records.append(((m.key or b"").decode(), value, ce_type))
        return self.records

    def latest(self, key: str) -> dict | None:
        """The current value of ``key`` (``None``: never published, or a tombstone)."""
        values = [v for k, v, _ in self.read() if k == key]
        return values[-1] if values else None

    def close(self) -> None:
        self.consumer.close()


@dataclass
class Stack:
    settings: Settings
    worker: ClockWorker
    rankings: Tape
    consortia: Tape
    suggestions: Tape
    notifications: Tape

    def tapes(self) -> list[Tape]:
        return [self.rankings, self.consortia, self.suggestions, self.notifications]

    def until(self, what: str, check: Callable[[], bool], timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if not self.worker.alive():
                pytest.fail(f"worker died waiting for {what}:\n{self.worker.log_tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"never saw {what}:\n{self.worker.log_tail()}")
            time.sleep(0.3)

    def retractions(self) -> dict[str, dict]:
        """Retractions so far by id (a re-delivery has the same id and content)."""
        out: dict[str, dict] = {}
        for _, value, ce_type in self.suggestions.read():
            if ce_type == RETRACTION and value is not None:
                out.setdefault(value["retraction_id"], value)
        return out


def _stack(bootstrap: str, tmp: Path) -> Iterator[Stack]:
    prefix = f"it-{uuid.uuid4().hex[:8]}"
    settings = Settings(bootstrap_servers=bootstrap, topic_prefix=prefix, app_id=f"matchmaker-{prefix}")
    settings = settings.model_copy(
        update={"scoring": settings.scoring.model_copy(update={"min_score": 0.1, "top_k": 2})}
    )
    ensure_topics(settings)
    clock = tmp / "clock.txt"
    clock.write_text(dt.datetime.now(dt.UTC).isoformat(), encoding="utf-8")
    worker = ClockWorker(settings, tmp / "worker.log", clock)
    worker.start()
    t = settings.topics
    stack = Stack(
        settings,
        worker,
        Tape(settings, t.rankings),
        Tape(settings, t.consortia),
        Tape(settings, t.suggestions),
        Tape(settings, t.notifications),
    )
    yield stack
    worker.stop()
    for tape in stack.tapes():
        tape.close()


@pytest.fixture
def stack(bootstrap: str, tmp_path: Path) -> Iterator[Stack]:
    yield from _stack(bootstrap, tmp_path)


class Reference:
    """The same events applied offline: the lists and teams the worker must end up publishing."""

    def __init__(self, settings: Settings) -> None:
        self.service = MatchService(Matchmaker(default_scorer(settings.scoring)), settings.topics, 10**6)
        self.topics = settings.topics
        self.teams = ConsortiumKeeper(self.service.matchmaker, ConsortiumBuilder())
        self.offset = 0

    def apply(self, topic: str, key: str, value: MemberProfile | Opportunity | None) -> None:
        self.offset += 1
        raw = None if value is None else value.model_dump_json().encode()
        self.service.handle(Record(topic, 0, self.offset, key.encode(), raw))

    def listed(self, oid: str) -> list[tuple[str, int, float]]:
        mm = self.service.matchmaker
        return [(m.member_id, rank, round(m.score, 4)) for rank, m in enumerate(mm._top.get(oid, []), 1)]

    def team(self, oid: str) -> list[str] | None:
        update = self.teams.reconcile(oid, None)
        current = self.teams.published.get(oid)
        assert update is None or update.current is None or update.current == current
        return None if current is None else [m.member_id for m in current.members]


def send(
    stack: Stack, ref: Reference, topic: str, key: str, value: MemberProfile | Opportunity | None
) -> None:
    publish_raw(
        stack.settings, topic, [(key.encode(), None if value is None else value.model_dump_json().encode())]
    )
    ref.apply(topic, key, value)


def partner_view(settings: Settings, topics: list[str]) -> dict:
    """What ``examples/partner_consumer.py --show-current`` prints: summaries, then the current view."""
    example = Path(__file__).resolve().parents[2] / "examples" / "partner_consumer.py"
    command = [sys.executable, str(example), "--bootstrap-servers", settings.bootstrap_servers]
    command += [arg for topic in topics for arg in ("--topic", topic)]
    done = subprocess.run(
        [*command, "--show-current", "--idle-seconds", "5"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": ""},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    return {"printed": lines[:-1], **lines[-1]}


def team_of(stack: Stack, oid: str) -> list[str] | None:
    """The current team's member ids (``None``: no team, or a tombstone)."""
    current = stack.consortia.latest(oid)
    return None if current is None else [m["member_id"] for m in current["members"]]


def listed(ranking: dict | None) -> list[tuple[str, int, float]]:
    assert ranking is not None
    return [(e["member_id"], e["rank"], e["score"]) for e in ranking["entries"]]


@pytest.mark.parametrize("crash", [False, True], ids=["undisturbed", "kill-9-between-steps"])
def test_one_call_through_its_life(stack: Stack, crash: bool) -> None:
    t = stack.settings.topics
    ref = Reference(stack.settings)
    oid = CALL.opportunity_id
    reasons: dict[str, str] = {}  # suggestion_id -> reason, the retractions expected so far

    def between_steps(step: int) -> None:
        if crash and step in (2, 4):  # after the call arrived, and after the erasure
            stack.worker.kill()
            stack.worker.start()

    def check(what: str, status: str = "open", team: bool = True) -> dict:
        """Wait for the ranking and team the reference expects, then check the retractions."""
        expected = ref.listed(oid) if status == "open" else []
        stack.until(
            f"{what}: ranking {expected} ({status})",
            lambda: (
                (r := stack.rankings.latest(oid)) is not None
                and r["status"] == status
                and listed(r) == expected
            ),
        )
        expected_team = ref.team(oid) if team else None
        stack.until(f"{what}: team {expected_team}", lambda: team_of(stack, oid) == expected_team)
        stack.until(f"{what}: retractions {reasons}", lambda: len(stack.retractions()) >= len(reasons))
        got = {r["suggestion_id"]: r["reason"] for r in stack.retractions().values()}
        assert got == reasons, what
        ranking = stack.rankings.latest(oid)
        assert ranking is not None
        return ranking

    # 1. members A and B, no opportunity yet: nothing to rank
    send(stack, ref, t.members, A.member_id, A)
    send(stack, ref, t.members, B.member_id, B)
    stack.worker.wait_committed(t.members)
    between_steps(1)

    # 2. the call: A and B listed, a team, A notified
    send(stack, ref, t.opportunities, oid, CALL)
    first = check("the call arrives")
    assert [e["member_id"] for e in first["entries"]] == ["a-weld", "b-pack"], "premise: A then B"
    entry = {e["member_id"]: e for e in first["entries"]}
    stack.until(
        "A's notification",
        lambda: any(v and v["items"][0]["opportunity_id"] == oid for _, v, _ in stack.notifications.read()),
    )
    between_steps(2)

    # 3. C joins and displaces B
    send(stack, ref, t.members, C.member_id, C)
    reasons[entry["b-pack"]["suggestion_id"]] = "displaced"
    joined = check("C joins")
    assert [e["member_id"] for e in joined["entries"]] == ["c-lab", "a-weld"]
    entry |= {e["member_id"]: e for e in joined["entries"]}
    between_steps(3)

    # 4. B is erased: its suggestion was already retracted; the list stands
    before = len([k for k, _, _ in stack.rankings.read() if k == oid])
    send(stack, ref, t.members, B.member_id, None)
    stack.worker.wait_committed(t.members)
    erased = check("B is erased")
    assert erased["digest"] == joined["digest"] and "b-pack" not in (ref.team(oid) or [])
    between_steps(4)

    # 5. C edits its profile away from the call: retracted as changed
    send(stack, ref, t.members, C.member_id, C_EDITED)
    reasons[entry["c-lab"]["suggestion_id"]] = "member_changed"
    edited = check("C edits its profile")
    assert [e["member_id"] for e in edited["entries"]] == ["a-weld"]
    between_steps(5)

    # 6. the call closes: everything retracted, the team withdrawn, A told once
    send(stack, ref, t.opportunities, oid, CLOSED)
    reasons[entry["a-weld"]["suggestion_id"]] = "opportunity_closed"
    closed = check("the call closes", status="closed", team=False)
    assert closed["entries"] == [] and closed["opportunity_version"].startswith("2026-03-01")
    stack.until(
        "A's close notice",
        lambda: any(v and v["items"][0].get("notice") for _, v, _ in stack.notifications.read()),
    )
    notices = [v for _, v, _ in stack.notifications.read() if v and v["items"][0].get("notice")]
    assert {n["notification_id"] for n in notices} == {notices[0]["notification_id"]}, "told once"
    [item] = notices[0]["items"]
    assert notices[0]["member_id"] == "a-weld" and item["notice"] == "closed"
    assert item["opportunity_title"] == CALL.title and "closed" in item["why"]
    assert item["suggestion_id"] == entry["a-weld"]["suggestion_id"]

    view = partner_view(stack.settings, [t.rankings, t.consortia, t.suggestions])
    assert view["current"][oid] == {"status": "closed", "ranked": []}  # no team: withdrawn
    gone = {(r["member"], r["reason"]) for r in view["printed"] if r["contract"] == "suggestion-retraction"}
    assert gone == {("b-pack", "displaced"), ("c-lab", "member_changed"), ("a-weld", "opportunity_closed")}

    ranked = [v for k, v, _ in stack.rankings.read() if k == oid]
    digests = [v["digest"] for v in ranked if v is not None]
    if not crash:  # one record per change of the list: B's erasure changed nothing
        assert len(digests) == len(set(digests)) == 4 and before == 2
    else:
        # A restart recomputes every list from scratch, so it may re-send a list with fresher scores
        # (B's erasure moved the lexical weights; the running worker keeps its stored scores until the
        # list is touched: the limit in docs/CONTRACTS.md), never a different list for the same step.
        lists = {(v["status"], tuple((e["member_id"], e["rank"]) for e in v["entries"])) for v in ranked if v}
        assert len(lists) == 4, lists


def test_a_deadline_passes_with_no_event_and_identical_resends_publish_nothing(stack: Stack) -> None:
    t = stack.settings.topics
    ref = Reference(stack.settings)
    now = dt.datetime.now(dt.UTC)
    call = opportunity(
        "o-cold",
        "Cold chain for fresh dairy",
        "Refrigerated logistics and cold chain monitoring for fresh dairy products",
        kind="call_for_proposals",
        deadline=now.date().isoformat(),
    )
    carrier = member(
        "m-cold", "Refrigerated transport and cold chain monitoring of fresh food", notify=ALWAYS
    )
    lab = member(
        "m-dairy", "Quality control of dairy products", org_type="university", size=None, clusters=["CLM"]
    )
    events: list[tuple[str, str, MemberProfile | Opportunity]] = [
        (t.members, carrier.member_id, carrier),
        (t.members, lab.member_id, lab),
        (t.opportunities, call.opportunity_id, call),
    ]
    for topic, key, value in events:
        send(stack, ref, topic, key, value)
    expected = ref.listed("o-cold")
    assert "m-cold" in [m for m, _, _ in expected], "premise: the carrier is listed"
    stack.until(
        "the list", lambda: (r := stack.rankings.latest("o-cold")) is not None and listed(r) == expected
    )
    stack.until("the team", lambda: team_of(stack, "o-cold") == ref.team("o-cold"))
    stack.until("the notification", lambda: len(stack.notifications.read()) >= 1)

    # no flood: the same events again change nothing on any output topic
    counts = [len(tape.read()) for tape in stack.tapes()]
    publish_raw(
        stack.settings, t.members, [(k.encode(), v.model_dump_json().encode()) for _, k, v in events[:2]]
    )
    publish_raw(stack.settings, t.opportunities, [(b"o-cold", call.model_dump_json().encode())])
    stack.worker.wait_committed(t.members)
    stack.worker.wait_committed(t.opportunities)
    time.sleep(8)  # the processors' own groups, and several one-second ticks
    assert [len(tape.read()) for tape in stack.tapes()] == counts, "identical events published something"

    # the deadline passes: no event, only the clock
    listed_ids = {
        e["member_id"]: e["suggestion_id"] for e in (stack.rankings.latest("o-cold") or {})["entries"]
    }
    stack.worker.set_clock(now + dt.timedelta(days=2))
    stack.until(
        "the expired ranking",
        lambda: (r := stack.rankings.latest("o-cold")) is not None and r["status"] == "expired",
    )
    assert (stack.rankings.latest("o-cold") or {})["entries"] == []
    stack.until("the retractions", lambda: len(stack.retractions()) >= len(listed_ids))
    got = {(r["member_id"], r["suggestion_id"], r["reason"]) for r in stack.retractions().values()}
    assert got == {(m, s, "opportunity_expired") for m, s in listed_ids.items()}
    stack.until("the team withdrawn", lambda: team_of(stack, "o-cold") is None)
    ranked = [v for k, v, _ in stack.rankings.read() if k == "o-cold"]
    assert [v["status"] for v in ranked if v] == ["open", "expired"]  # once, however many ticks
