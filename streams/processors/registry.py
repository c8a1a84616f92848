"""The downstream processors a worker can run, by name; ``MATCHMAKER_PROCESSORS`` chooses which.

Add a factory to :data:`PROCESSORS` to make a new one available.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor

from models.exceptions import ConfigurationError
from streams.processors.base import GroupProcessor
from streams.processors.consortium import ConsortiumProcessor
from streams.processors.feedback import FeedbackProcessor
from streams.processors.notifier import NotifierProcessor
from streams.processors.rankings import RankingsProcessor
from streams.service import MatchService
from streams.settings import Settings

__all__ = ["PROCESSORS", "Factory", "build_processors"]

Factory = Callable[[Settings, MatchService, Executor], GroupProcessor]

#: Every processor by name, in the order they start.
PROCESSORS: dict[str, Factory] = {
    "notifier": NotifierProcessor,
    "feedback": FeedbackProcessor,
    "consortium": ConsortiumProcessor,
    "rankings": RankingsProcessor,
}


def build_processors(settings: Settings, service: MatchService, executor: Executor) -> list[GroupProcessor]:
    """The processors ``settings.processors`` names; :class:`ConfigurationError` for an unknown name."""
    enabled = {name.strip() for name in settings.processors.split(",") if name.strip()}
    if enabled - PROCESSORS.keys():
        raise ConfigurationError(
            f"unknown processors {sorted(enabled - PROCESSORS.keys())}; known: {sorted(PROCESSORS)}"
        )
    return [factory(settings, service, executor) for name, factory in PROCESSORS.items() if name in enabled]
