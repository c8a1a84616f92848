"""The worker's trace lines (streams/trace.py) read back by the bench (tools/bench/trace.py)."""

from __future__ import annotations

import logging
import time

import pytest

from streams import trace
from streams.model_thread import ModelThread
from tools.bench.trace import trace_report


def test_stages_and_model_thread_jobs_are_read_back(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="streams.trace")
    topic, t0 = "ltc.opportunities", time.time() - 0.1  # sent 100 ms ago
    trace.stage("fetched", [(topic, b"o1"), (topic, b"o2"), ("ltc.members", b"o1")], t0 + 0.010)
    trace.stage("embedded", [(topic, b"o1"), (topic, b"o2")], t0 + 0.050)
    thread = ModelThread("traced", quiet_s=0.0, traced=True)
    thread.submit_background(time.sleep, 0.05).result()  # a job that holds the thread meanwhile
    thread.shutdown()
    after = time.time()
    trace.stage("apply", [(topic, b"o1"), (topic, b"o2")], after)
    trace.stage("applied", [(topic, b"o1"), (topic, b"o2")], after + 0.020)
    trace.stage("sent", [(topic, b"o1"), (topic, b"o2")], after + 0.030)
    report = trace_report(
        caplog.text, topic, {"o1": t0, "o2": t0, "o3": t0}, {"o1": after + 0.040, "o2": after + 0.090}
    )
    assert report["events"] == 2  # o3 was never seen
    slow = report["slowest"]["o2"]
    assert list(report["slowest"]) == ["o2", "o1"]
    assert (slow["fetched"], slow["embedded"], slow["applied"], slow["sent"], slow["seen"]) == (
        10.0,
        40.0,
        20.0,
        10.0,
        60.0,
    )
    assert slow["apply"] >= 50.0 and slow["total"] == pytest.approx(
        sum(v for k, v in slow.items() if k != "total"), abs=0.5
    )
    [job] = report["waits"]["o2"]
    assert job["job"] == "sleep(float)" and job["kind"] == "background" and job["ms"] >= 50.0
    assert report["median_ms"]["fetched"] == 10.0
