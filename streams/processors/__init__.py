"""The downstream processors (notifications, feedback, consortia): each a group consumer of its own."""

from __future__ import annotations

from streams.processors.base import GroupProcessor
from streams.processors.registry import PROCESSORS, build_processors

__all__ = ["PROCESSORS", "GroupProcessor", "build_processors"]
