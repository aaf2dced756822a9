"""Reading the project's own files as a hostile pull request may have left them.

Content, templates and assets come from strangers. A symbolic link among them could publish a
file from elsewhere on the reviewer's machine (`assets/fonts.css -> ../.git/config`), and a
FIFO or a link to /dev/zero could hang the build or exhaust its memory. So every file the build
reads from them is opened without following a link, must be a regular file, and is read up to
its limit and one byte more, never whole before its size is known.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.problems import Problem

# open() never follows a link in the last part of the path, never waits on a FIFO.
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FLAGS = os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0)
_FLAGS |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
LINK_ADVICE = "the build reads only files kept in the repository as they are: replace the link"
LINK_MESSAGE = f"is a symbolic link; {LINK_ADVICE} with the file itself"
NOT_REGULAR = "is not a regular file: only plain files belong here"
# What the build writes to a file: its bytes, or, for a file that grows with the database and
# need never be whole in memory (database.json), its pieces in order as they are made.
Content = bytes | Iterable[bytes]


class UnsafeFile(Exception):
    """A file the build refuses to read; the message says why, for `path: message`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TooLarge(UnsafeFile):
    """Over its limit: only limit + 1 bytes were read."""


@contextmanager
def opened_regular(
    file: str | Path, limit: int, *, one_name: bool = True
) -> Iterator[io.BufferedReader]:
    """A regular file opened for reading, if it is not a symbolic link and at most `limit`
    bytes long; with `one_name`, not a hard link either (an unpacked archive can link a file of
    its own to any file of the machine; the build's own output is made of hard links). Raises
    UnsafeFile (a link, a folder, a device, a FIFO, too large) or OSError."""
    try:
        descriptor = os.open(file, _FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP or stat.S_ISLNK(_mode(file)):
            raise UnsafeFile(LINK_MESSAGE) from None
        raise
    with os.fdopen(descriptor, "rb") as opened:
        refusal = _refusal(os.fstat(descriptor), limit, one_name=one_name)
        if refusal:
            raise refusal
        yield opened


def read_regular(file: str | Path, limit: int, *, one_name: bool = True) -> bytes:
    """The bytes of a file that opened_regular() accepts, read up to `limit` and one byte more:
    a file that grows while it is read is refused too."""
    with opened_regular(file, limit, one_name=one_name) as opened:
        # As many bytes as the file has and one more, not `limit` + 1: a buffer of the limit
        # (1 MiB for content) costs more than reading a record of a few kilobytes.
        size = min(os.fstat(opened.fileno()).st_size, limit)
        data = opened.read(size + 1)
        if len(data) > size:  # it has grown since: read on, to the limit and one byte more
            data += opened.read(limit - size)
    if len(data) > limit:
        raise TooLarge(_too_large(len(data), limit))
    return data


def _refusal(status: os.stat_result, limit: int | None, *, one_name: bool) -> UnsafeFile | None:
    """Why the build refuses a file with this status, if it does."""
    if not stat.S_ISREG(status.st_mode):
        return UnsafeFile(NOT_REGULAR)
    if one_name and status.st_nlink > 1:
        return UnsafeFile(f"has other names (hard links); {LINK_ADVICE} with a copy")
    if limit is not None and status.st_size > limit:
        return TooLarge(_too_large(status.st_size, limit))
    return None


def _too_large(size: int, limit: int) -> str:
    return f"file is {_size(size)}; the limit is {_size(limit)}: split it or make it smaller"


def is_regular(file: str | Path) -> bool:
    """Whether a path is a regular file, itself and not through a link."""
    return stat.S_ISREG(_mode(file))


def _mode(file: str | Path) -> int:
    """The type and permissions of the path itself (a link's, not its target's); 0 if none."""
    try:
        return os.lstat(file).st_mode
    except OSError:
        return 0


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MiB"
    return f"{size / 1024:.0f} KiB"


# How many folders deep walk() looks. Nothing the build reads needs more: records are one folder
# down in content/, photos beside them or a folder or two further, templates and assets two.
# Deeper folders are refused unopened: a pull request's thousand nested folders cost one problem,
# not a walk of each (or, walked by recursion, a RecursionError).
MAX_FOLDER_DEPTH = 8
TOO_DEEP = (
    f"folders nested more than {MAX_FOLDER_DEPTH} deep: no file the build reads needs more, and it"
    " looks no further in: move what this folder holds higher up, or remove it"
)


def walk(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(path relative to the folder, entry) of everything under it, depth first and by name,
    nothing reached through a link (a link is listed, not entered), and no folder entered more
    than MAX_FOLDER_DEPTH deep (too_deep() names it). A loop, not recursion: any nesting."""
    if not folder.is_dir() or folder.is_symlink():
        return
    # The entries still to list of each folder being walked, the next one last.
    pending = [("", _entries_by_name(str(folder)))]
    while pending:
        prefix, entries = pending[-1]
        if not entries:
            pending.pop()
            continue
        entry = entries.pop()
        name = prefix + entry.name
        yield name, entry
        if entry.is_dir(follow_symlinks=False) and len(pending) <= MAX_FOLDER_DEPTH:
            pending.append((f"{name}/", _entries_by_name(entry.path)))


def _entries_by_name(folder: str) -> list[os.DirEntry[str]]:
    """A folder's entries, the first by name last (walk() takes them from the end)."""
    with os.scandir(folder) as scanned:
        return sorted(scanned, key=lambda entry: entry.name, reverse=True)


def too_deep(name: str, entry: os.DirEntry[str]) -> bool:
    """Whether walk() listed this folder without entering it: it is too deep."""
    return name.count("/") >= MAX_FOLDER_DEPTH and entry.is_dir(follow_symlinks=False)


def refusal(entry: os.DirEntry[str], limit: int | None = None) -> str | None:
    """Why the build refuses an entry of walk(), if it does: a link, anything but a file or a
    folder; with a `limit`, a hard link or a file over it (one stat, nothing read)."""
    if entry.is_symlink():
        return LINK_MESSAGE
    if entry.is_dir(follow_symlinks=False):
        return None
    if not entry.is_file(follow_symlinks=False):
        return NOT_REGULAR
    if limit is None:
        return None
    refused = _refusal(entry.stat(follow_symlinks=False), limit, one_name=True)
    return refused.message if refused else None


def refused_entries(
    folder: Path, shown: str, *, recursive: bool, limit: int | None = None
) -> list[Problem]:
    """A problem for the folder itself, or (recursive) anything under it, that refusal() names,
    and for a folder too deep to walk. `shown` is how volunteers name the folder: 'assets'."""
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        return []
    if stat.S_ISLNK(mode):
        return [Problem(shown, 0, "", f"is a symbolic link; {LINK_ADVICE} with the folder itself")]
    if not recursive:
        return []
    return [
        Problem(f"{shown}/{name}", 0, "", message)
        for name, entry in walk(folder)
        if (message := refusal(entry, limit) or (TOO_DEEP if too_deep(name, entry) else None))
    ]


def regular_files(folder: Path) -> Iterator[tuple[str, Path]]:
    """(path relative to the folder, file) of every regular file under it, in walk() order,
    links and their targets left out (refused_entries() reports them)."""
    for name, entry in walk(folder):
        if entry.is_file(follow_symlinks=False):
            yield name, Path(entry.path)


def write_regular(file: Path, data: bytes) -> None:
    """Replace a content file with new bytes: written beside it, then renamed over it in one
    step (a rename replaces a link itself, never writing where it points)."""
    partial = file.with_name(f".{file.name}.{os.getpid()}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o644)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        os.replace(partial, file)
    finally:
        partial.unlink(missing_ok=True)
