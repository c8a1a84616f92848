"""Every answered suggestion a worker has seen, and the version of the re-ranker it ranks with."""

from __future__ import annotations

import threading

from models.feedback import FeedbackExample

__all__ = ["ExampleStore"]


class ExampleStore:
    """Every answered suggestion this worker has seen (thread-safe), and the newest model version.

    Answers only accumulate, so merging two versions of an example is their union: the order in
    which the model follower and the local processor deliver them does not matter.
    """

    def __init__(self) -> None:
        self._examples: dict[str, FeedbackExample] = {}
        self._lock = threading.Lock()
        self.changes = 0
        self.model_version = 0
        self.ready = threading.Event()

    def __len__(self) -> int:
        return len(self._examples)

    def get(self, suggestion_id: str) -> FeedbackExample | None:
        """The example of one suggestion, if it was answered before."""
        with self._lock:
            return self._examples.get(suggestion_id)

    def merge(self, example: FeedbackExample) -> FeedbackExample:
        """Add ``example``'s answers to what is known of it; returns the merged example."""
        with self._lock:
            known = self._examples.get(example.suggestion_id)
            if known is not None:
                answers = {(a.at, a.actor, a.action): a for a in [*known.answers, *example.answers]}
                if len(answers) == len(known.answers):
                    return known
                example = known.model_copy(update={"answers": [answers[k] for k in sorted(answers)]})
            self._examples[example.suggestion_id] = example
            self.changes += 1
            return example

    def snapshot(self) -> tuple[int, list[FeedbackExample]]:
        """(change count, every example sorted by suggestion id)."""
        with self._lock:
            return self.changes, [self._examples[k] for k in sorted(self._examples)]
