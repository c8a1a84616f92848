"""``matchmaker bench``: encoder ceiling, pipeline throughput, naive baseline, latency and index scale.

Run by ``make bench`` (``matchmaker bench`` under :mod:`tools.with_broker`); the four steps of one
run: docs/TOOLS.md; results: docs/BENCHMARKS.md.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

from matcher.embedding import MiniLMEncoder, MultilingualUSEEncoder
from models.events import MemberProfile, Opportunity
from streams.kafka_config import admin_kwargs, producer_kwargs
from streams.kafka_io import commit_to_end, publish_raw
from streams.settings import Settings
from streams.topics import ensure_topics
from tools.bench.index import percentile_ms
from tools.bench.load import BenchData, NaiveBaseline, encoder_ceiling, make_data, stand_in_records
from tools.bench.runtime import EVERY_MEMBER, BenchError, TopicWatcher
from tools.bench.trace import trace_report
from tools.broker import free_port
from tools.paths import ROOT
from tools.workers import WorkerProcess

__all__ = ["QUICK", "BenchOptions", "run_bench"]

Echo = Callable[[str], None]


@dataclasses.dataclass(frozen=True)
class BenchOptions:
    """Sizes of one run (the defaults are the full benchmark of docs/BENCHMARKS.md)."""

    members: int = 10_000
    open_opportunities: int = 20
    fresh: int = 40
    updates: int = 60
    low_load: int = 30
    low_rate: float = 1.0
    naive_events: int = 15
    index_sizes: tuple[int, ...] = (1_000, 10_000, 100_000)
    index_queries: int = 100
    pipeline: bool = True
    phase_timeout_s: float = 900.0


QUICK = BenchOptions(
    members=200,
    open_opportunities=3,
    fresh=4,
    updates=5,
    low_load=3,
    low_rate=2.0,
    naive_events=2,
    index_sizes=(150, 400),
    index_queries=5,
)


def _records(events: list[MemberProfile] | list[Opportunity]) -> list[tuple[bytes | None, bytes | None]]:
    return [
        (
            (e.member_id if isinstance(e, MemberProfile) else e.opportunity_id).encode(),
            e.model_dump_json().encode(),
        )
        for e in events
    ]


def _new_keys(data: BenchData, events: list[MemberProfile], known: set[str], settings: Settings) -> set[str]:
    """Embedding-topic keys the worker must publish for these profiles (texts it has not seen)."""
    records = stand_in_records(settings.scoring, events, [])
    return {k.decode() for k, _ in records if k is not None} - known


def _naive_topic(settings: Settings) -> str:
    """The baseline's own output topic (created here: the broker may not auto-create topics)."""
    topic = f"{settings.topic_prefix}.naive-suggestions"
    admin = KafkaAdminClient(**admin_kwargs(settings, "kafka-python"))
    try:
        with contextlib.suppress(TopicAlreadyExistsError):
            admin.create_topics([NewTopic(topic, settings.topic_partitions, settings.replication_factor)])
    finally:
        admin.close()
    return topic


def _naive_rate(naive: NaiveBaseline, events: list, settings: Settings, topic: str) -> float:  # type: ignore[type-arg]
    producer = KafkaProducer(**producer_kwargs(settings, "kafka-python"))
    try:
        started = time.perf_counter()
        for event in events:
            for opportunity_id, member_id, score in naive.handle(event):
                producer.send(
                    topic, key=opportunity_id.encode(), value=json.dumps([member_id, score]).encode()
                )
            producer.flush()
        return len(events) / (time.perf_counter() - started)
    finally:
        producer.close()


def _applied(worker: WorkerProcess) -> int:
    value = worker.gauge("matchmaker_records_applied")
    if value is None:
        raise BenchError(f"the worker serves no metrics:\n{worker.log_tail()}")
    return int(value)


def _wait_applied(worker: WorkerProcess, target: int, timeout: float) -> float:
    """When the worker's count of applied state records reached ``target`` (polled every 20 ms)."""
    deadline = time.monotonic() + timeout
    while _applied(worker) < target:
        if not worker.alive() or time.monotonic() > deadline:
            raise BenchError(f"the worker did not apply {target} records:\n{worker.log_tail()}")
        time.sleep(0.02)
    return time.perf_counter()


def _pcts(figures: dict[str, float]) -> str:
    return ", ".join(f"{p} {figures[f'{p}_ms']:.0f} ms" for p in ("p50", "p95", "p99"))


def _index_bench(options: BenchOptions, echo: Echo) -> list[dict[str, object]]:
    rows = []
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    for size in options.index_sizes:
        command = [
            sys.executable,
            "-m",
            "tools.bench.index",
            "--members",
            str(size),
            "--queries",
            str(options.index_queries),
        ]
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BenchError(f"index benchmark for {size} members failed:\n{done.stderr[-2000:]}")
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        echo(
            f"index {row['members']:>7} members / {row['evidence_rows']} rows: "
            f"exact p50 {row['exact_p50_ms']} ms p99 {row['exact_p99_ms']} ms | "
            f"approximate p50 {row['approx_p50_ms']} ms p99 {row['approx_p99_ms']} ms, "
            f"recall@10 {row['recall_at_10']} ({row['recall_at_10_ties']} counting ties) | matrix "
            f"{row['matrix_mib']} MiB, ANN {row['ann_mib']} MiB, process RSS {row['rss_with_ann_mib']} MiB"
        )
    return rows


def _pipeline(settings: Settings, options: BenchOptions, echo: Echo) -> dict[str, object]:
    run = uuid.uuid4().hex[:6]
    prefix = f"{settings.topic_prefix}-bench-{run}"  # fresh topics and group: nothing else is touched
    settings = settings.model_copy(update={"topic_prefix": prefix, "app_id": f"matchmaker-{prefix}"})
    data = make_data(
        options.members, options.open_opportunities, options.fresh, options.low_load, options.updates, run
    )
    ensure_topics(settings)
    vectors = stand_in_records(settings.scoring, data.members, data.open_opportunities)
    known = {k.decode() for k, _ in vectors if k is not None}
    publish_raw(settings, settings.topics.embeddings, vectors)
    publish_raw(settings, settings.topics.members, _records(data.members))
    publish_raw(settings, settings.topics.opportunities, _records(data.open_opportunities))
    commit_to_end(settings, [settings.topics.members, settings.topics.opportunities])
    echo(
        f"preloaded {len(data.members)} members, {len(data.open_opportunities)} open opportunities, "
        f"{len(vectors)} stand-in vectors"
    )
    out: dict[str, object] = {"members": len(data.members), "run": run}

    cfg = settings.scoring
    models = (MiniLMEncoder(threads=cfg.model_threads), MultilingualUSEEncoder(threads=cfg.model_threads))
    sets = {"opportunities": ([], data.fresh_opportunities), "profiles": (data.fresh_profiles, [])}
    ceiling = {name: encoder_ceiling(models, cfg, *events) for name, events in sets.items()}
    for name, c in ceiling.items():
        echo(
            f"encoder ceiling, fresh {name}: {c['events'] / c['seconds']:.2f} events/s "
            f"({c['english_texts']} MiniLM + {c['multilingual_texts']} USE texts: {c['serial_s']:.2f}s "
            f"one model after the other, {c['side_by_side_s']:.2f}s side by side)"
        )
    # the profiles and the update mix meet the open opportunities the worker holds by then (the
    # preloaded ones and the fresh burst), not only the preloaded ones as in runs 1-7
    naive = NaiveBaseline(models, cfg, data.members, data.open_opportunities + data.fresh_opportunities)
    k, topic = options.naive_events, _naive_topic(settings)
    naive_rates = {
        "opportunities": _naive_rate(naive, data.fresh_opportunities[:k], settings, topic),
        "profiles": _naive_rate(naive, data.fresh_profiles[:k], settings, topic),
        "update_mix": _naive_rate(naive, data.update_mix[:k], settings, topic),
    }
    del naive
    echo("naive baseline (events/s): " + ", ".join(f"{n} {r:.2f}" for n, r in naive_rates.items()))

    log_path = Path(tempfile.gettempdir()) / f"matchmaker-bench-{run}.log"
    worker = WorkerProcess(
        settings,
        log_path,
        env={**EVERY_MEMBER, "MATCHMAKER_TRACE": "true"},  # stage times: run 10
        metrics_port=free_port(),
    )
    try:
        with TopicWatcher(settings) as watcher:
            started = time.perf_counter()
            worker.start()
            probe = data.low_load_opportunities[0].model_copy(update={"opportunity_id": f"bench-{run}-probe"})
            publish_raw(settings, settings.topics.opportunities, _records([probe]))
            watcher.wait_for({probe.opportunity_id}, set(), worker, options.phase_timeout_s)
            ready_s = time.perf_counter() - started
            rss_ready = worker.memory()
            echo(
                f"worker ready (models, {len(data.members)} members recovered, first suggestion) "
                f"in {ready_s:.1f}s; RSS {rss_ready['VmRSS']:.0f} MiB"
            )

            def burst(name: str, events: list, opps: set[str], keys: set[str]) -> dict[str, float]:  # type: ignore[type-arg]
                applied = _applied(worker)
                t0 = time.perf_counter()
                publish_raw(
                    settings,
                    settings.topics.members if keys else settings.topics.opportunities,
                    _records(events),
                )
                t_out = watcher.wait_for(opps, keys, worker, options.phase_timeout_s)
                t1 = max(t_out, _wait_applied(worker, applied + len(events), options.phase_timeout_s))
                rate = len(events) / (t1 - t0)
                result = {
                    "events": len(events),
                    "seconds": t1 - t0,
                    "events_per_s": rate,
                    "outputs_seen_s": t_out - t0,  # runs 1-7 stopped here (for profiles: vectors published)
                }
                if opps:
                    lat = [watcher.first_suggestion[o] - t0 for o in opps]
                    result.update(
                        p50_ms=percentile_ms(lat, 50),
                        p95_ms=percentile_ms(lat, 95),
                        p99_ms=percentile_ms(lat, 99),
                    )
                echo(f"pipeline, {name}: {len(events)} events in {t1 - t0:.1f}s = {rate:.2f} events/s")
                return result

            fresh_opps = burst(
                "fresh opportunities",
                data.fresh_opportunities,
                {o.opportunity_id for o in data.fresh_opportunities},
                set(),
            )
            fresh_profiles = burst(
                "fresh profiles",
                data.fresh_profiles,
                set(),
                _new_keys(data, data.fresh_profiles, known, settings),
            )
            mix = burst(
                "update mix", data.update_mix, set(), _new_keys(data, data.update_mix, known, settings)
            )

            producer = KafkaProducer(**producer_kwargs(settings, "kafka-python", linger_ms=0))
            sent: dict[str, float] = {}
            for opportunity in data.low_load_opportunities[1:]:
                tick = time.perf_counter()
                producer.send(
                    settings.topics.opportunities,
                    key=opportunity.opportunity_id.encode(),
                    value=opportunity.model_dump_json().encode(),
                )
                producer.flush()
                sent[opportunity.opportunity_id] = tick
                time.sleep(max(0.0, 1.0 / options.low_rate - (time.perf_counter() - tick)))
            producer.close()
            watcher.wait_for(set(sent), set(), worker, options.phase_timeout_s)
            low = [watcher.first_suggestion[o] - t for o, t in sent.items()]
            wall = time.time() - time.perf_counter()  # the worker's trace lines carry unix times
            traced = trace_report(
                worker.log_text(),
                settings.topics.opportunities,
                {o: t + wall for o, t in sent.items()},
                {o: watcher.first_suggestion[o] + wall for o in sent},
            )
            low_load: dict[str, Any] = {
                "events": len(low),
                "rate_per_s": options.low_rate,
                "p50_ms": percentile_ms(low, 50),
                "p95_ms": percentile_ms(low, 95),
                "p99_ms": percentile_ms(low, 99),
            }
            echo(f"latency at {options.low_rate}/s ({len(low)} opportunities): {_pcts(low_load)}")
            echo(f"  median per stage (ms, from the stage before): {traced['median_ms']}")
            for key, split in traced["slowest"].items():
                echo(f"  slow {key}: {split}; model thread meanwhile: {traced['waits'][key]}")
            low_load["trace"] = traced
            echo(f"latency at saturation ({len(data.fresh_opportunities)} at once): {_pcts(fresh_opps)}")
            rss_end = worker.memory()
            suggestions = watcher.suggestions
    finally:
        worker.stop()
    for name, events in sets.items():  # again after the worker: the machine's load drifts
        again = encoder_ceiling(models, cfg, *events)
        echo(
            f"encoder ceiling again, fresh {name}: {again['events'] / again['seconds']:.2f} events/s "
            f"({again['serial_s']:.2f}s one after the other, {again['side_by_side_s']:.2f}s side by side)"
        )
        ceiling[name]["seconds_after"] = again["seconds"]
        ceiling[name]["serial_s_after"] = again["serial_s"]
        ceiling[name]["side_by_side_s_after"] = again["side_by_side_s"]
        ceiling[name]["seconds"] = (ceiling[name]["seconds"] + again["seconds"]) / 2
    ratios = {
        "opportunities_vs_ceiling": fresh_opps["events_per_s"]
        / (ceiling["opportunities"]["events"] / ceiling["opportunities"]["seconds"]),
        "profiles_vs_ceiling": fresh_profiles["events_per_s"]
        / (ceiling["profiles"]["events"] / ceiling["profiles"]["seconds"]),
        "opportunities_vs_naive": fresh_opps["events_per_s"] / naive_rates["opportunities"],
        "profiles_vs_naive": fresh_profiles["events_per_s"] / naive_rates["profiles"],
        "update_mix_vs_naive": mix["events_per_s"] / naive_rates["update_mix"],
    }
    echo("ratios: " + ", ".join(f"{n} {r:.2f}" for n, r in ratios.items()))
    echo(
        f"worker RSS: {rss_ready['VmRSS']:.0f} MiB ready, {rss_end['VmRSS']:.0f} MiB at the end, "
        f"peak {rss_end['VmHWM']:.0f} MiB"
    )
    out.update(
        ceiling=ceiling,
        naive=naive_rates,
        fresh_opportunities=fresh_opps,
        fresh_profiles=fresh_profiles,
        update_mix=mix,
        low_load=low_load,
        ratios=ratios,
        suggestions=suggestions,
        worker_ready_s=ready_s,
        worker_rss_mib={"ready": rss_ready["VmRSS"], "end": rss_end["VmRSS"], "peak": rss_end["VmHWM"]},
    )
    return out


def run_bench(settings: Settings, options: BenchOptions, echo: Echo = print) -> dict[str, object]:
    """Run every part of the benchmark; returns (and echoes) every figure."""
    result: dict[str, object] = {"load_before": os.getloadavg(), "options": dataclasses.asdict(options)}
    echo(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs")
    if options.pipeline:
        result["pipeline"] = _pipeline(settings, options, echo)
    result["index"] = _index_bench(options, echo)
    result["load_after"] = os.getloadavg()
    echo(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return result
