"""Run a real single-node Apache Kafka broker (KRaft, broker+controller) on 127.0.0.1.

Kafka jars come from Maven into a cache outside the checkout; stdlib only (docs/TOOLS.md).
``python -m tools.broker [--port N] [--data-dir DIR] [--foreground|--detach] [--pid-file F]``
"""

from __future__ import annotations

import argparse
import atexit
import base64
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from models.exceptions import MatchmakerError

__all__ = [
    "KAFKA_VERSION",
    "Broker",
    "BrokerError",
    "default_cache_dir",
    "ensure_kafka_jars",
    "free_port",
    "main",
    "new_cluster_id",
]

KAFKA_VERSION = "4.4.0"
SCALA_VERSION = "2.13"
LOG4J_VERSION = "2.25.3"
_DEPENDENCY_PLUGIN = "3.8.1"
_READY_MARKER = "Kafka Server started"
_COMPLETE_MARKER = ".complete"
_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ltc-matchmaker</groupId><artifactId>kafka-runtime</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_{scala}</artifactId>
      <version>{kafka}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId>
      <version>{log4j}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId>
      <version>{log4j}</version></dependency>
  </dependencies>
  <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId>
    <artifactId>maven-dependency-plugin</artifactId><version>{plugin}</version></plugin></plugins></build>
</project>
"""
_LOG4J2 = """status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = OUT
logger.state.name = state.change.logger
logger.state.level = WARN
"""


def new_cluster_id(random_bytes: Callable[[int], bytes] = os.urandom) -> str:
    """A KRaft cluster id as Kafka's ``Uuid.randomUuid()`` makes one: 16 random bytes, URL-safe base64.

    Like Kafka's, it is drawn again while it starts with ``-``: ``kafka-storage format -t -abc…``
    reads such an id as an option and fails ("argument --cluster-id: expected one argument").
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(random_bytes(16)).decode("ascii").rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


class BrokerError(MatchmakerError):
    """Raised when the Kafka jars cannot be fetched or the broker fails to start."""


def default_cache_dir() -> Path:
    """Return ``${XDG_CACHE_HOME:-~/.cache}/ltc-matchmaker``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "ltc-matchmaker"


def ensure_kafka_jars(version: str = KAFKA_VERSION, cache_dir: Path | str | None = None) -> Path:
    """Fetch Kafka ``version`` and its runtime dependencies with Maven; return the lib dir.

    The download is skipped when a completion marker exists and is serialised
    between concurrent callers with an ``fcntl`` lock.
    """
    home = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    root = home / f"kafka-{version}"
    lib = root / "lib"
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (root / _COMPLETE_MARKER).exists():
            return lib
        if shutil.which("mvn") is None:
            raise BrokerError("Maven ('mvn') is needed to fetch the Kafka jars but is not on PATH")
        shutil.rmtree(lib, ignore_errors=True)
        pom = root / "pom.xml"
        pom.write_text(
            _POM.format(scala=SCALA_VERSION, kafka=version, log4j=LOG4J_VERSION, plugin=_DEPENDENCY_PLUGIN)
        )
        cmd = [
            "mvn",
            "-B",
            "-q",
            "-Dstyle.color=never",
            "-f",
            str(pom),
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={lib}",
        ]
        try:
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
        except subprocess.TimeoutExpired as exc:
            raise BrokerError(f"Maven timed out fetching Kafka {version}") from exc
        jars = sorted(p.name for p in lib.glob("*.jar")) if lib.is_dir() else []
        if res.returncode != 0 or not any(j.startswith(f"kafka_{SCALA_VERSION}-") for j in jars):
            tail = (res.stdout + res.stderr).strip()[-3000:]
            raise BrokerError(f"Maven failed to fetch Kafka {version} (rc={res.returncode}):\n{tail}")
        (root / _COMPLETE_MARKER).write_text("\n".join(jars) + "\n")
    return lib


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _can_connect(port: int) -> bool:
    """Return True when a TCP connection to 127.0.0.1:port succeeds."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


class Broker:
    """A single-node KRaft Kafka broker running as a ``java`` subprocess."""

    def __init__(
        self,
        port: int | None = None,
        data_dir: Path | str | None = None,
        *,
        controller_port: int | None = None,
        version: str = KAFKA_VERSION,
        cache_dir: Path | str | None = None,
        num_partitions: int = 4,
        heap: str = "512m",
        start_timeout: float = 120.0,
        extra_properties: dict[str, str] | None = None,
    ) -> None:
        self.port = port
        self.controller_port = controller_port
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self.version = version
        self.cache_dir = cache_dir
        self.num_partitions = num_partitions
        self.heap = heap
        self.start_timeout = start_timeout
        self.extra_properties = dict(extra_properties or {})
        self._proc: subprocess.Popen[bytes] | None = None
        self._own_data_dir = False

    @property
    def bootstrap(self) -> str:
        """The ``host:port`` bootstrap address (valid after :meth:`start`)."""
        if self.port is None:
            raise BrokerError("broker has not been started")
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        """Process id of the running broker JVM, or None."""
        return self._proc.pid if self._proc is not None else None

    @property
    def log_path(self) -> Path:
        """File receiving the broker's stdout/stderr."""
        assert self.data_dir is not None, "broker has not been started"
        return self.data_dir / "broker.log"

    def is_running(self) -> bool:
        """Return True while the broker process is alive."""
        return self._proc is not None and self._proc.poll() is None

    def _log_tail(self, start: int = 0, chars: int = 4000) -> str:
        try:
            with open(self.log_path, "rb") as f:
                f.seek(start)
                return f.read().decode("utf-8", "replace")[-chars:]
        except OSError:
            return "<no broker log>"

    def _configure(self, lib: Path) -> Path:
        """Write server.properties and log4j2 config; format storage if needed."""
        assert self.data_dir is not None and self.port is not None
        assert self.controller_port is not None
        logs = self.data_dir / "kraft-logs"
        props = {
            "node.id": "1",
            "process.roles": "broker,controller",
            "controller.quorum.voters": f"1@127.0.0.1:{self.controller_port}",
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "offsets.topic.replication.factor": "1",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "share.coordinator.state.topic.replication.factor": "1",
            "share.coordinator.state.topic.min.isr": "1",
            "num.partitions": str(self.num_partitions),
            "auto.create.topics.enable": "true",
            "group.initial.rebalance.delay.ms": "0",
            "log.dirs": str(logs),
        }
        props.update(self.extra_properties)
        config = self.data_dir / "server.properties"
        config.write_text("".join(f"{k}={v}\n" for k, v in props.items()))
        (self.data_dir / "log4j2.properties").write_text(_LOG4J2)
        if not (logs / "meta.properties").exists():
            cluster_id = new_cluster_id()
            cmd = [
                *self._java(lib),
                "kafka.tools.StorageTool",
                "format",
                "-t",
                cluster_id,
                "-c",
                str(config),
                "--ignore-formatted",
            ]
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
            if res.returncode != 0:
                raise BrokerError(
                    f"kafka storage format failed (rc={res.returncode}):\n{(res.stdout + res.stderr)[-3000:]}"
                )
        return config

    def _java(self, lib: Path) -> list[str]:
        assert self.data_dir is not None
        return [
            "java",
            f"-Xmx{self.heap}",
            "-Xms64m",
            "-XX:+UseG1GC",
            "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={self.data_dir / 'log4j2.properties'}",
            "-cp",
            str(lib / "*"),
        ]

    def start(self) -> str:
        """Start the broker, wait until it serves, and return ``"127.0.0.1:PORT"``."""
        if self.is_running():
            return self.bootstrap
        if shutil.which("java") is None:
            raise BrokerError("'java' is needed to run the Kafka broker but is not on PATH")
        lib = ensure_kafka_jars(self.version, self.cache_dir)
        if self.data_dir is None:
            self.data_dir = Path(tempfile.mkdtemp(prefix="ltc-kafka-"))
            self._own_data_dir = True
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        while not self.controller_port or self.controller_port == self.port:
            self.controller_port = free_port()
        config = self._configure(lib)
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with open(self.log_path, "ab") as out:
            self._proc = subprocess.Popen(
                [*self._java(lib), "kafka.Kafka", str(config)],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        atexit.register(self.stop)
        deadline = time.monotonic() + self.start_timeout
        while True:
            if self._proc.poll() is not None:
                rc = self._proc.returncode
                self._proc = None
                raise BrokerError(
                    f"Kafka broker exited with code {rc} during startup; "
                    f"log {self.log_path}:\n{self._log_tail(offset)}"
                )
            if _READY_MARKER in self._log_tail(offset, chars=1 << 30) and _can_connect(self.port):
                return self.bootstrap
            if time.monotonic() > deadline:
                tail = self._log_tail(offset)
                self.stop()
                raise BrokerError(
                    f"Kafka broker not ready after {self.start_timeout:.0f}s; log tail:\n{tail}"
                )
            time.sleep(0.2)

    def release(self) -> None:
        """Leave the broker running after this Python process exits (``--detach``)."""
        atexit.unregister(self.stop)
        self._own_data_dir = False

    def stop(self, timeout: float = 20.0) -> None:
        """Stop the broker: SIGTERM, wait up to ``timeout`` seconds, then SIGKILL."""
        atexit.unregister(self.stop)
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._own_data_dir and self.data_dir is not None:
            shutil.rmtree(self.data_dir, ignore_errors=True)
            self._own_data_dir = False

    def __enter__(self) -> Broker:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    ap = argparse.ArgumentParser(prog="python -m tools.broker", description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=None, help="PLAINTEXT port (default: a free one)")
    ap.add_argument("--data-dir", default=None, help="data dir (default: a temp dir)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--foreground", dest="detach", action="store_false", help="run until Ctrl-C (default)")
    mode.add_argument("--detach", action="store_true", help="leave the broker running and exit")
    ap.set_defaults(detach=False)
    ap.add_argument("--pid-file", default=None, help="write the broker pid here")
    ap.add_argument("--kafka-version", default=KAFKA_VERSION)
    ap.add_argument("--cache-dir", default=None, help=f"jar cache (default: {default_cache_dir()})")
    args = ap.parse_args(argv)
    existing = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if existing:
        print(f"KAFKA_BOOTSTRAP_SERVERS={existing}", flush=True)
        return 0
    broker = Broker(args.port, args.data_dir, version=args.kafka_version, cache_dir=args.cache_dir)
    try:
        bootstrap = broker.start()
    except BrokerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.pid_file:
        Path(args.pid_file).write_text(f"{broker.pid}\n")
    print(f"KAFKA_BOOTSTRAP_SERVERS={bootstrap}", flush=True)
    print(f"broker pid {broker.pid}, data dir {broker.data_dir}, log {broker.log_path}", file=sys.stderr)
    if args.detach:
        broker.release()
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with SIGINT ignored
    try:
        while broker.is_running():
            time.sleep(0.5)
        print("error: broker exited unexpectedly", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        broker.stop()
        if args.pid_file:
            Path(args.pid_file).unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
