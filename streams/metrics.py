"""Prometheus metrics of one worker: its state, what it emitted, and how far its follower lags.

Off unless ``MATCHMAKER_METRICS_PORT`` is set; with several workers on one host give each its own
port. Every gauge reads live objects when scraped, so nothing on the hot path updates metrics.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Gauge, start_http_server

from streams.processors.current import CurrentStateProcessor
from streams.runtime import Runtime
from streams.service import MatchService

__all__ = ["serve_metrics", "worker_registry"]


def _misses(service: MatchService) -> int:
    scorer = service.matchmaker.scorer
    return sum(getattr(encoder, "misses", 0) for encoder in (scorer.english, scorer.multilingual))


def worker_registry(runtime: Runtime) -> CollectorRegistry:
    """A registry whose gauges read the runtime's service, follower and emitter at scrape time."""
    service, follower, emitter = runtime.service, runtime.follower, runtime.emitter
    current = [p for p in runtime.processors if isinstance(p, CurrentStateProcessor)]
    registry = CollectorRegistry()
    gauges = {
        "matchmaker_members": ("Members in this worker's index", lambda: len(service.matchmaker.members)),
        "matchmaker_open_opportunities": (
            "Open opportunities this worker scores against",
            lambda: len(service.matchmaker.opportunities),
        ),
        "matchmaker_records_applied": (
            "State records applied (replay and follower)",
            lambda: service.processed,
        ),
        "matchmaker_dead_lettered": ("Records that became dead letters", lambda: service.dead_lettered),
        "matchmaker_texts_embedded": ("Texts this worker ran through a model", lambda: _misses(service)),
        "matchmaker_follower_lag": (
            "State records not yet applied by this worker's follower",
            lambda: follower.lag,
        ),
        "matchmaker_outcomes_pending": (
            "Applied records whose outcome no owner has emitted yet",
            follower.outcomes.pending,
        ),
        "matchmaker_suggestions_sent": ("Suggestions this worker emitted", lambda: emitter.suggestions_sent),
        "matchmaker_owned_partitions": ("State partitions this worker owns", lambda: len(emitter.owned())),
        "matchmaker_current_values_sent": (
            "Rankings and teams (or their tombstones) this worker published because they changed",
            lambda: sum(p.published for p in current),
        ),
        "matchmaker_retractions_sent": (
            "Suggestion retractions this worker published",
            lambda: sum(p.retracted for p in current),
        ),
        "matchmaker_foreign_texts_embedded": (
            "Texts of other workers' partitions embedded here because no vector arrived in time",
            lambda: follower.self_embedded_foreign,
        ),
    }
    for name, (documentation, read) in gauges.items():
        Gauge(name, documentation, registry=registry).set_function(read)
    return registry


def serve_metrics(registry: CollectorRegistry, host: str, port: int) -> None:
    """Serve ``/metrics`` from a daemon thread."""
    start_http_server(port, addr=host, registry=registry)
