"""Problems found in content: the only errors a volunteer ever sees."""

from __future__ import annotations

import bisect
import functools
import operator
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

# What validate prints at most, so that a hostile or broken file cannot bury the terminal (or a
# CI log) under millions of lines: the problems of one file, of all files, and the characters
# of one line. A line in place of the rest says how many more there are.
MOST_SHOWN_PER_FILE = 100
MOST_SHOWN = 1_000
MOST_LINE_CHARACTERS = 1_000
# A suggestion (did you mean ...?) compares a value with every choice when there are at most
# this many, and otherwise with this many of the nearest: a cost bounded per value, whatever
# the number of ids.
MOST_COMPARED = 200


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one place: `path:line: field: message`."""

    path: str
    line: int
    field: str
    message: str
    warning: bool = False  # a likely mistake, which fails only `validate --strict`
    notice: bool = False  # worth knowing, never a failure (a translation that may be stale)

    @property
    def what(self) -> str:
        """The field and what is wrong with it, as every format shows them."""
        kind = "warning: " if self.warning else "note: " if self.notice else ""
        return f"{self.field}: {kind}{self.message}" if self.field else f"{kind}{self.message}"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return shortened(printable(f"{where}: {self.what}"))


def printable(text: str) -> str:
    """Text as one line of a terminal can show it: control and invisible characters escaped
    ('abc\\n.md', '\\x1b[2K'), so that no file name or value in a message can move the cursor,
    hide a line or fake an 'OK'."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def shortened(line: str) -> str:
    """A line of at most MOST_LINE_CHARACTERS (and the count of the rest): a message that quotes
    a whole megabyte of value shows its start."""
    if len(line) <= MOST_LINE_CHARACTERS:
        return line
    rest = len(line) - MOST_LINE_CHARACTERS
    return f"{line[:MOST_LINE_CHARACTERS]}... ({rest:,} more characters)"


def shown(problems: Sequence[Problem]) -> Iterator[Problem | str]:
    """The problems to print, in their order (by file): at most MOST_SHOWN_PER_FILE of one file
    and MOST_SHOWN in all, each cut short by a line that says how many more there are."""
    per_file = Counter(problem.path for problem in problems)
    total = in_file = 0
    for index, problem in enumerate(problems):
        if total == MOST_SHOWN:
            yield f"and {_more(len(problems) - index)} not shown: fix those above first"
            return
        in_file = 1 if index == 0 or problems[index - 1].path != problem.path else in_file + 1
        if in_file <= MOST_SHOWN_PER_FILE:
            total += 1
            yield problem
        elif in_file == MOST_SHOWN_PER_FILE + 1:
            rest = per_file[problem.path] - MOST_SHOWN_PER_FILE
            yield printable(f"{problem.path}: and {_more(rest)} in this file")


def _more(count: int) -> str:
    return f"{count:,} more problem{'s' if count != 1 else ''}"


_PLACE = operator.attrgetter("path", "line", "field", "message", "warning", "notice")


class ContentError(Exception):
    """Raised when content has problems; carries every one of them, sorted by place."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        # By a key of plain tuples, compared in C: the dataclass's own order (the same one)
        # compares in Python, seconds for a hundred thousand problems.
        self.problems = sorted(set(problems), key=_PLACE)
        super().__init__(f"{len(self.problems)} problem(s) in content")

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a worker, it travels back pickled: made again of its problems (an
        # exception is by default made again of its message, which this one does not take).
        return (type(self), (self.problems,))


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The valid choice nearest to a mistyped value, if any is close (difflib's ratio, at least
    0.6; of equals, the last in alphabetical order, as difflib.get_close_matches gives). Among
    more than MOST_COMPARED choices, only the nearest to it in alphabetical order and in the
    order of their endings are compared (a mistake late in an id, or early in it): at most
    MOST_COMPARED comparisons, not one per id."""
    if not isinstance(choices, frozenset):
        choices = frozenset(choices)
    candidates = _nearest(value, choices) if len(choices) > MOST_COMPARED else sorted(choices)
    return _best_match(value, candidates)


def _best_match(value: str, candidates: Sequence[str], cutoff: float = 0.6) -> str | None:
    """get_close_matches(value, candidates, n=1, cutoff), which computes the full ratio of every
    candidate that passes the cutoff: here a candidate whose quick bounds cannot reach the best
    ratio so far is passed over (the nearest come first, so most are)."""
    matcher = SequenceMatcher()
    matcher.set_seq2(value)
    best, best_ratio = None, cutoff
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio or (ratio == best_ratio and (best is None or candidate > best)):
            best, best_ratio = candidate, ratio
    return best


def _nearest(value: str, choices: frozenset[str]) -> list[str]:
    """At most MOST_COMPARED choices, nearest first: those on either side of the value in
    alphabetical order, and of its reversal among the reversed choices."""
    forwards, backwards = _orders(choices)
    side = MOST_COMPARED // 4
    at, back_at = bisect.bisect(forwards, value), bisect.bisect(backwards, value[::-1])
    near: dict[str, None] = {}  # a set that keeps its order
    for step in range(side):
        for index in (at + step, at - 1 - step):
            if 0 <= index < len(forwards):
                near[forwards[index]] = None
        for index in (back_at + step, back_at - 1 - step):
            if 0 <= index < len(backwards):
                near[backwards[index][::-1]] = None
    return list(near)


@functools.lru_cache(maxsize=16)
def _orders(choices: frozenset[str]) -> tuple[list[str], list[str]]:
    """The choices sorted, and sorted reversed: made once for each set of ids (its hash is kept
    by the frozenset, so that looking it up again costs nothing)."""
    return sorted(choices), sorted(choice[::-1] for choice in choices)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A hint naming the nearest valid choice, or '' when nothing is close."""
    match = closest(value, choices)
    return f" (did you mean '{match}'?)" if match else ""


def one_of(choices: Iterable[str]) -> str:
    """'a, b or c': the valid choices, for messages."""
    items = sorted(choices)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
