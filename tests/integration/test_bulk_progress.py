"""Progress of a bulk import end to end: `matchmaker publish` of a file, and the worker catching up.

Off a terminal both say where they stand in plain lines: the command on stderr, the worker in its log.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Worker, free_port
from factories import member

from streams.settings import Settings
from tools.paths import ROOT

pytestmark = pytest.mark.integration

WORDS = "laser welding casting robotics sensors vineyards textiles batteries photonics biomaterials".split()


def _matchmaker(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``matchmaker ARGS`` as a user runs it, in its own process, from the checkout."""
    command = [sys.executable, "-m", "streams.cli", *args]
    return subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def test_a_bulk_publish_and_the_worker_catching_up_both_report_progress(
    settings: Settings, tmp_path: Path
) -> None:
    worker = Worker(settings, tmp_path / "worker.log", metrics_port=free_port())
    worker.start()
    try:
        worker.wait_metrics(lambda m: m.get("matchmaker_owned_partitions", 0) > 0, "its partitions")
        path = tmp_path / "members.jsonl"
        lines = [
            member(f"bulk-{i}", f"{WORDS[i % 10]} and {WORDS[(i * 7) % 10]} for line {i}").model_dump_json()
            for i in range(400)
        ]
        path.write_text("\n".join(lines) + "\n")
        env = {**worker.environment(), "MATCHMAKER_TOPIC_PREFIX": settings.topic_prefix}
        done = _matchmaker(env, "publish", "members", str(path))
        assert done.returncode == 0, done.stderr
        assert "publishing members.jsonl: 400 records in" in done.stderr  # off a terminal: lines, no bar
        assert "sent 400 record(s)" in done.stdout
        worker.wait_metrics(lambda m: m.get("matchmaker_records_applied", 0) >= 400, "400 records applied")
        deadline = time.monotonic() + 30  # the follower says it caught up on its next fetch
        while "caught up" not in worker.log_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        log = worker.log_text()
        assert "catching up: " in log and "records behind" in log
        assert "caught up: " in log
    finally:
        worker.stop()


def test_publish_or_tail_before_any_worker_creates_the_topics_with_their_shape(
    bootstrap: str, tmp_path: Path
) -> None:
    """On a cluster no worker has seen, the broker would auto-create the profiles topic uncompacted
    (deletes by tombstone would then never erase a profile); publish creates every topic as the
    worker would, so the profiles topic is compacted; tail does the same and waits for records."""
    import uuid

    from kafka import KafkaAdminClient
    from kafka.admin import ConfigResource, ConfigResourceType

    prefix = f"fresh-{uuid.uuid4().hex[:8]}"
    path = tmp_path / "members.jsonl"
    path.write_text(member("fresh-1", "laser welding cells").model_dump_json() + "\n")
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "MATCHMAKER_TOPIC_PREFIX": prefix}
    done = _matchmaker(env, "publish", "members", str(path))
    assert done.returncode == 0, done.stderr
    assert "not found in cluster metadata" not in done.stderr
    tail = _matchmaker({**env, "MATCHMAKER_TOPIC_PREFIX": f"{prefix}-tail"}, "tail", "--idle", "1")
    assert tail.returncode == 0 and "not found in cluster metadata" not in tail.stderr, tail.stderr
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        topic = f"{prefix}.member-profiles"
        described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
        policy = described["topic"][topic]["cleanup.policy"]  # {type: {name: {key: its data}}}
        assert policy["value"] == "compact", policy
        assert {f"{prefix}.match-suggestions", f"{prefix}-tail.match-suggestions"} <= set(admin.list_topics())
    finally:
        admin.close()
