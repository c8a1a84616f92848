"""Starting a worker: topics, models warmed up, state replayed, then matching and the processors."""

from __future__ import annotations

import logging
import time

from threadpoolctl import threadpool_limits

from matcher.engine import Matchmaker
from matcher.factory import default_scorer
from streams.service import MatchService
from streams.settings import Settings

__all__ = ["build_service", "run_worker"]

log = logging.getLogger(__name__)


def build_service(settings: Settings) -> MatchService:
    """The matchmaking service with the default (real) models, warmed up.

    numpy's BLAS gets ``model_threads`` threads for the whole process: the matcher's products are
    small, and two BLAS threads on two busy cores made them 5-8x slower (docs/BENCHMARKS.md, run 10).
    """
    threadpool_limits(limits=settings.scoring.model_threads, user_api="blas")
    scorer = default_scorer(settings.scoring, track_fresh=True)
    started = time.perf_counter()
    scorer.english.encode(["warm-up"])
    if scorer.multilingual is not None:
        scorer.multilingual.encode(["riscaldamento"])
    log.info("models %s loaded in %.1fs", scorer.model_name, time.perf_counter() - started)
    return MatchService(Matchmaker(scorer), settings.topics, settings.max_event_bytes)


def _misses(service: MatchService) -> int:
    scorer = service.matchmaker.scorer
    return sum(getattr(encoder, "misses", 0) for encoder in (scorer.english, scorer.multilingual))


def run_worker(settings: Settings, loglevel: str = "warning") -> None:
    """Block running one worker of the consumer group until SIGINT/SIGTERM."""
    import faust

    from streams.app import create_app
    from streams.metrics import serve_metrics, worker_registry
    from streams.replay import replay_state
    from streams.runtime import build_runtime
    from streams.topics import ensure_topics

    ensure_topics(settings)
    service = build_service(settings)
    started = time.perf_counter()
    misses = _misses(service)
    replayed = replay_state(settings, service, [settings.topics.members, settings.topics.opportunities])
    log.info(
        "state recovered in %.1fs: %d members, %d open opportunities, %d texts embedded during replay",
        time.perf_counter() - started,
        len(service.matchmaker.members),
        len(service.matchmaker.opportunities),
        _misses(service) - misses,
    )
    runtime = build_runtime(settings, service, replayed.positions, replayed.embeddings)
    app = create_app(runtime)
    if settings.metrics_port is not None:
        registry = worker_registry(runtime)
        serve_metrics(registry, settings.metrics_host, settings.metrics_port)
        log.info("metrics on http://%s:%d/metrics", settings.metrics_host, settings.metrics_port)
    log.info("worker joining group %s at %s", settings.app_id, settings.bootstrap_servers)
    faust.Worker(app, loglevel=loglevel, quiet=True).execute_from_commandline()
