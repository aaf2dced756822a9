"""Memory and the pipeline: Python's cyclic garbage collector paused while it runs, and what
serve keeps of each record from one build to the next.

A build allocates millions of small objects that live until it ends (records, links, pages).
The collector would walk all of them again and again for nothing; reference counting still
frees whatever the pipeline drops.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

V = TypeVar("V")
H = TypeVar("H", bound=Hashable)


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


class Digested(Protocol):
    @property
    def digest(self) -> str: ...


class RecordMemo:
    """What a function made of one record (and a few values besides), kept from one build to
    the next (build.BuildMemory): serve plans every record again after an edit, and all but
    the edited ones are as they were.

    Looked up by the function's name and the record's digest (its file's path and bytes, and
    its translations'), and used only if the record and the other values equal, field by
    field, those it was made from: a value is never taken for another's, whatever the digest
    leaves out. (An unchanged file's record is the same object from build to build, so that
    comparison is mostly by identity.) A record without a digest (made in code) is made every
    time. What the last build did not ask for is forgotten at the next. A build that is not
    followed by another (`keep=False`) keeps nothing: at 50,000 records that would be several
    entries a record, held to its end for nothing. `of_value` keeps what a pure function made of
    a plain value (the words of a spelling) the same way."""

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self._last: dict[tuple[str, str, str], list[tuple[tuple[Any, ...], Any]]] = {}
        self._now: dict[tuple[str, str, str], list[tuple[tuple[Any, ...], Any]]] = {}
        self._last_values: dict[tuple[str, str, Hashable], Any] = {}
        self._values: dict[tuple[str, str, Hashable], Any] = {}

    def next_build(self) -> None:
        self._last, self._now = self._now, {}
        self._last_values, self._values = self._values, {}

    def of_value(self, make: Callable[[H], V], value: H) -> V:
        """make(value) for a plain value (a spelling), kept like a record's; `make` is pure."""
        if not self.keep:
            return make(value)
        key = (make.__module__, make.__qualname__, value)
        if key not in self._values:
            last = self._last_values
            self._values[key] = last[key] if key in last else make(value)
        return self._values[key]  # type: ignore[no-any-return]

    def made(self, make: Callable[..., V], record: Digested, *rest: Any) -> V:
        """make(record, *rest), or what it gave for equal arguments in this build or the last.
        A record may come with several other values in one build (one per language)."""
        if not (self.keep and record.digest):
            return make(record, *rest)
        key = (make.__module__, make.__qualname__, record.digest)
        arguments = (record, *rest)
        now = self._now.setdefault(key, [])
        for known, value in now:
            if known == arguments:
                return value  # type: ignore[no-any-return]
        earlier = [value for known, value in self._last.get(key, ()) if known == arguments]
        made: V = earlier[0] if earlier else make(*arguments)  # a value may be None
        now.append((arguments, made))
        return made
