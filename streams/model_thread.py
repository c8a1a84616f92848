"""The worker's one thread for the models and the matchmaker: matching first, background work when idle.

:class:`ModelThread` is an executor with two priorities; :func:`run_background` submits at the lower
one. Why one thread and the quiet period: docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import asyncio
import itertools
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any, TypeVar

from streams import trace

__all__ = ["ModelThread", "run_background"]

T = TypeVar("T")

_URGENT, _BACKGROUND, _STOP = 0, 1, 2


class ModelThread(Executor):
    """A one-thread executor with two priorities (:meth:`submit` and :meth:`submit_background`)."""

    def __init__(self, name: str = "matcher", quiet_s: float = 0.25, traced: bool = False) -> None:
        self._queue: queue.PriorityQueue[tuple[int, int, Any]] = queue.PriorityQueue()
        self._order = itertools.count()
        self._closed = False
        self.quiet_s = quiet_s
        self.traced = traced  # log every job's queued, start and end times (streams/trace.py)
        self._last_urgent = -1e9  # when urgent work last arrived or finished (monotonic)
        self._urgent_arrived = threading.Event()
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Run ``fn`` before any waiting background work (FIFO among urgent work)."""
        self._last_urgent = time.monotonic()
        future = self._put(_URGENT, fn, args, kwargs)
        self._urgent_arrived.set()
        return future

    def submit_background(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Run ``fn`` when no urgent work is waiting (FIFO among background work)."""
        return self._put(_BACKGROUND, fn, args, kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Finish the queued work (or cancel it), then stop the thread."""
        self._closed = True
        if cancel_futures:
            while True:
                try:
                    _, _, item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is not None:
                    item[0].cancel()
        self._queue.put((_STOP, next(self._order), None))
        if wait:
            self._thread.join()

    def _put(self, priority: int, fn: Callable[..., T], args: Any, kwargs: Any) -> Future[T]:
        if self._closed:
            raise RuntimeError("cannot schedule new work after shutdown")
        future: Future[T] = Future()
        self._queue.put((priority, next(self._order), (future, fn, args, kwargs, time.time())))
        return future

    def _work(self) -> None:
        while True:
            priority, order, item = self._queue.get()
            if item is None:
                return
            wait = self.quiet_s - (time.monotonic() - self._last_urgent)
            if priority == _BACKGROUND and wait > 0:  # matching is busy: look again when it is quiet
                self._urgent_arrived.clear()
                self._queue.put((priority, order, item))  # same place among background work
                self._urgent_arrived.wait(wait)
                continue
            future, fn, args, kwargs, queued = item
            if not future.set_running_or_notify_cancel():
                continue
            started = time.time()
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # handed to the awaiting coroutine, as ThreadPoolExecutor does
                future.set_exception(exc)
            finally:
                if priority == _URGENT:
                    self._last_urgent = time.monotonic()
                if self.traced:
                    name = getattr(fn, "__qualname__", type(fn).__name__)
                    name += f"({type(args[0]).__name__})" if args else ""
                    trace.job(name, priority == _URGENT, queued, started, time.time())


async def run_background(executor: Executor, fn: Callable[..., T], *args: Any) -> T:
    """Await ``fn(*args)`` as background work on a :class:`ModelThread` (plain ``submit`` elsewhere)."""
    submit = getattr(executor, "submit_background", executor.submit)
    return await asyncio.wrap_future(submit(fn, *args))
