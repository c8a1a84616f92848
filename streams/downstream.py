"""Downstream processors that ride on the worker's Faust app (notifications, feedback, consortia…).

Each processor lives in its own module exposing ``register(app, settings, service, executor)``,
which declares its topics and agents on ``app``; ``service`` is the worker's
:class:`streams.service.MatchService` (its matchmaker holds the member index). CPU-bound work and
anything touching ``service`` goes to ``executor`` (the worker's one model thread), never onto the
event loop. Add the function to :data:`PROCESSORS` to switch it on.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from models.exceptions import ConfigurationError
from streams import consortium, feedback, notifier
from streams.service import MatchService
from streams.settings import Settings

__all__ = ["PROCESSORS", "Register", "register_all"]

Register = Callable[[Any, Settings, MatchService, Executor], None]

#: Registration functions, called in order by :func:`streams.app.create_app`.
PROCESSORS: list[Register] = [notifier.register, feedback.register, consortium.register]


def register_all(app: Any, settings: Settings, service: MatchService, executor: Executor) -> None:
    """Declare every downstream processor's topics and agents on ``app``."""
    enabled = {name.strip() for name in settings.processors.split(",") if name.strip()}
    known = {register.__module__.rsplit(".", 1)[-1] for register in PROCESSORS}
    if enabled - known:
        raise ConfigurationError(f"unknown processors {sorted(enabled - known)}; known: {sorted(known)}")
    for register in PROCESSORS:
        if register.__module__.rsplit(".", 1)[-1] in enabled:
            register(app, settings, service, executor)
