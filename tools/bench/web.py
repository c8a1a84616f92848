"""Web benchmark: the opportunity page's render time and the web process's memory at 10,000 members.

``make bench-web``: 10,000 members, 500 opportunities with ten suggestions each (half with a ranking)
and a consortium, folded into a read model here and then read by a real ``matchmaker web`` from a broker.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import http.cookiejar
import os
import random
import statistics
import tempfile
import time
import urllib.parse
import urllib.request
import warnings
from pathlib import Path

from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic
from pydantic import SecretStr

from models.consortium import ConsortiumMember, ConsortiumSuggestion, NeedCoverage
from models.events import EvidenceMatch, Explanation, MatchSuggestion, Opportunity
from models.rankings import OpportunityRanking, RankedMember
from streams.kafka_config import admin_kwargs, producer_kwargs
from streams.settings import Settings
from streams.topics import ensure_topics
from tools.ltcdata import generate_members, member_opportunities, regional_calls
from tools.webapp import WebProcess, demo_accounts
from tools.workers import process_memory_mib
from web.accounts import Account, hash_password
from web.app import Web, create_app
from web.auth import LoginLimiter
from web.publisher import Publisher
from web.readmodel import ReadModel, WebTopics
from web.settings import WebSettings

__all__ = ["main"]

SCALE_PER_MEMBER = 50 / 31_654  # generate_members(scale=50) gives 31,654 members
_NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def _opportunities(n: int, members: list) -> list[Opportunity]:  # type: ignore[type-arg]
    base = [*regional_calls(), *member_opportunities(members, today=_NOW.date())]
    return [
        base[i % len(base)].model_copy(
            update={"opportunity_id": f"bench-{i:04d}", "published_by": "AFIL", "status": "open"}
        )
        for i in range(n)
    ]


def _suggestion(o: Opportunity, m, rank: int, rng: random.Random) -> MatchSuggestion:  # type: ignore[no-untyped-def]
    evidence = [
        EvidenceMatch(text=c.text, similarity=round(rng.uniform(0.4, 0.9), 3), kind=c.kind)
        for c in m.competencies[:3]
    ]
    return MatchSuggestion(
        suggestion_id=f"{o.opportunity_id}-{m.member_id}",
        opportunity_id=o.opportunity_id,
        opportunity_title=o.title,
        member_id=m.member_id,
        member_name=m.name,
        member_clusters=m.clusters,
        score=round(0.9 - rank * 0.03, 3),
        rank=rank,
        components={"affinity": 0.6, "complementarity": 0.05, "ecosystems": 0.02, "cross_cluster": 0.02},
        explanation=Explanation(
            evidence=evidence,
            shared_terms=["laser", "battery", "welding"],
            reasons={"en": f"It matches your product: “{evidence[0].text[:120]}”.", "it": "Corrisponde."},
        ),
        reason="new_opportunity",
        model="bench",
        created_at=_NOW,
    )


Record = tuple[str, bytes, bytes]


def records(t: WebTopics, members: int, opportunities: int, per: int = 10, seed: int = 7) -> list[Record]:
    """The data set as (topic, key, JSON value): what the follower would read."""
    rng = random.Random(seed)
    people = generate_members(scale=members * SCALE_PER_MEMBER * 1.1)[:members]
    offers = _opportunities(opportunities, people)
    out: list[Record] = []
    for m in people:
        out.append((t.members, m.member_id.encode(), m.model_dump_json().encode()))
    for i, o in enumerate(offers):
        out.append((t.opportunities, o.opportunity_id.encode(), o.model_dump_json().encode()))
        chosen = rng.sample(people, per)
        suggestions = [_suggestion(o, m, rank, rng) for rank, m in enumerate(chosen, start=1)]
        for s in suggestions:
            out.append((t.suggestions, o.opportunity_id.encode(), s.model_dump_json().encode()))
        if i % 2 == 0:
            ranking = OpportunityRanking(
                opportunity_id=o.opportunity_id,
                opportunity_title=o.title,
                opportunity_version=o.updated_at,
                status="open",
                entries=[
                    RankedMember(
                        member_id=s.member_id,
                        member_name=s.member_name,
                        member_clusters=s.member_clusters,
                        member_version=_NOW,
                        suggestion_id=s.suggestion_id,
                        score=s.score,
                        rank=s.rank,
                        reasons=s.explanation.reasons,
                    )
                    for s in suggestions
                ],
                model="bench",
                digest=o.opportunity_id,
                computed_at=_NOW,
            )
            out.append((t.rankings, o.opportunity_id.encode(), ranking.model_dump_json().encode()))
        team = [
            ConsortiumMember(
                member_id=m.member_id,
                member_name=m.name,
                org_type=m.org_type,
                sme=m.is_sme,
                clusters=m.clusters,
                role=m.org_type,
                gain=0.2,
                covers=[NeedCoverage(need=o.title, relevance=0.7, evidence=m.competencies[0].text)],
                contribution=f"Brings {m.competencies[0].text[:80]}",
            )
            for m in chosen[:4]
        ]
        consortium = ConsortiumSuggestion(
            consortium_id=o.opportunity_id,
            opportunity_id=o.opportunity_id,
            opportunity_title=o.title,
            members=team,
            needs=[o.title],
            coverage=0.7,
            constraints_met={"has_company": True, "has_research": True},
            model="bench",
            created_at=_NOW,
        )
        out.append((t.consortia, o.opportunity_id.encode(), consortium.model_dump_json().encode()))
    return out


def _timings(label: str, times: list[float]) -> None:
    times.sort()
    print(
        f"{label}: median {statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95)]:.1f} ms, "
        f"max {times[-1]:.1f} ms, {len(times)} requests"
    )


def in_process(data: list[Record], topics: WebTopics, requests: int) -> None:
    """Fold ``data`` into a read model here and request pages through the app in this process."""
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

    gc.collect()
    before = process_memory_mib(os.getpid())["VmRSS"]
    model = ReadModel(topics)
    started = time.perf_counter()
    for topic, key, value in data:
        model.apply(topic, key, value)
    seconds = time.perf_counter() - started
    gc.collect()
    after = process_memory_mib(os.getpid())["VmRSS"]
    print(
        f"in process: {len(model.members):,} members, {len(model.opportunities):,} opportunities, "
        f"{len(model.suggestions):,} suggestions, {len(model.rankings)} rankings; {len(data):,} records "
        f"folded in {seconds:.1f}s; the read model takes {after - before:.0f} MiB"
    )
    settings = Settings(topic_prefix="bench")
    ctx = Web(
        settings=settings,
        web=WebSettings(secret_key=SecretStr("bench")),
        model=model,
        publisher=Publisher(settings),  # never used: the bench only reads
        accounts={"afil": Account("afil", "AFIL", "AFIL", hash_password("bench", 1000))},
        limiter=LoginLimiter(100, 60),
    )
    ids = sorted(model.opportunities)
    with TestClient(create_app(ctx)) as client:
        token = client.get("/login").text.split('name="csrf" value="')[1].split('"')[0]
        client.post("/login", data={"username": "afil", "password": "bench", "csrf": token})
        for path in ("ranked (rankings topic)", "folded (suggestions topic)"):
            wanted = [i for i in ids if (i in model.rankings) == path.startswith("ranked")]
            times = []
            for n in range(requests):
                started = time.perf_counter()
                response = client.get(f"/opportunities/{wanted[n % len(wanted)]}")
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200 and 'li class="card suggestion"' in response.text
            _timings(f"  opportunity page, {path}", times)
        for page in ("/opportunities", "/members", "/cross-cluster"):
            started = time.perf_counter()
            assert client.get(page).status_code == 200
            print(f"  {page}: {(time.perf_counter() - started) * 1000:.0f} ms (one request)")


def web_process(data: list[Record], bootstrap: str, requests: int) -> None:
    """Publish ``data`` to a real broker, start ``matchmaker web`` on it, measure its memory and pages."""
    prefix = f"bench-web-{int(time.time())}"
    settings = Settings(bootstrap_servers=bootstrap, topic_prefix=prefix, app_id=f"bench-{prefix}")
    ensure_topics(settings)
    topics = WebTopics.for_prefix(prefix)
    renamed = [(topic.replace("bench.", f"{prefix}.", 1), key, value) for topic, key, value in data]
    admin = KafkaAdminClient(**admin_kwargs(settings, "kafka-python"))
    if topics.rankings not in admin.list_topics():  # the worker creates it (issue 13); here nobody else does
        admin.create_topics([NewTopic(topics.rankings, 4, 1, topic_configs={"cleanup.policy": "compact"})])
    admin.close()
    producer = KafkaProducer(**producer_kwargs(settings, "kafka-python", linger_ms=20))
    for topic, key, value in renamed:
        producer.send(topic, key=key, value=value)
    producer.flush()
    producer.close()
    work = Path(tempfile.mkdtemp(prefix="bench-web-"))
    web = WebProcess(settings, work / "web.log", demo_accounts(work / "accounts.toml", iterations=1000))
    started = time.perf_counter()
    web.start(timeout=600)
    try:
        assert web.process is not None
        print(
            f"matchmaker web process: read {len(renamed):,} records from the broker and was ready in "
            f"{time.perf_counter() - started:.1f}s; memory {process_memory_mib(web.process.pid)}"
        )
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{web.url}/login").read().decode()
        token = page.split('name="csrf" value="')[1].split('"')[0]
        form = urllib.parse.urlencode({"username": "afil", "password": "afil-demo", "csrf": token}).encode()
        opener.open(f"{web.url}/login", data=form).read()
        ids = sorted({key.decode() for topic, key, _ in renamed if topic == topics.opportunities})
        times = []
        for n in range(requests):
            started = time.perf_counter()
            body = opener.open(f"{web.url}/opportunities/{ids[n % len(ids)]}").read()
            times.append((time.perf_counter() - started) * 1000)
            assert b'li class="card suggestion"' in body
        _timings("  opportunity page over HTTP (uvicorn, incl. the network stack)", times)
        print(f"  memory after the requests: {process_memory_mib(web.process.pid)}")
    finally:
        web.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--opportunities", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    topics = WebTopics.for_prefix("bench")
    data = records(topics, args.members, args.opportunities)
    in_process(data, topics, args.requests)
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if bootstrap:
        web_process(data, bootstrap, args.requests)
    else:
        print("(KAFKA_BOOTSTRAP_SERVERS unset: the web process measurement needs a broker; `make bench-web`)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
