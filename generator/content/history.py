"""When each record file last changed, from git: the date of the last commit on the main line
that touched it.

A record's "last updated" comes from the repository's history, not from the clock or the file's
modification time, so the same commit builds the same pages. Without git, outside a repository
or in a shallow clone (whose one commit would date every record), no record has a date and pages
show none: the workflows check out the whole history (fetch-depth: 0).

Only the first-parent line of HEAD counts: a pull request merged into main is dated by its
merge, never by its author's commits, whose dates their author sets (1 January 2099, say). A
date is never later than HEAD's own, the build's reference (never the clock: the same commit
builds the same pages), and a date git prints that is no real day (the year 10000) is dropped
with a warning.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from generator.content.dates import PartialDate
from generator.content.load import RECORD_FOLDERS
from generator.git import git
from generator.problems import Problem

# No diff driver or text conversion: a pull request's .gitattributes runs nothing.
_NO_DRIVERS = ["--no-ext-diff", "--no-textconv"]
# Each commit as NUL, its short id, its committer time in seconds and its committer's day.
_COMMIT_FORMAT = "--format=%x00%h %ct %cs"
# Ids of one length in every clone (git shortens %h to what the clone needs): warnings agree.
_ABBREV = "--abbrev=12"
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# 9999-12-31 23:59:59 UTC: beyond it git prints five-digit years, or 1970 when the seconds
# overflow (a commit object can hold any number).
_LAST_SECOND = 253402300799
_SHOWN = 40  # characters of an unreadable date shown in a warning


class History(NamedTuple):
    dates: Mapping[str, PartialDate]  # content/<folder>/<file> -> when it last changed
    warnings: tuple[Problem, ...]  # dates dropped
    commit: str = ""  # the HEAD it was read from ("" for none)


def history(root: Path, last: History | None = None) -> History:
    """Each record file's last change, and a warning for each date that had to be dropped.
    `last`: the history serve read before (BuildMemory), taken again while HEAD is the commit
    it was read from: a commit's id is the digest of its whole history."""
    head = git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    if head is None or git(root, "rev-parse", "--is-shallow-repository") != "false\n":
        return History({}, ())  # a shallow clone would date every record by its one commit
    return last if last and last.commit == head.strip() else _history(root, head.strip())


def _history(root: Path, head: str) -> History:
    stamp = (git(root, "log", "-1", _ABBREV, _COMMIT_FORMAT, head) or "").strip("\0\n")
    newest = _day(stamp)
    if newest is None:  # the reference every date is held to
        why = f"the checked-out commit (HEAD) {_shown(stamp)}" if stamp else "git cannot read HEAD"
        return History({}, (_undated(why),), head)
    folders = [f"content/{folder}" for folder in RECORD_FOLDERS.values()]
    # --first-parent: the main line only; a merge lists the files it changed on it (relative to
    # its first parent), so a file changed in a merged branch is dated by the merge.
    log = git(
        root, "log", *_NO_DRIVERS, "--no-renames", "--relative", "--first-parent",
        "--diff-merges=first-parent", _ABBREV, _COMMIT_FORMAT, "--name-only", head,
        "--", *folders,
    )  # fmt: skip
    if log is None:
        return History({}, (_undated("git could not read the history"),))  # asked again
    dates: dict[str, PartialDate | None] = {}
    dropped: dict[str, list[str]] = {}  # each unreadable commit -> the files it last changed
    stamp, day = "", None
    for line in log.splitlines():
        if line.startswith("\0"):
            stamp = line[1:]
            day = _day(stamp)
            if day is not None and day.earliest > newest.earliest:
                day = newest  # after the checked-out commit: shown as its day
        elif line and line not in dates:  # newest first: the first seen is the last change
            dates[line] = day
            if day is None:
                dropped.setdefault(stamp, []).append(line)
    warnings = tuple(_dropped(stamp, files) for stamp, files in dropped.items())
    found = {path: day for path, day in sorted(dates.items()) if day is not None}
    return History(found, warnings, head)


def _day(stamp: str) -> PartialDate | None:
    """The committer's day of '<id> <seconds> <YYYY-MM-DD>', None unless it is a real day that
    git read from a time it can hold."""
    _, seconds, day = (stamp.split(" ", 2) + ["", ""])[:3]
    found = _DAY.fullmatch(day)
    # At most 12 digits: Python refuses to read numbers of thousands of digits.
    if found is None or not seconds.isascii() or not seconds.isdigit() or len(seconds) > 12:
        return None
    if int(seconds) > _LAST_SECOND:
        return None
    year, month, date = (int(part) for part in found.groups())
    try:
        datetime.date(year, month, date)
    except ValueError:  # the year 0, the month 13
        return None
    return PartialDate(year, month, date)


def _shown(stamp: str) -> str:
    commit, _, rest = stamp.partition(" ")
    day = rest.partition(" ")[2]
    # git prints the placeholder (%cs) for a time it cannot read at all.
    printed = f" (git prints '{day[:_SHOWN]}')" if day and "%" not in day else ""
    return f"{commit[:_SHOWN]} has a date out of range or unreadable{printed}"


def _undated(why: str) -> Problem:
    return Problem(
        "content", 0, "", f"{why}: no record shows when it was last updated", warning=True
    )


def _dropped(stamp: str, files: list[str]) -> Problem:
    """One warning for each commit, at the first record it leaves undated."""
    others = f" and the {len(files) - 1} other(s) it last changed show" if files[1:] else " shows"
    return Problem(
        files[0],
        0,
        "last updated",
        f"commit {_shown(stamp)}: this record{others} no date",
        warning=True,
    )


def commit_date(root: Path) -> datetime.date | None:
    """The committer's day of the commit being built (HEAD): the build's date, against which a
    status is old news, so the same commit builds the same pages. None without git, or for a
    date no calendar holds. Read apart from history(): a shallow clone has no history to date
    records by, but its one commit still dates the build."""
    day = _day((git(root, "log", "-1", _ABBREV, _COMMIT_FORMAT, "HEAD") or "").strip("\0\n"))
    return day.earliest if day else None
