"""Web benchmark: the opportunity page's render time and the read model's memory at 10,000 members.

``python -m tools.bench.web`` (``make bench-web``): members, opportunities, ten suggestions each (half
also with a current ranking), a consortium and answers are folded into a :class:`ReadModel` through
``apply`` (the follower's path, JSON bytes in); then the page is requested through the whole app.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import statistics
import time
import warnings

from pydantic import SecretStr

from models.consortium import ConsortiumMember, ConsortiumSuggestion, NeedCoverage
from models.events import EvidenceMatch, Explanation, MatchSuggestion, Opportunity
from models.rankings import OpportunityRanking, RankedMember
from streams.settings import Settings
from tools.ltcdata import generate_members, member_opportunities, regional_calls
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


def load(model: ReadModel, members: int, opportunities: int, per: int = 10, seed: int = 7) -> float:
    """Fold the data set into ``model`` through ``apply``; seconds taken."""
    rng = random.Random(seed)
    people = generate_members(scale=members * SCALE_PER_MEMBER * 1.1)[:members]
    offers = _opportunities(opportunities, people)
    t = model.topics
    started = time.perf_counter()
    for m in people:
        model.apply(t.members, m.member_id.encode(), m.model_dump_json().encode())
    for i, o in enumerate(offers):
        model.apply(t.opportunities, o.opportunity_id.encode(), o.model_dump_json().encode())
        chosen = rng.sample(people, per)
        suggestions = [_suggestion(o, m, rank, rng) for rank, m in enumerate(chosen, start=1)]
        for s in suggestions:
            model.apply(t.suggestions, o.opportunity_id.encode(), s.model_dump_json().encode())
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
            model.apply(t.rankings, o.opportunity_id.encode(), ranking.model_dump_json().encode())
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
        model.apply(t.consortia, o.opportunity_id.encode(), consortium.model_dump_json().encode())
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--opportunities", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

    gc.collect()
    before = process_memory_mib(os.getpid())["VmRSS"]
    model = ReadModel(WebTopics.for_prefix("bench"))
    seconds = load(model, args.members, args.opportunities)
    gc.collect()
    after = process_memory_mib(os.getpid())
    print(
        f"read model: {len(model.members):,} members, {len(model.opportunities):,} opportunities, "
        f"{len(model.suggestions):,} suggestions, {len(model.rankings)} rankings, "
        f"{model.counts.applied:,} records folded in {seconds:.1f}s ({model.counts.applied / seconds:,.0f}/s)"
    )
    print(
        f"memory: RSS {after['VmRSS']:.0f} MiB (read model {after['VmRSS'] - before:.0f} MiB), "
        f"peak {after['VmHWM']:.0f} MiB"
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
            for n in range(args.requests):
                started = time.perf_counter()
                response = client.get(f"/opportunities/{wanted[n % len(wanted)]}")
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200 and 'li class="card suggestion"' in response.text
            times.sort()
            print(
                f"opportunity page, {path}: median {statistics.median(times):.1f} ms, "
                f"p95 {times[int(len(times) * 0.95)]:.1f} ms, max {times[-1]:.1f} ms, {len(times)} requests"
            )
        for page in ("/opportunities", "/members", "/cross-cluster"):
            started = time.perf_counter()
            assert client.get(page).status_code == 200
            print(f"{page}: {(time.perf_counter() - started) * 1000:.0f} ms (one request)")
    print(f"memory after the requests: RSS {process_memory_mib(os.getpid())['VmRSS']:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
