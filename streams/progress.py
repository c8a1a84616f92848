"""Progress of long jobs (bulk publish, replay, a follower catching up): done, rate and time left.

A rich progress bar when the output is a terminal, plain lines every few seconds otherwise.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, Any

__all__ = ["CatchUp", "Progress"]

Emit = Callable[[str], None]


def _eta(left: float, rate: float) -> str:
    if rate <= 0:
        return "time left unknown"
    seconds = left / rate
    return f"about {seconds:.0f}s left" if seconds < 120 else f"about {seconds / 60:.1f} min left"


class Progress:
    """``done`` of ``total`` records: a bar on a terminal ``stream``, else lines via ``emit``."""

    def __init__(
        self,
        label: str,
        total: int | None,
        emit: Emit,
        *,
        stream: IO[str] | None = None,
        unit: str = "records",
        every_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label, self.total, self.emit, self.unit, self.every_s = label, total, emit, unit, every_s
        self.clock = clock
        self.done = 0
        self._started = self._last = clock()
        self._bar: Any = None
        stream = stream if stream is not None else sys.stderr
        if stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                "{task.fields[rate]}",
                TimeRemainingColumn(),
                console=Console(file=stream),
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task(label, total=total, rate="")

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def rate(self) -> float:
        """Records per second so far."""
        elapsed = self.clock() - self._started
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        """Where the job stands, in words."""
        rate = self.rate
        if self.total:
            left = _eta(self.total - self.done, rate)
            share = f" ({self.done / self.total:.0%})"
            return f"{self.label}: {self.done}/{self.total} {self.unit}{share}, {rate:.1f}/s, {left}"
        return f"{self.label}: {self.done} {self.unit}, {rate:.1f}/s"

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more records done."""
        self.done += n
        if self._bar is not None:
            self._bar.update(self._task, advance=n, rate=f"{self.rate:.1f}/s")
            return
        now = self.clock()
        if now - self._last >= self.every_s:
            self._last = now
            self.emit(self.line())

    def close(self) -> None:
        """Stop the bar, or say the final count."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
            return
        elapsed = self.clock() - self._started
        self.emit(f"{self.label}: {self.done} {self.unit} in {elapsed:.1f}s ({self.rate:.1f}/s)")


class CatchUp:
    """A worker behind its state topics: a line every ``every_s`` while at least ``threshold`` records lag.

    :meth:`update` takes the lag and the count of records applied so far; the rate is measured between
    two lines, and a last line says when the worker has caught up.
    """

    def __init__(
        self,
        emit: Emit,
        *,
        threshold: int = 200,
        every_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.emit, self.threshold, self.every_s, self.clock = emit, threshold, every_s, clock
        self._mark: tuple[float, int] | None = None  # (when, applied) at the last line while behind

    def update(self, lag: int, applied: int) -> None:
        """Report if behind (and due), or that the worker caught up."""
        now = self.clock()
        if lag < self.threshold:
            if self._mark is not None:
                self.emit(f"caught up: {lag} records behind (under {self.threshold})")
                self._mark = None
            return
        if self._mark is None:
            self._mark = (now, applied)
            self.emit(f"catching up: {lag} records behind")
            return
        since, before = self._mark
        if now - since >= self.every_s:
            rate = (applied - before) / (now - since)
            self.emit(f"catching up: {lag} records behind, applying {rate:.1f}/s, {_eta(lag, rate)}")
            self._mark = (now, applied)
