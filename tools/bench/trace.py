"""Where an opportunity's latency goes: the worker's ``trace`` lines (``MATCHMAKER_TRACE``) per stage.

:func:`trace_report` splits each event's time from send to first suggestion into the stages of
:mod:`streams.trace`, and names the model thread's jobs that ran while the slowest events waited.
"""

from __future__ import annotations

import re
import statistics
from typing import Any

__all__ = ["STAGES", "trace_report"]

#: Stages in pipeline order (the bench adds ``send`` before and ``seen`` after the worker's).
STAGES = ("send", "fetched", "embedded", "apply", "applied", "claimed", "sent", "seen")
_STAGE = re.compile(r"trace (\w+) ([^:\s]+):(\S+) (\d+\.\d+)")
_JOB = re.compile(r"trace job (urgent|background) (\S+) (\d+\.\d+) (\d+\.\d+) (\d+\.\d+)")


def _parse(log_text: str, topic: str) -> tuple[dict[str, dict[str, list[float]]], list[tuple[str, ...]]]:
    stages: dict[str, dict[str, list[float]]] = {}
    jobs: list[tuple[str, ...]] = []
    for line in log_text.splitlines():
        if (job := _JOB.search(line)) is not None:
            jobs.append(job.groups())
        elif (found := _STAGE.search(line)) is not None and found.group(2) == topic:
            name, _, key, when = found.groups()
            stages.setdefault(key, {}).setdefault(name, []).append(float(when))
    return stages, jobs


def trace_report(
    log_text: str, topic: str, sent: dict[str, float], seen: dict[str, float], slowest: int = 3
) -> dict[str, Any]:
    """Per stage, the median and the slowest events' milliseconds; ``sent``/``seen``: unix times by key.

    A stage's time is from the previous stage the event reached (``embedded`` is absent where another
    worker owned the partition); ``waits`` names the model-thread jobs that ran between an event's
    ``embedded`` (or ``fetched``) and its ``apply``.
    """
    stages, jobs = _parse(log_text, topic)
    events: dict[str, dict[str, float]] = {}
    for key, t_sent in sent.items():
        if key not in seen:
            continue
        marks = {"send": t_sent, "seen": seen[key]}
        for name, times in stages.get(key, {}).items():
            after = [t for t in times if t >= t_sent - 0.5]  # clocks of one machine; a little slack
            if after:
                marks[name] = min(after)
        events[key] = marks

    def split(marks: dict[str, float]) -> dict[str, float]:
        out, previous = {}, marks["send"]
        for name in STAGES[1:]:
            if name in marks:
                out[name] = round((marks[name] - previous) * 1000, 1)
                previous = marks[name]
        out["total"] = round((marks["seen"] - marks["send"]) * 1000, 1)
        return out

    splits = {key: split(marks) for key, marks in events.items()}
    medians = {
        name: round(statistics.median(s[name] for s in splits.values() if name in s), 1)
        for name in (*STAGES[1:], "total")
        if any(name in s for s in splits.values())
    }
    worst = sorted(splits, key=lambda k: -splits[k]["total"])[:slowest]
    waits = {}
    for key in worst:
        marks = events[key]
        start = marks.get("embedded", marks.get("fetched", marks["send"]))
        end = marks.get("apply", marks["seen"])
        waits[key] = [
            {"job": name, "kind": kind, "ms": round((float(f) - float(s)) * 1000, 1)}
            for kind, name, _, s, f in jobs
            if float(f) > start and float(s) < end and float(f) - float(s) > 0.005
        ]
    return {
        "events": len(splits),
        "median_ms": medians,
        "slowest": {key: splits[key] for key in worst},
        "waits": waits,
    }
