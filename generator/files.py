"""Reading the project's own files as a hostile pull request may have left them.

Content, templates and assets come from strangers. A symbolic link among them could publish a
file from elsewhere on the reviewer's machine (`assets/fonts.css -> ../.git/config`), and a
FIFO or a link to /dev/zero could hang the build or exhaust its memory. So every file the build
reads from them is opened without following a link, must be a regular file, and is read up to
its limit and one byte more, never whole before its size is known.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from generator.problems import Problem

# open() never follows a link in the last part of the path, never waits on a FIFO.
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_FLAGS |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
LINK_ADVICE = "the build reads only files kept in the repository as they are: replace the link"
LINK_MESSAGE = f"is a symbolic link; {LINK_ADVICE} with the file itself"


class UnsafeFile(Exception):
    """A file the build refuses to read; the message says why, for `path: message`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TooLarge(UnsafeFile):
    """Over its limit: only limit + 1 bytes were read."""


def read_regular(file: str | Path, limit: int, *, one_name: bool = True) -> bytes:
    """The bytes of a regular file that is not a symbolic link, at most `limit` of them; with
    `one_name`, not a hard link either (an unpacked archive can link a file of its own to any
    file of the machine; the build's own output is made of hard links). Raises UnsafeFile (a
    link, a folder, a device, a FIFO, too large) or OSError."""
    try:
        descriptor = os.open(file, _FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP or _is_link(file):
            raise UnsafeFile(LINK_MESSAGE) from None
        raise
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise UnsafeFile("is not a regular file: only plain files belong here")
        if one_name and status.st_nlink > 1:
            raise UnsafeFile(f"has other names (hard links); {LINK_ADVICE} with a copy")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, min(limit + 1 - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(descriptor)
    if size > limit:
        found = _size(max(status.st_size, size))
        raise TooLarge(f"file is {found}; the limit is {_size(limit)}: split it or make it smaller")
    return b"".join(chunks)


def _is_link(file: str | Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(file).st_mode)
    except OSError:
        return False


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MiB"
    return f"{size / 1024:.0f} KiB"


def refused_entries(folder: Path, shown: str, *, recursive: bool) -> list[Problem]:
    """A problem for the folder itself, or (recursive) anything under it, that is a symbolic
    link or neither a file nor a folder. `shown` is how volunteers name the folder: 'assets'."""
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        return []
    if stat.S_ISLNK(mode):
        return [Problem(shown, 0, "", f"is a symbolic link; {LINK_ADVICE} with the folder itself")]
    if not recursive:
        return []
    return [Problem(f"{shown}/{name}", 0, "", message) for name, message in _walk(str(folder), "")]


def _walk(folder: str, prefix: str) -> Iterator[tuple[str, str]]:
    with os.scandir(folder) as scanned:
        entries = sorted(scanned, key=lambda entry: entry.name)
    for entry in entries:
        name = prefix + entry.name
        if entry.is_symlink():
            yield name, LINK_MESSAGE
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, name + "/")
        elif not entry.is_file(follow_symlinks=False):
            yield name, "is not a regular file: only plain files belong here"


def regular_files(folder: Path) -> Iterator[tuple[str, Path]]:
    """(path relative to the folder, file) of every regular file under it, sorted, links and
    their targets left out (refused_entries() reports them)."""
    if not folder.is_dir() or folder.is_symlink():
        return
    stack = [(str(folder), "")]
    found: list[tuple[str, Path]] = []
    while stack:
        current, prefix = stack.pop()
        with os.scandir(current) as entries:
            for entry in entries:
                if entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file(follow_symlinks=False):
                    found.append((prefix + entry.name, Path(entry.path)))
    yield from sorted(found)
