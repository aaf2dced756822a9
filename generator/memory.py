"""Python's cyclic garbage collector, paused while the pipeline runs.

A build allocates millions of small objects that live until it ends (records, links, pages).
The collector would walk all of them again and again for nothing; reference counting still
frees whatever the pipeline drops.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What the pipeline leaves alive (serve keeps its last build) is set aside for good:
        # otherwise the first allocation after enabling walks all of it once more. Reference
        # counting still frees it when it is dropped.
        gc.freeze()
        if was_enabled:
            gc.enable()


def worker_started() -> None:
    """In a forked worker: what it inherited is never collected; what it makes is (rendering
    leaves a few reference cycles per page)."""
    gc.freeze()
    gc.enable()
