"""Progress lines of bulk publishing and of a worker catching up (the non-terminal output)."""

from __future__ import annotations

import io

from streams.progress import CatchUp, Progress


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_off_a_terminal_writes_count_rate_and_time_left_every_few_seconds() -> None:
    lines: list[str] = []
    clock = _Clock()
    stream = io.StringIO()  # not a terminal: no bar, lines instead
    with Progress("publishing members.jsonl", 1500, lines.append, stream=stream, clock=clock) as progress:
        for _ in range(15):
            clock.now += 1.0
            progress.advance(100)
    assert stream.getvalue() == ""
    assert lines[0] == "publishing members.jsonl: 500/1500 records (33%), 100.0/s, about 10s left"
    assert lines[1] == "publishing members.jsonl: 1000/1500 records (67%), 100.0/s, about 5s left"
    assert lines[-1] == "publishing members.jsonl: 1500 records in 15.0s (100.0/s)"
    assert len(lines) == 4  # at 5 s, 10 s, 15 s, and the final count


def test_progress_on_a_terminal_draws_a_bar_instead_of_lines() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    lines: list[str] = []
    terminal = Terminal()
    with Progress("publishing", 10, lines.append, stream=terminal) as progress:
        progress.advance(10)
    assert lines == []
    assert "publishing" in terminal.getvalue() and "10/10" in terminal.getvalue()


def test_catch_up_reports_lag_rate_and_time_left_while_behind_then_once_caught_up() -> None:
    lines: list[str] = []
    clock = _Clock()
    catch_up = CatchUp(lines.append, threshold=200, every_s=10, clock=clock)
    catch_up.update(50, 0)  # not behind: silent
    catch_up.update(3000, 0)
    clock.now = 5.0
    catch_up.update(2500, 500)  # not due yet
    clock.now = 10.0
    catch_up.update(2000, 1000)
    clock.now = 20.0
    catch_up.update(100, 2900)
    assert lines == [
        "catching up: 3000 records behind",
        "catching up: 2000 records behind, applying 100.0/s, about 20s left",
        "caught up: 100 records behind (under 200)",
    ]
