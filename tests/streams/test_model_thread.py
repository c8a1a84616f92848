"""The model thread: one thread, matching work ahead of background work, errors reach the caller."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from streams.model_thread import ModelThread, run_background


def test_waiting_matching_work_runs_before_waiting_background_work() -> None:
    thread = ModelThread("unit", quiet_s=0)
    gate = threading.Event()
    done: list[str] = []
    try:
        first = thread.submit(gate.wait, 5)  # occupies the thread while the rest queues up
        jobs = [
            thread.submit_background(done.append, "build-1"),
            thread.submit_background(done.append, "build-2"),
        ]
        jobs += [thread.submit(done.append, "match-1"), thread.submit(done.append, "match-2")]
        gate.set()
        for job in [first, *jobs]:
            job.result(timeout=5)
        assert done == ["match-1", "match-2", "build-1", "build-2"]
        names = {thread.submit(lambda: threading.current_thread().name).result(5) for _ in range(3)}
        assert names == {"unit"}
    finally:
        thread.shutdown()


def test_errors_reach_the_awaiting_coroutine_and_the_thread_goes_on() -> None:
    thread = ModelThread("unit")

    async def scenario() -> int:
        with pytest.raises(ZeroDivisionError):
            await run_background(thread, lambda: 1 // 0)
        return await run_background(thread, sum, [1, 2, 3])

    try:
        assert asyncio.run(scenario()) == 6
    finally:
        thread.shutdown()
    with pytest.raises(RuntimeError, match="after shutdown"):
        thread.submit(print)


def test_background_work_waits_until_matching_has_been_quiet() -> None:
    thread = ModelThread("unit", quiet_s=0.3)
    times: dict[str, float] = {}
    try:
        build = thread.submit_background(lambda: times.setdefault("build", time.monotonic()))
        for n in range(5):  # a burst: matching work every 0.1 s
            thread.submit(lambda n=n: times.setdefault(f"match-{n}", time.monotonic())).result(5)
            time.sleep(0.1)
        build.result(5)
        assert times["build"] > times["match-4"] + 0.15, "a build started in a gap of the burst"
    finally:
        thread.shutdown()
