"""Write stage: put a build's files into the output folder, keeping what has not changed.

Two ways, one interface (`Output`):
- `staged_output` (build): a fresh folder beside the output, swapped in only on success. A failed
  or interrupted build (an exception, Ctrl-C) deletes it and leaves the previous site untouched.
  Unchanged files are hard links to the previous site's, so they cost no copy.
- `updated_in_place` (serve): only changed files are replaced, each in one step; making and
  removing thousands of folders per edit would cost seconds.

Every output folder lists the fingerprint of each file it holds (FINGERPRINTS), so the next build
knows which files it can keep.

A pull request may commit a `site/` of its own, or a link in its place, so the output folder is
trusted only as far as this tool can prove it made it: it must not be a symbolic link, be tracked
by git, or hold the project; and its previous files are kept only if its marker names the folder
itself (its device and inode, which a checkout or a copy cannot reproduce), only as regular
files, and only at paths that stay inside it.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from generator.files import (
    Content,
    UnsafeFile,
    is_regular,
    opened_regular,
    read_regular,
    regular_files,
)
from generator.git import git
from generator.pages.urls import SITE_FILE

# Marks a folder as a site this tool built, so that a mistyped --out never deletes other files.
MARKER = ".ppdb-site"
# Site file -> fingerprint of every page and photo in the folder.
FINGERPRINTS = ".ppdb-fingerprints.json"
MAX_ASSET_BYTES = 10 * 1024 * 1024
_MAX_LIST_BYTES = 512 * 1024 * 1024  # the list of 50,000 records' pages is about 5 MB
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?:staging|previous)-(?P<pid>\d+)")
# Parts of a project no output folder may be, or be inside of.
PROJECT_PARTS = ("content", "templates", "assets", "generator", "tests", ".git", ".github")


class OutputError(Exception):
    """The output folder cannot be used; the message says why."""


@dataclass(frozen=True)
class Output:
    folder: Path  # where this build writes
    previous: str | None  # the last build's site, if this tool made it; None: keep nothing
    fingerprints: Mapping[str, str]  # what the last build wrote, by site file
    in_place: bool
    listed_files_exist: bool = False  # in place: no need to look for the files listed
    # Folders this process has made or found (each worker of parallel_map has its own copy).
    folders_made: set[str] = field(default_factory=set, compare=False)

    def keep(self, path: str, fingerprint: str) -> bool:
        """Keep the last build's file if it has this fingerprint; False if it must be written."""
        if self.previous is None or self.fingerprints.get(path) != fingerprint:
            return False
        if self.in_place:  # os.path: this runs for every page of the site
            return self.listed_files_exist or is_regular(os.path.join(self.folder, path))
        return link_or_copy(os.path.join(self.previous, path), os.path.join(self.folder, path))

    def write(self, files: Iterable[tuple[str, bytes]]) -> int:
        """Write (site path, content) pairs; returns how many differ from the last build's."""
        return sum(self.write_file(path, content) for path, content in files)

    def write_file(self, path: str, content: Content) -> bool:
        """Write one file, unless the last build's has these bytes: then it is kept as it was,
        so that only changed pages are rewritten. True if written. Safe to call from the
        workers of parallel_map, each with its own files."""
        if not isinstance(content, bytes):
            return self._write_pieces(path, content)
        # os.path and plain strings: this runs for every page written.
        if self._unchanged(path, content):
            self._keep_previous(path)
            return False
        target = self._target(path)
        if self.in_place:  # a visitor never gets half a page
            partial = _partial(target)
            _write_bytes(partial, content)
            os.replace(partial, target)
        else:
            _write_bytes(target, content)
        return True

    def _write_pieces(self, path: str, pieces: Iterable[bytes]) -> bool:
        """write_file() of a file given in pieces: written as they come, so that it is never
        whole in memory, then compared with the last build's on disk."""
        target = self._target(path)
        partial = _partial(target)
        try:
            _write_in_pieces(partial, pieces)
            if self.previous is not None and _same_bytes(
                partial, os.path.join(self.previous, path)
            ):
                os.remove(partial)
                self._keep_previous(path)
                return False
            os.replace(partial, target)
        except BaseException:
            with suppress(FileNotFoundError):
                os.remove(partial)
            raise
        return True

    def _target(self, path: str) -> str:
        """Where a site file is written, its folder made; a path that would lead out of the
        output folder is refused (the plan stage checks every path first: this is the last
        line of defence, made once a folder)."""
        target = os.path.join(self.folder, path)
        folder, name = os.path.split(target)
        if name in ("", ".", ".."):
            raise _outside(path)
        if folder not in self.folders_made:  # a record's folder holds three files or more
            root = os.fspath(self.folder)
            if os.path.normpath(folder) != folder or not (
                folder == root or folder.startswith(root + os.sep)
            ):
                raise _outside(path)
            os.makedirs(folder, exist_ok=True)
            self.folders_made.add(folder)
        return target

    def _keep_previous(self, path: str) -> None:
        if not self.in_place:  # in place, the file is there already
            assert self.previous is not None
            link_or_copy(os.path.join(self.previous, path), os.path.join(self.folder, path))

    def _unchanged(self, path: str, content: bytes) -> bool:
        if self.previous is None:
            return False
        try:
            previous = os.path.join(self.previous, path)
            return read_regular(previous, len(content), one_name=False) == content
        except (OSError, UnsafeFile):
            return False


def _outside(path: str) -> OutputError:
    return OutputError(
        f"refused to write {path!r}: it is not a plain path inside the output folder"
    )


def _partial(target: str) -> str:
    return os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.partial")


_BATCH_BYTES = 1024 * 1024  # a file in pieces is written (and compared) a megabyte at a time


def _write_bytes(file: str, content: bytes) -> None:
    # os.open, not open(): no buffered file object for one write, for every file of a build.
    descriptor = _opened_for_writing(file)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def _write_in_pieces(file: str, pieces: Iterable[bytes]) -> None:
    with os.fdopen(_opened_for_writing(file), "wb", buffering=_BATCH_BYTES) as opened:
        opened.writelines(pieces)


def _opened_for_writing(file: str) -> int:
    return os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW, 0o666)


def _same_bytes(written: str, previous: str) -> bool:
    """Whether the last build's file (a regular file, not a link) has the bytes just written."""
    try:
        size = os.stat(written).st_size
        with opened_regular(previous, size, one_name=False) as old, open(written, "rb") as new:
            while True:
                piece = new.read(_BATCH_BYTES)
                if old.read(_BATCH_BYTES) != piece:
                    return False
                if not piece:
                    return True
    except (OSError, UnsafeFile):
        return False


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # a link planted in the output is never written through


@contextmanager
def staged_output(out_dir: Path, project_root: Path | None = None) -> Iterator[Output]:
    """A fresh folder to build in, swapped in for out_dir on success."""
    out_dir = Path(os.path.abspath(out_dir))
    check_output_folder(out_dir, project_root)
    remove_leftovers(out_dir)
    stage = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"
    _remove_tree(stage)
    stage.mkdir(parents=True)
    try:
        made_here = built_here(out_dir)
        previous = str(out_dir) if made_here else None
        yield Output(stage, previous, previous_fingerprints(out_dir), in_place=False)
        _mark(stage)
        _swap_in(stage, out_dir)
    finally:
        _remove_tree(stage)


@contextmanager
def updated_in_place(
    out_dir: Path,
    fingerprints: Mapping[str, str],
    last_written: Mapping[str, str] | None = None,
    project_root: Path | None = None,
) -> Iterator[Output]:
    """Write into out_dir itself, then remove the files no build would make any more.

    Entries of files about to change are dropped from the list first, so that an interrupted
    update leaves nothing listed with a fingerprint its file does not have. If the folder lists
    exactly `last_written` (what this process wrote there last), its files are taken to be there,
    not looked for one by one. A folder this tool cannot prove it made is emptied first: nothing
    in it is written through."""
    out_dir = Path(os.path.abspath(out_dir))
    check_output_folder(out_dir, project_root)
    if not built_here(out_dir):
        _remove_tree(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    previous = previous_fingerprints(out_dir)
    listed_files_exist = previous == last_written
    unchanged = {p: f for p, f in previous.items() if fingerprints.get(p) == f}
    if unchanged != previous:
        write_fingerprints(out_dir, unchanged)
    yield Output(
        out_dir, str(out_dir), unchanged, in_place=True, listed_files_exist=listed_files_exist
    )
    for path in sorted(previous.keys() - fingerprints.keys()):
        _remove_file(out_dir, path)
    _mark(out_dir)


def previous_fingerprints(out_dir: Path) -> dict[str, str]:
    """Site file -> fingerprint, as the last build into out_dir wrote them; {} if unknown, if
    this tool did not make the folder, or if any entry names a path outside it: such a list is
    ignored, never obeyed."""
    if not built_here(out_dir):
        return {}
    try:
        listed = json.loads(read_regular(out_dir / FINGERPRINTS, _MAX_LIST_BYTES, one_name=False))
    except (OSError, UnsafeFile, ValueError):
        return {}
    valid = isinstance(listed, dict) and all(
        SITE_FILE.fullmatch(k) and isinstance(v, str) for k, v in listed.items()
    )
    return listed if valid else {}


def write_fingerprints(folder: Path, fingerprints: Mapping[str, str]) -> None:
    # No indent: only then does json use its C encoder (this runs twice per rebuild in serve).
    text = json.dumps(fingerprints, sort_keys=True) + "\n"
    partial = folder / f"{FINGERPRINTS}.partial"
    partial.write_text(text, encoding="utf-8")
    partial.replace(folder / FINGERPRINTS)


def files_under(folder: Path, prefix: str) -> Iterator[tuple[str, bytes]]:
    """(site path, content) of every file in a folder (the assets), in a stable order; links
    are never followed (the check stage reports them)."""
    for name, file in regular_files(folder):
        if not file.name.startswith("."):
            yield f"{prefix}{name}", read_regular(file, MAX_ASSET_BYTES)


def link_or_copy(source: str | Path, target: str | Path) -> bool:
    """Put a regular file at target without copying its bytes (a hard link, else a copy); False
    if there is no such file, or it is a link or anything but a regular file. (os calls on plain
    strings: this runs for every page a build keeps.)"""
    if not is_regular(source):
        return False
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target, follow_symlinks=False)
    except FileNotFoundError:
        return False
    except OSError:  # a file system without hard links
        try:
            with open(target, "wb") as copy:
                copy.write(read_regular(source, _MAX_LIST_BYTES, one_name=False))
        except (OSError, UnsafeFile):
            return False
    return True


def _remove_file(out_dir: Path, path: str) -> None:
    """Remove a file of a page that no longer exists, and the folders it leaves empty; nothing
    reached through a link."""
    parts = path.split("/")
    folders = [out_dir.joinpath(*parts[:depth]) for depth in range(1, len(parts))]
    if any(folder.is_symlink() for folder in folders):
        return
    (out_dir / path).unlink(missing_ok=True)
    for folder in reversed(folders):
        if not folder.is_dir() or any(folder.iterdir()):
            break
        folder.rmdir()


def _remove_tree(path: Path) -> None:
    """Remove a folder of this tool's (a stage, a replaced site); a link is removed, never
    followed. (shutil.rmtree never follows links inside the folder.)"""
    if path.is_symlink():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _identity(folder: Path) -> str:
    status = os.lstat(folder)
    return f"{status.st_dev}:{status.st_ino}"


def _mark(folder: Path) -> None:
    (folder / MARKER).write_text(
        f"Built by ppdb; this folder is replaced by every build.\nfolder: {_identity(folder)}\n"
    )


def built_here(out_dir: Path) -> bool:
    """Whether this tool made out_dir: its marker names the folder's device and inode."""
    try:
        marker = read_regular(out_dir / MARKER, 1024, one_name=False).decode("utf-8", "replace")
        return f"folder: {_identity(out_dir)}\n" in marker
    except (OSError, UnsafeFile):
        return False


def check_output_folder(out_dir: Path, project_root: Path | None) -> None:
    """Refuse an output folder that a pull request could have planted, or that holds what a
    build must not delete. out_dir is absolute but not resolved: links are still visible."""
    if out_dir.is_symlink():
        raise OutputError(
            f"{out_dir} is a symbolic link; the build replaces its output folder and never"
            " follows a link to do it: delete the link, or choose another --out folder"
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir} is a file, not a folder")
    if project_root is not None:
        _check_inside_project(out_dir, Path(os.path.abspath(project_root)))
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise OutputError(
            f"{out_dir} is not empty and was not built by this tool (no {MARKER} file):"
            " choose another --out folder, or empty this one"
        )


def _check_inside_project(out_dir: Path, root: Path) -> None:
    resolved, real_root = out_dir.resolve(), root.resolve()
    if real_root.is_relative_to(resolved):
        raise OutputError(f"{out_dir} holds the project itself: choose another --out folder")
    for part in PROJECT_PARTS:
        if resolved.is_relative_to(real_root / part):
            raise OutputError(f"{out_dir} is part of the project ({part}/): choose another --out")
    if not out_dir.is_relative_to(root):
        return
    relative = out_dir.relative_to(root)
    for depth in range(1, len(relative.parts)):
        folder = root.joinpath(*relative.parts[:depth])
        if folder.is_symlink():
            raise OutputError(
                f"{out_dir} is reached through the symbolic link {folder}; the build never"
                " follows a link to its output: choose another --out folder"
            )
    # icase: on a file system that ignores case, a committed SITE/ is site/
    if git(root, "ls-files", "-z", "--", f":(icase){relative.as_posix()}", timeout=30):
        raise OutputError(
            f"{out_dir} holds files that git tracks: generated output is never committed."
            f" Remove them from git (git rm -r --cached {relative.as_posix()}), or choose"
            " another --out folder"
        )


def remove_leftovers(out_dir: Path) -> None:
    """Remove the stages and replaced sites that builds into out_dir left when they were
    killed: each is a whole site."""
    try:
        entries = list(os.scandir(out_dir.parent))
    except OSError:
        return
    for entry in entries:
        found = _LEFTOVER.fullmatch(entry.name)
        if found and found["name"] == out_dir.name and not _running(int(found["pid"])):
            _remove_tree(Path(entry.path))


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        pass  # another user's, or not a process id at all: leave it
    return True


def _swap_in(stage: Path, out_dir: Path) -> None:
    """Put the stage where out_dir is, so that at every instant either the old site or the new
    one is there: one exchange of the two names where the system has it (Linux), else two
    renames with a moment between them."""
    if not os.path.lexists(out_dir):
        stage.rename(out_dir)
        return
    if _exchange(stage, out_dir):
        return  # the old site is now at the stage's name, removed with it
    previous = out_dir.parent / f".{out_dir.name}.previous-{os.getpid()}"
    _remove_tree(previous)
    out_dir.rename(previous)
    stage.rename(out_dir)
    _remove_tree(previous)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (renameat2 with RENAME_EXCHANGE); False if not supported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    number, path = ctypes.c_int, ctypes.c_char_p  # (ctypes reads argtypes once, as assigned)
    renameat2.argtypes = [number, path, number, path, ctypes.c_uint]
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))
