"""Problems found in content: the only errors a volunteer ever sees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches


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
        return printable(f"{where}: {self.what}")


def printable(text: str) -> str:
    """Text as one line of a terminal can show it: control and invisible characters escaped
    ('abc\\n.md', '\\x1b[2K'), so that no file name or value in a message can move the cursor,
    hide a line or fake an 'OK'."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


class ContentError(Exception):
    """Raised when content has problems; carries every one of them, sorted by place."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in content")


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The valid choice nearest to a mistyped value, if any is close."""
    close = get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


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
