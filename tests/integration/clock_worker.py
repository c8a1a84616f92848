"""``matchmaker worker`` whose notifier reads the time from a file, so a test can move it forward.

Started by ``test_notification_digest.py`` and ``test_current_state.py``; production code is unchanged: this
only replaces the clock of the notifier and of the current-state processors (rankings, consortia),
which look for due digests and passed deadlines every second instead of every 30.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import streams.processors.current as current
import streams.processors.notifier as notifier
from streams.cli import main

CLOCK = Path(os.environ["LTC_TEST_CLOCK_FILE"])


def file_clock() -> dt.datetime:
    """The time written in the clock file (ISO 8601, with offset)."""
    return dt.datetime.fromisoformat(CLOCK.read_text(encoding="utf-8").strip())


if __name__ == "__main__":
    notifier._utcnow = file_clock  # type: ignore[assignment]
    notifier.TICK_SECONDS = 1.0
    current._utcnow = file_clock  # type: ignore[assignment]
    current.TICK_SECONDS = 1.0
    sys.argv = ["matchmaker", "worker", "--loglevel", "info"]
    main()
