"""A whole worker at N members (default 100,000): ready time, RSS, texts re-embedded, top-k latency.

``python -m tools.with_broker -- python -m tools.bench.worker100k`` (``make bench-100k``): the members and
their stand-in vectors are preloaded as a worker leaves them, then a real worker (real models) starts;
results: docs/BENCHMARKS.md, "A whole worker at 100,000 members".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from kafka import KafkaProducer

from matcher.config import ScoringConfig
from matcher.embedding import CachedEncoder, MiniLMEncoder, MultilingualUSEEncoder
from matcher.scoring import MatchScorer
from models.events import MemberProfile, Opportunity
from streams.kafka_config import producer_kwargs
from streams.kafka_io import commit_to_end
from streams.settings import Settings
from streams.topics import ensure_topics
from tools.bench.index import MEMBERS_PER_SCALE, StandInEncoder, percentile_ms
from tools.bench.load import _fresh_opportunity
from tools.bench.runtime import EVERY_MEMBER, BenchError, TopicWatcher
from tools.broker import free_port
from tools.ltcdata import generate_members, load_horizon_topics
from tools.workers import WorkerProcess

__all__ = ["main", "run"]

RECOVERED = r"state recovered in ([\d.]+)s: (\d+) members, (\d+) open opportunities, (\d+) texts embedded"
REPLAYED = (
    r"replayed (\d+) records \((\d+) events\) in ([\d.]+)s; (\d+) cached vectors used, at most (\d+) held"
)
CHUNK = 64  # members per batch of vectors, as a worker publishes them (one batch's English, then USE)


def _key(event: MemberProfile | Opportunity) -> bytes:
    return (event.member_id if isinstance(event, MemberProfile) else event.opportunity_id).encode()


def _preload(settings: Settings, members: list[MemberProfile], opened: list[Opportunity]) -> dict[str, float]:
    """State records and stand-in vectors batch by batch as a worker left them."""
    english = StandInEncoder(MiniLMEncoder.name, 384, seed=1)
    multilingual = StandInEncoder(MultilingualUSEEncoder.name, 512, seed=2)
    router = MatchScorer(english, multilingual, settings.scoring)
    producer = KafkaProducer(**producer_kwargs(settings, "kafka-python", linger_ms=50))
    started, sent = time.perf_counter(), 0
    seen: set[tuple[str, str]] = set()
    try:
        for start in range(0, len(members), CHUNK):
            chunk = members[start : start + CHUNK]
            for member in chunk:
                producer.send(
                    settings.topics.members, key=_key(member), value=member.model_dump_json().encode()
                )
            for encoder, texts in zip((english, multilingual), router.texts_to_embed(chunk, []), strict=True):
                fresh = [t for t in texts if (encoder.name, t) not in seen]
                seen.update((encoder.name, t) for t in fresh)
                for text, vector in zip(fresh, encoder.encode(fresh), strict=True):
                    key = f"{encoder.name}:{CachedEncoder._key(text).hex()}".encode()
                    producer.send(settings.topics.embeddings, key=key, value=vector.astype("<f4").tobytes())
                    sent += 1
        for opportunity in opened:  # open opportunities: their texts were embedded before too
            producer.send(
                settings.topics.opportunities,
                key=_key(opportunity),
                value=opportunity.model_dump_json().encode(),
            )
            for encoder, texts in zip(
                (english, multilingual), router.texts_to_embed([], [opportunity]), strict=True
            ):
                for text, vector in zip(texts, encoder.encode(texts), strict=True):
                    key = f"{encoder.name}:{CachedEncoder._key(text).hex()}".encode()
                    producer.send(settings.topics.embeddings, key=key, value=vector.astype("<f4").tobytes())
                    sent += 1
        producer.flush()
    finally:
        producer.close()
    commit_to_end(settings, [settings.topics.members, settings.topics.opportunities])
    return {"vectors": sent, "seconds": time.perf_counter() - started}


def _model_ms(opportunities: list[Opportunity], config: ScoringConfig) -> list[float]:
    """Seconds the two real models alone take per opportunity (its texts, routed as the worker does)."""
    english = MiniLMEncoder(threads=config.model_threads)
    multilingual = MultilingualUSEEncoder(threads=config.model_threads)
    english.encode(["warm-up"])
    multilingual.encode(["riscaldamento"])
    router = MatchScorer(english, multilingual, config)
    out = []
    for opportunity in opportunities:
        en, ml = router.texts_to_embed([], [opportunity])
        started = time.perf_counter()
        if en:
            english.encode(en)
        multilingual.encode(ml)
        out.append(time.perf_counter() - started)
    return out


PHASES = {  # the worker's log line that ends each start-up phase
    "models loaded": r"models \S+ loaded in",
    "state topics read and decoded": r"reading state: \d+ records in",
    "members and opportunities replayed": r"replayed \d+ records",
}


class _RssByPhase(threading.Thread):
    """The worker's RSS when each start-up phase's log line appears, and its peak so far (MiB)."""

    def __init__(self, worker: WorkerProcess) -> None:
        super().__init__(name="rss-by-phase", daemon=True)
        self.worker = worker
        self.seen: dict[str, dict[str, float]] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.25) and len(self.seen) < len(PHASES):
            try:
                memory, text = self.worker.memory(), self.worker.log_text()
            except OSError:
                continue
            for phase, pattern in PHASES.items():
                if phase not in self.seen and re.search(pattern, text):
                    self.seen[phase] = memory


def _logged(worker: WorkerProcess, pattern: str) -> re.Match[str] | None:
    return re.search(pattern, worker.log_text())


def run(members: int, fresh: int, rate: float, timeout: float, echo=print) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Preload ``members``, start a real worker, time it ready, then ``fresh`` opportunities at ``rate``/s."""
    run_id = uuid.uuid4().hex[:6]
    prefix = f"bench100k-{run_id}"
    settings = Settings(topic_prefix=prefix, app_id=f"matchmaker-{prefix}")
    ensure_topics(settings)
    out: dict[str, object] = {"load_before": os.getloadavg(), "cpus": os.cpu_count()}
    echo(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs")
    started = time.perf_counter()
    population = generate_members(seed=7, scale=members / MEMBERS_PER_SCALE)[:members]
    topics = [o for o in load_horizon_topics() if o.is_open(dt.date.today()) or o.deadline is None]
    topics = topics or load_horizon_topics()
    pool = [topics[i % len(topics)] for i in range(20 + 1 + fresh)]
    opened = [_fresh_opportunity(o, f"{run_id}-open-{i}") for i, o in enumerate(pool[:20])]
    probe = _fresh_opportunity(pool[20], f"{run_id}-probe")
    timed = [_fresh_opportunity(o, f"{run_id}-low-{i}") for i, o in enumerate(pool[21:])]
    evidence = sum(len(m.competencies) for m in population)
    echo(
        f"generated {len(population)} members ({evidence} competencies) "
        f"in {time.perf_counter() - started:.1f}s"
    )
    preload = _preload(settings, population, opened)
    echo(
        f"preloaded them, 20 open opportunities and {preload['vectors']:.0f} stand-in vectors "
        f"in {preload['seconds']:.1f}s"
    )
    out.update(members=len(population), competencies=evidence, vectors=preload["vectors"])
    del population

    log_path = Path(tempfile.gettempdir()) / f"matchmaker-bench100k-{run_id}.log"
    worker = WorkerProcess(settings, log_path, env=EVERY_MEMBER, metrics_port=free_port())
    try:
        with TopicWatcher(settings) as watcher:
            started = time.perf_counter()
            worker.start()
            phases = _RssByPhase(worker)
            phases.start()
            producer = KafkaProducer(**producer_kwargs(settings, "kafka-python", linger_ms=0))
            producer.send(
                settings.topics.opportunities, key=_key(probe), value=probe.model_dump_json().encode()
            )
            producer.flush()
            watcher.wait_for({probe.opportunity_id}, set(), worker, timeout)
            ready_s = time.perf_counter() - started
            rss_ready = worker.memory()
            phases.stop.set()
            for phase, memory in phases.seen.items():
                echo(f"  RSS when {phase}: {memory['VmRSS']:.0f} MiB (peak so far {memory['VmHWM']:.0f})")
            recovered, replayed = _logged(worker, RECOVERED), _logged(worker, REPLAYED)
            models = _logged(worker, r"models \S+ loaded in ([\d.]+)s")
            if recovered is None or replayed is None:
                raise BenchError(f"the worker logged no recovery line:\n{worker.log_tail()}")
            echo(
                f"worker ready (models, {recovered[2]} members and {recovered[3]} open opportunities "
                f"recovered, first suggestion) in {ready_s:.1f}s; models {models[1] if models else '?'}s, "
                f"state {recovered[1]}s; {recovered[4]} texts embedded during replay; {replayed[4]} cached "
                f"vectors used, at most {replayed[5]} held at once; RSS {rss_ready['VmRSS']:.0f} MiB "
                f"(peak so far {rss_ready['VmHWM']:.0f})"
            )
            sent: dict[str, float] = {}
            for opportunity in timed:
                tick = time.perf_counter()
                producer.send(
                    settings.topics.opportunities,
                    key=_key(opportunity),
                    value=opportunity.model_dump_json().encode(),
                )
                producer.flush()
                sent[opportunity.opportunity_id] = tick
                time.sleep(max(0.0, 1.0 / rate - (time.perf_counter() - tick)))
            producer.close()
            watcher.wait_for(set(sent), set(), worker, timeout)
            latency = [watcher.first_suggestion[o] - t for o, t in sent.items()]
            rss_end = worker.memory()
    finally:
        worker.stop()
    figures = {p: percentile_ms(latency, q) for p, q in (("p50", 50), ("p95", 95), ("p99", 99))}
    echo(
        f"fresh opportunity -> first suggestion at {rate}/s ({len(latency)}): "
        + ", ".join(f"{p} {v:.0f} ms" for p, v in figures.items())
    )
    model_s = _model_ms(timed, settings.scoring)
    alone = {"p50": percentile_ms(model_s, 50), "p99": percentile_ms(model_s, 99)}
    echo(f"the two models alone on those opportunities: p50 {alone['p50']:.0f} ms, p99 {alone['p99']:.0f} ms")
    rss = {"ready": rss_ready["VmRSS"], "end": rss_end["VmRSS"], "peak": rss_end["VmHWM"]}
    echo(
        f"worker RSS: {rss['ready']:.0f} MiB ready, "
        f"{rss['end']:.0f} MiB at the end, peak {rss['peak']:.0f} MiB"
    )
    out.update(
        ready_s=ready_s,
        models_s=float(models[1]) if models else None,
        state_s=float(recovered[1]),
        recovered_members=int(recovered[2]),
        texts_embedded_at_restart=int(recovered[4]),
        replayed_records=int(replayed[1]),
        vectors_used=int(replayed[4]),
        vectors_held_at_most=int(replayed[5]),
        rss_mib=rss,
        rss_by_phase_mib={phase: m["VmRSS"] for phase, m in phases.seen.items()},
        latency_ms={**figures, "events": len(latency), "rate_per_s": rate},
        latencies_ms=[round(x * 1000, 1) for x in latency],
        models_alone_ms=alone,
        load_after=os.getloadavg(),
        log=str(log_path),
    )
    echo(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--fresh", type=int, default=30, help="fresh opportunities timed after ready")
    parser.add_argument("--rate", type=float, default=1.0, help="fresh opportunities per second")
    parser.add_argument("--timeout", type=float, default=1200.0, help="seconds a phase may take")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    if not os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        print("set KAFKA_BOOTSTRAP_SERVERS, or run `make bench-100k` (it starts a broker)", file=sys.stderr)
        return 2
    result = run(args.members, args.fresh, args.rate, args.timeout)
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["texts_embedded_at_restart"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
