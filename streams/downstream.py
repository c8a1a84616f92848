"""Downstream processors that ride on the worker's Faust app (notifications, feedback, consortia…).

Each processor lives in its own module exposing ``register(app, settings, executor)``, which
declares its topics and agents on ``app``; CPU-bound work goes to ``executor`` (the worker's one
model thread), never onto the event loop. Add the function to :data:`PROCESSORS` to switch it on.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from streams.settings import Settings

__all__ = ["PROCESSORS", "Register", "register_all"]

Register = Callable[[Any, Settings, Executor], None]

#: Registration functions, called in order by :func:`streams.app.create_app`.
PROCESSORS: list[Register] = []


def register_all(app: Any, settings: Settings, executor: Executor) -> None:
    """Declare every downstream processor's topics and agents on ``app``."""
    for register in PROCESSORS:
        register(app, settings, executor)
