"""Stage timestamps of each state record, for explaining latency (``MATCHMAKER_TRACE=true``).

One log line per record and stage, ``trace <stage> <topic>:<key> <unix time>``, and one per job of the
model thread; ``tools.bench.pipeline`` reads them back (docs/BENCHMARKS.md, run 10).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

__all__ = ["job", "stage"]

log = logging.getLogger("streams.trace")


def stage(name: str, records: Iterable[tuple[str, bytes | None]], at: float | None = None) -> None:
    """Log that the records ``(topic, key)`` reached stage ``name`` (now, or at ``at``)."""
    when = time.time() if at is None else at
    for topic, key in records:
        shown = key.decode("utf-8", "replace") if key else "-"
        log.info("trace %s %s:%s %.4f", name, topic, shown, when)


def job(name: str, urgent: bool, queued: float, started: float, finished: float) -> None:
    """Log one job of the model thread: when it was queued, started and finished (unix times)."""
    kind = "urgent" if urgent else "background"
    log.info("trace job %s %s %.4f %.4f %.4f", kind, name, queued, started, finished)
