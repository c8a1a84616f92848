"""Run a command with ``KAFKA_BOOTSTRAP_SERVERS`` naming a real Kafka broker, starting one if unset.

``python -m tools.with_broker -- python -m pytest``; the broker is stopped afterwards, and pytest's
exit code 5 ("no tests collected") is a failure on purpose (docs/TOOLS.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tools.broker import KAFKA_VERSION, Broker
from tools.usage import asked_for_help

NO_TESTS_COLLECTED = 5


def main(argv: list[str]) -> int:
    if asked_for_help(argv, __doc__):
        return 0
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print("usage: with_broker.py -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    env = dict(os.environ)
    broker = None
    if not env.get("KAFKA_BOOTSTRAP_SERVERS"):
        started = time.perf_counter()
        broker = Broker(port=None)
        env["KAFKA_BOOTSTRAP_SERVERS"] = broker.start()
        print(
            f"[with_broker] Apache Kafka {KAFKA_VERSION} (KRaft) at {env['KAFKA_BOOTSTRAP_SERVERS']}"
            f" ready in {time.perf_counter() - started:.1f}s",
            flush=True,
        )
    try:
        code = subprocess.call(argv, env=env)
    finally:
        if broker is not None:
            broker.stop()
    if code == NO_TESTS_COLLECTED:
        print("[with_broker] pytest collected no tests: failing on purpose", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
