"""``matchmaker demo``: the whole path on real parts, narrated for a newcomer (``make demo``).

Starts a broker and a worker, publishes members and opportunities, prints ranked, explained
suggestions and stops everything it started (steps: docs/TOOLS.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from matcher.explain import render_suggestion
from models.events import MatchSuggestion, MemberProfile, Opportunity
from models.exceptions import MatchmakerError
from streams.kafka_io import LagMonitor, publish_jsonl, publish_raw, read_topic
from streams.settings import Settings
from streams.topics import ensure_topics
from tools.broker import KAFKA_VERSION, Broker, default_cache_dir
from tools.ltcdata import targeted_pairs, write_jsonl
from tools.ltcdata.demo_set import demo_data
from tools.ltcdata.real_members import ATTRIBUTION, REAL_PREFIX
from tools.webapp import DEMO_MANAGERS, WebProcess, demo_accounts
from tools.workers import WorkerProcess

__all__ = ["run_demo"]


def _wait(
    console: Console, what: str, done: Callable[[], bool], alive: Callable[[], bool], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    with console.status(what):
        while not done():
            if not alive():
                raise MatchmakerError(f"the worker stopped while {what}")
            if time.monotonic() > deadline:
                raise MatchmakerError(f"timed out after {timeout:.0f}s while {what}")
            time.sleep(0.5)


def _suggestions(settings: Settings, idle_ms: int = 3000) -> list[MatchSuggestion]:
    return [
        MatchSuggestion.model_validate_json(value)
        for _, value in read_topic(settings, settings.topics.suggestions, idle_ms=idle_ms)
        if value is not None and b'"retraction_id"' not in value  # retractions share the topic
    ]


def run_demo(scale: float = 1.0, horizon_topics: int = 40, serve: bool = False) -> int:
    """Run the demo; 0 when suggestions came out, the worker stayed healthy and cleanup succeeded.

    ``serve`` keeps everything running (the web app to click through) until Ctrl-C.
    """
    console = Console(soft_wrap=True)
    started = time.perf_counter()

    def stamp() -> str:
        return f"[dim]{time.perf_counter() - started:6.1f}s[/dim]"

    with contextlib.ExitStack() as stack:
        bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
        prefix = "ltc"
        if bootstrap:
            prefix = f"ltc-demo-{int(time.time())}"  # an existing cluster: stay out of the real topics
            console.print(f"{stamp()} using the Kafka cluster at {bootstrap}, topic prefix {prefix}")
        else:
            broker = stack.enter_context(Broker(port=None))
            bootstrap = broker.bootstrap
            console.print(f"{stamp()} Apache Kafka {KAFKA_VERSION} (KRaft) started at {bootstrap}")
        settings = Settings(
            bootstrap_servers=bootstrap, topic_prefix=prefix, app_id=f"ltc-matchmaker-{prefix}"
        )
        ensure_topics(settings)
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ltc-demo-")))
        logs = default_cache_dir() / "demo-logs" / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        logs.mkdir(parents=True, exist_ok=True)  # the logs outlive the demo: readable after it stops
        log_path = logs / "worker.log"
        worker = WorkerProcess(settings, log_path, loglevel="warning")
        worker.start()
        stack.callback(worker.stop)
        alive = worker.alive
        lag = stack.enter_context(LagMonitor(settings))
        console.print(f"{stamp()} worker started (pid {worker.pid}, log {log_path})")
        web = WebProcess(settings, logs / "web.log", demo_accounts(workdir / "accounts.toml"))
        web.start()
        stack.callback(web.stop)
        console.print(f"{stamp()} web app started at {web.url} (log {logs / 'web.log'})")

        today = dt.date.today()
        data = demo_data(today, scale=scale, horizon_topics=horizon_topics)
        members, calls, partner_searches, horizon = data
        opportunities = data.opportunities
        write_jsonl(members, workdir / "members.jsonl")
        write_jsonl(opportunities, workdir / "opportunities.jsonl")

        report = publish_jsonl(settings, settings.topics.members, workdir / "members.jsonl")
        clusters = len({c for m in members for c in m.clusters})
        console.print(f"{stamp()} published {report.sent} member profiles from {clusters} clusters")
        real = sum(m.member_id.startswith(REAL_PREFIX) for m in members)
        if real:
            console.print(
                f"{' ' * 8}{real} of them are real Lombardy organisations described by their own Horizon "
                f"Europe projects, in the clusters their texts suggest ({ATTRIBUTION})"
            )
        _wait(
            console,
            "the worker indexes member evidence",
            lambda: lag.lag([settings.topics.members]) == 0,
            alive,
            1800,
        )
        console.print(f"{stamp()} all profiles indexed")

        report = publish_jsonl(settings, settings.topics.opportunities, workdir / "opportunities.jsonl")
        published_at = time.perf_counter()
        console.print(
            f"{stamp()} published {report.sent} opportunities: {len(calls)} regional LTC calls, "
            f"{len(partner_searches)} member opportunities, {len(horizon)} open Horizon Europe topics"
        )
        first = next(read_topic(settings, settings.topics.suggestions, idle_ms=120_000), None)
        if first is None:
            raise MatchmakerError("no suggestion arrived within two minutes")
        console.print(f"{stamp()} first suggestion after {time.perf_counter() - published_at:.1f}s")
        _wait(
            console,
            "the worker scores opportunities",
            lambda: lag.lag([settings.topics.opportunities]) == 0,
            alive,
            600,
        )
        suggestions = _suggestions(settings)
        by_opportunity: dict[str, list[MatchSuggestion]] = defaultdict(list)
        for s in suggestions:
            by_opportunity[s.opportunity_id].append(s)
        console.print(f"{stamp()} {len(suggestions)} suggestions for {len(by_opportunity)} opportunities\n")

        for call in calls:  # a closed call, or one past its deadline, must get nothing
            state = "open" if call.is_open(today) else f"{call.status}, deadline {call.deadline}"
            if call.status == "open" and not call.is_open(today):
                state = f"past its deadline {call.deadline}"
            got = len(by_opportunity.get(call.opportunity_id, []))
            console.print(f"{stamp()} regional call {call.opportunity_id} ({state}): {got} suggestion(s)")
        open_ids = [o.opportunity_id for o in opportunities if o.is_open(today)]
        three = sum(len(by_opportunity.get(o, [])) >= 3 for o in open_ids)
        console.print(f"{stamp()} open opportunities with at least 3 suggestions: {three}/{len(open_ids)}\n")
        pairs = targeted_pairs(members)
        featured = (
            [c.opportunity_id for c in calls if c.is_open(today)][:1]
            + [o for o, _ in pairs[:3]]
            + [h.opportunity_id for h in horizon[:1]]
        )
        titles = {o.opportunity_id: o for o in opportunities}
        for opportunity_id in featured:
            opportunity = titles[opportunity_id]
            console.rule(
                f"{opportunity.title[:90]}  [dim]({opportunity.kind}, by {opportunity.published_by})[/dim]"
            )
            for s in sorted(by_opportunity.get(opportunity_id, []), key=lambda s: s.rank)[:3]:
                console.print(render_suggestion(s), highlight=False)
            console.print()

        hits = sum(
            1 for o, m in pairs if any(s.member_id == m and s.rank == 1 for s in by_opportunity.get(o, []))
        )
        console.print(
            f"{stamp()} targeted member opportunities with the intended member at rank 1: {hits}/{len(pairs)}"
        )

        _member_direction(console, settings, lag, partner_searches, workdir, alive, stamp)
        _dead_letter(console, settings, stamp)
        _web_logins(console, web, suggestions)
        ok = bool(suggestions) and alive()
        if serve and ok:
            console.print(f"{stamp()} everything keeps running; Ctrl-C stops it")
            with contextlib.suppress(KeyboardInterrupt):
                while alive():
                    time.sleep(1)
    console.print(f"{stamp()} stopped everything the demo started")
    return 0 if ok else 1


def _member_direction(
    console: Console,
    settings: Settings,
    lag: LagMonitor,
    opportunities: list[Opportunity],
    workdir: Path,
    alive: Callable[[], bool],
    stamp: Callable[[], str],
) -> None:
    """A start-up joins with evidence close to one partner search: it is suggested as a new member."""
    target = opportunities[0]
    newcomer = MemberProfile(
        member_id="demo-startup-0001",
        name="Nuova Startup Innovativa srl",
        clusters=["LE2C"],
        org_type="company",
        size="micro",
        ecosystems=list(target.ecosystems),
        competencies=[{"text": f"{target.title}. {target.description}"[:1500], "kind": "service"}],  # type: ignore[list-item]
        notify={"enabled": True, "min_score": 0.5},  # type: ignore[arg-type]
        updated_at="2026-11-01T09:00:00Z",  # type: ignore[arg-type]
    )
    write_jsonl([newcomer], workdir / "newcomer.jsonl")
    publish_jsonl(settings, settings.topics.members, workdir / "newcomer.jsonl")
    _wait(
        console,
        "the worker scores the new member",
        lambda: lag.lag([settings.topics.members]) == 0,
        alive,
        120,
    )
    mine = [s for s in _suggestions(settings) if s.member_id == newcomer.member_id]
    console.rule(f"a new member joins: {newcomer.name}")
    for s in mine[:3]:
        console.print(render_suggestion(s), highlight=False)
    console.print(f"{stamp()} new member suggested to {len(mine)} open opportunity(ies)\n")


def _dead_letter(console: Console, settings: Settings, stamp: Callable[[], str]) -> None:
    """A malformed profile goes to the dead-letter topic with its reason; the worker carries on."""
    bad = json.dumps(
        {"member_id": "broken-001", "name": "No evidence", "clusters": ["AFIL"], "org_type": "company"}
    )
    publish_raw(settings, settings.topics.members, [(b"broken-001", bad.encode())])
    letters = [json.loads(v) for _, v in read_topic(settings, settings.topics.deadletter, idle_ms=5000) if v]
    for letter in letters:
        where = f"{letter['topic']}[{letter['partition']}]@{letter['offset']}"
        console.print(f"{stamp()} dead letter from {where}: {letter['reason']}")


def _web_logins(console: Console, web: WebProcess, suggestions: list[MatchSuggestion]) -> None:
    """Where the web app is and a login for each role (managers: user and password; members: a link)."""
    console.rule("the web app")
    console.print(f"address: {web.url}")
    for username, (name, cluster, password) in DEMO_MANAGERS.items():
        role = "regional administrator" if cluster == "*" else f"cluster manager of {cluster}"
        console.print(f"  {role}: user [bold]{username}[/bold], password [bold]{password}[/bold] ({name})")
    if suggestions:
        best = max(suggestions, key=lambda s: s.score)
        console.print(f"  member {best.member_name} ({best.member_id}): {web.member_link(best.member_id)}")
    console.print("[dim]run `make demo DEMO_ARGS=--serve` to keep it running and click through[/dim]\n")
