"""Run a pure function over many items on every core, results in input order.

Workers are forked, so they inherit the function and the items instead of receiving them
pickled; only results travel back, chunk by chunk, a few chunks ahead of the caller, so memory
stays bounded. A worker that dies (a crash in compiled code, the system ending it for lack of
memory) raises WorkerDied at once: concurrent.futures notices a dead worker, where
multiprocessing.Pool starts another and waits forever for the lost chunk.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from generator.memory import worker_started

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool costs more than it saves.
MIN_ITEMS = 400
CHUNK = 100
CHUNKS_AHEAD = 2  # per worker: each has the next chunk at hand, and results wait for little

# Set in a worker as it starts, never in the caller: the function and the items it maps.
_worker_task: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


class WorkerDied(Exception):
    """A worker process ended without giving its results back."""

    def __init__(self, doing: str) -> None:
        super().__init__(
            f"a worker process died while {doing} (it crashed, or the system stopped it, often"
            " for lack of memory). Run the command again, and report it if it happens again."
        )


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def in_worker() -> bool:
    """Whether this process is a worker of parallel_map: it ends with its pool, and whatever
    it keeps for later ends with it."""
    return _worker_task is not None


def parallel_map(
    fn: Callable[[T], R], items: Sequence[T], jobs: int | None = None, doing: str = "working"
) -> Iterator[R]:
    """fn(item) for each item, in order, using `jobs` processes (default: every core); raises
    WorkerDied, naming what the workers were `doing`, if one of them dies."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs <= 1 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(fn, items)
        return
    chunks = iter(
        [(start, min(start + CHUNK, len(items))) for start in range(0, len(items), CHUNK)]
    )
    pool = ProcessPoolExecutor(  # forked: the initializer's arguments are inherited, not pickled
        jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_started,
        initargs=(fn, items),
    )
    try:
        ahead = itertools.islice(chunks, jobs * CHUNKS_AHEAD)
        running = deque(pool.submit(_run_chunk, bounds) for bounds in ahead)
        while running:
            results = running.popleft().result()
            next_chunk = next(chunks, None)
            if next_chunk is not None:
                running.append(pool.submit(_run_chunk, next_chunk))
            yield from results
    except BrokenProcessPool:
        raise WorkerDied(doing) from None
    finally:
        pool.shutdown(cancel_futures=True)


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _worker_task is not None
    fn, items = _worker_task
    return [fn(items[index]) for index in range(*bounds)]


def _worker_started(fn: Callable[[Any], Any], items: Sequence[Any]) -> None:
    global _worker_task
    _worker_task = (fn, items)
    worker_started()
