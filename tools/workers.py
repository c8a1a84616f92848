"""One way to launch a ``matchmaker worker`` subprocess: the demo, the benchmarks and the integration
tests all start workers through :class:`WorkerProcess`, configured only through the environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from streams.settings import Settings
from tools.paths import ROOT

__all__ = ["WorkerProcess", "process_memory_mib"]


def process_memory_mib(pid: int) -> dict[str, float]:
    """Current (``VmRSS``) and peak (``VmHWM``) resident memory of a process, in MiB."""
    out: dict[str, float] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                out[name] = int(value.split()[0]) / 1024
    return out


class WorkerProcess:
    """A worker subprocess for ``settings`` (broker, topic prefix, group, score floor), logging to a file.

    ``env`` adds or overrides variables; ``command`` replaces ``python -m streams.cli worker`` (a test
    harness around the worker); ``metrics_port`` turns on its Prometheus endpoint.
    """

    def __init__(
        self,
        settings: Settings,
        log_path: Path,
        *,
        env: Mapping[str, str] | None = None,
        command: Sequence[str] | None = None,
        metrics_port: int | None = None,
        loglevel: str = "info",
    ) -> None:
        self.settings = settings
        self.log_path = log_path
        self.metrics_port = metrics_port
        self.extra_env = dict(env or {})
        default = [sys.executable, "-m", "streams.cli", "worker", "--loglevel", loglevel]
        self.command = list(command or default)
        self.process: subprocess.Popen[bytes] | None = None

    def environment(self) -> dict[str, str]:
        """The variables the worker starts with: this process's, then the settings', then ``env``."""
        env = {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": self.settings.bootstrap_servers,
            "MATCHMAKER_TOPIC_PREFIX": self.settings.topic_prefix,
            "MATCHMAKER_APP_ID": self.settings.app_id,
            "MATCHMAKER_SCORING__MIN_SCORE": str(self.settings.scoring.min_score),
            "PYTHONPATH": str(ROOT),
        }
        if self.metrics_port is not None:
            env["MATCHMAKER_METRICS_PORT"] = str(self.metrics_port)
        return {**env, **self.extra_env}

    def start(self) -> None:
        """Launch it (it loads the models, reads the embeddings topic, replays state, joins its group)."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, env=self.environment(), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
            )

    @property
    def pid(self) -> int:
        """The running process's id."""
        assert self.process is not None, "start() first"
        return self.process.pid

    def alive(self) -> bool:
        """Whether the process is still running."""
        return self.process is not None and self.process.poll() is None

    def memory(self) -> dict[str, float]:
        """The worker's RSS now and its peak so far (MiB)."""
        return process_memory_mib(self.pid)

    def gauge(self, name: str) -> float | None:
        """One gauge of the worker's ``/metrics`` (``metrics_port`` set); ``None`` while it is not served."""
        assert self.metrics_port is not None, "start the worker with a metrics_port"
        url = f"http://127.0.0.1:{self.metrics_port}/metrics"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                text = response.read().decode()
        except OSError:
            return None
        for line in text.splitlines():
            metric, _, value = line.partition(" ")
            if metric == name:
                return float(value)
        return None

    def log_text(self) -> str:
        """Everything the worker has logged."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the worker's log, for error messages."""
        return self.log_text()[-chars:]

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, no final commit."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 30 s."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
