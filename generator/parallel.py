"""Run a pure function over many items on every core, results in input order.

Workers are forked, so they inherit the function and the items instead of receiving them
pickled; only results travel back, chunk by chunk, so memory stays bounded.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from generator.memory import worker_started

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool costs more than it saves.
MIN_ITEMS = 400
CHUNK = 100

_task: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
_in_worker = False


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def in_worker() -> bool:
    """Whether this process is a worker of parallel_map: it ends with its pool, and whatever
    it keeps for later ends with it."""
    return _in_worker


def parallel_map(fn: Callable[[T], R], items: Sequence[T], jobs: int | None = None) -> Iterator[R]:
    """fn(item) for each item, in order, using `jobs` processes (default: every core)."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs <= 1 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(fn, items)
        return
    global _task
    _task = (fn, items)
    bounds = [(start, min(start + CHUNK, len(items))) for start in range(0, len(items), CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_started) as pool:
            for results in pool.imap(_run_chunk, bounds):
                yield from results
    finally:
        _task = None


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _task is not None
    fn, items = _task
    return [fn(items[index]) for index in range(*bounds)]


def _worker_started() -> None:
    global _in_worker
    _in_worker = True
    worker_started()
