"""The downstream processors a worker can run: notifications, feedback, consortia.

Each is a :class:`streams.processor.GroupProcessor` in its own consumer group
(``<app_id>-<name>``), built from the worker's settings, its :class:`streams.service.MatchService`
(whose matchmaker holds the member index) and the worker's one model thread (``executor``): CPU-bound
work and anything touching ``service`` goes there, never onto the event loop. Add a factory to
:data:`PROCESSORS` to make a new one available; ``MATCHMAKER_PROCESSORS`` chooses which run.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor

from models.exceptions import ConfigurationError
from streams.processors.base import GroupProcessor
from streams.processors.consortium import ConsortiumProcessor
from streams.processors.feedback import FeedbackProcessor
from streams.processors.notifier import NotifierProcessor
from streams.service import MatchService
from streams.settings import Settings

__all__ = ["PROCESSORS", "Factory", "build_processors"]

Factory = Callable[[Settings, MatchService, Executor], GroupProcessor]

#: Every processor by name, in the order they start.
PROCESSORS: dict[str, Factory] = {
    "notifier": NotifierProcessor,
    "feedback": FeedbackProcessor,
    "consortium": ConsortiumProcessor,
}


def build_processors(settings: Settings, service: MatchService, executor: Executor) -> list[GroupProcessor]:
    """The processors ``settings.processors`` names; :class:`ConfigurationError` for an unknown name."""
    enabled = {name.strip() for name in settings.processors.split(",") if name.strip()}
    if enabled - PROCESSORS.keys():
        raise ConfigurationError(
            f"unknown processors {sorted(enabled - PROCESSORS.keys())}; known: {sorted(PROCESSORS)}"
        )
    return [factory(settings, service, executor) for name, factory in PROCESSORS.items() if name in enabled]
