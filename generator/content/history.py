"""When each record file last changed, from git: the date of the last commit that touched it.

A record's "last updated" comes from the repository's history, not from the clock or the file's
modification time, so the same commit builds the same pages. Without git, outside a repository
or in a shallow clone (whose one commit would date every record), no record has a date and pages
show none: the workflows check out the whole history (fetch-depth: 0).
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from pathlib import Path

from generator.content.dates import PartialDate
from generator.content.load import RECORD_FOLDERS
from generator.git import git

# No diff driver or text conversion: a pull request's .gitattributes runs nothing.
_NO_DRIVERS = ["--no-ext-diff", "--no-textconv"]


def last_changed(root: Path) -> dict[str, PartialDate]:
    """content/<folder>/<file> -> the date of the newest commit touching it ({} without git)."""
    head = git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    if head is None or git(root, "rev-parse", "--is-shallow-repository") != "false\n":
        return {}  # a shallow clone would date every record by its one commit
    return dict(_history(root, head.strip()))


@lru_cache(maxsize=4)  # serve asks after every edit: the history changes only with HEAD
def _history(root: Path, head: str) -> tuple[tuple[str, PartialDate], ...]:
    folders = [f"content/{folder}" for folder in RECORD_FOLDERS.values()]
    log = git(
        root, "log", *_NO_DRIVERS, "--no-renames", "--relative", "--format=%x00%cs",
        "--name-only", head,
        "--", *folders,
    )  # fmt: skip
    dates: dict[str, PartialDate] = {}
    day = None
    for line in (log or "").splitlines():
        if line.startswith("\0"):
            year, month, date = line[1:].split("-")
            day = PartialDate(int(year), int(month), int(date))
        elif line and day is not None:
            dates.setdefault(line, day)  # newest first: the first date seen is the last change
    return tuple(sorted(dates.items()))


def commit_date(root: Path) -> datetime.date | None:
    """The committer date of the commit being built (HEAD): the build's date, against which a
    status is old news; the same commit builds the same pages. None without git, or for a date
    no calendar holds."""
    printed = git(root, "log", "-1", "--format=%cs", "HEAD")
    try:
        return datetime.date.fromisoformat((printed or "").strip())
    except ValueError:
        return None
