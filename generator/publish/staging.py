"""Write stage: put a build's files into the output folder, keeping what has not changed.

Two ways, one interface (`Output`):
- `staged_output` (build): a fresh folder beside the output, swapped in only on success. A failed
  or interrupted build (an exception, Ctrl-C) deletes it and leaves the previous site untouched.
  Unchanged files are hard links to the previous site's, so they cost no copy.
- `updated_in_place` (serve): only changed files are replaced, each in one step; making and
  removing thousands of folders per edit would cost seconds.

Every output folder lists the fingerprint of each file it holds (FINGERPRINTS), so the next build
knows which files it can keep.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Marks a folder as a site this tool built, so that a mistyped --out never deletes other files.
MARKER = ".ppdb-site"
# Site file -> fingerprint of every page and photo in the folder.
FINGERPRINTS = ".ppdb-fingerprints.json"


class OutputError(Exception):
    """The output folder cannot be used; the message says why."""


@dataclass(frozen=True)
class Output:
    folder: Path  # where this build writes
    previous: Path  # the last build's site
    fingerprints: Mapping[str, str]  # what the last build wrote, by site file
    in_place: bool
    listed_files_exist: bool = False  # in place: no need to look for the files listed

    def keep(self, path: str, fingerprint: str) -> bool:
        """Keep the last build's file if it has this fingerprint; False if it must be written."""
        if self.fingerprints.get(path) != fingerprint:
            return False
        if self.in_place:  # os.path: this runs for every page of the site
            return self.listed_files_exist or os.path.isfile(os.path.join(self.folder, path))
        return link_or_copy(os.path.join(self.previous, path), os.path.join(self.folder, path))

    def write(self, files: Iterable[tuple[str, bytes]]) -> int:
        """Write (site path, content) pairs; returns how many differ from the last build's."""
        return sum(self.write_file(path, content) for path, content in files)

    def write_file(self, path: str, content: bytes) -> bool:
        """Write one file, unless the last build's has these bytes: then it is kept as it was,
        so that only changed pages are rewritten. True if written. Safe to call from the
        workers of parallel_map, each with its own files."""
        # os.path and plain strings: this runs for every page written.
        if self._unchanged(path, content):
            if not self.in_place:
                link_or_copy(os.path.join(self.previous, path), os.path.join(self.folder, path))
            return False
        target = os.path.join(self.folder, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if self.in_place:  # a visitor never gets half a page
            partial = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.partial")
            _write_bytes(partial, content)
            os.replace(partial, target)
        else:
            _write_bytes(target, content)
        return True

    def _unchanged(self, path: str, content: bytes) -> bool:
        try:
            with open(os.path.join(self.previous, path), "rb") as file:
                return file.read() == content
        except OSError:
            return False


def _write_bytes(file: str, content: bytes) -> None:
    with open(file, "wb") as opened:
        opened.write(content)


@contextmanager
def staged_output(out_dir: Path) -> Iterator[Output]:
    """A fresh folder to build in, swapped in for out_dir on success."""
    out_dir = out_dir.resolve()
    _check_replaceable(out_dir)
    stage = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        yield Output(stage, out_dir, previous_fingerprints(out_dir), in_place=False)
        _mark(stage)
        _swap_in(stage, out_dir)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


@contextmanager
def updated_in_place(
    out_dir: Path, fingerprints: Mapping[str, str], last_written: Mapping[str, str] | None = None
) -> Iterator[Output]:
    """Write into out_dir itself, then remove the files no build would make any more.

    Entries of files about to change are dropped from the list first, so that an interrupted
    update leaves nothing listed with a fingerprint its file does not have. If the folder lists
    exactly `last_written` (what this process wrote there last), its files are taken to be there:
    looking costs a stat per page (0.3 s at 50,000 records, on every edit serve rebuilds)."""
    out_dir = out_dir.resolve()
    _check_replaceable(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    previous = previous_fingerprints(out_dir)
    listed_files_exist = previous == last_written
    unchanged = {p: f for p, f in previous.items() if fingerprints.get(p) == f}
    if unchanged != previous:
        write_fingerprints(out_dir, unchanged)
    yield Output(out_dir, out_dir, unchanged, in_place=True, listed_files_exist=listed_files_exist)
    for path in sorted(previous.keys() - fingerprints.keys()):
        _remove_file(out_dir, path)
    _mark(out_dir)


def previous_fingerprints(out_dir: Path) -> dict[str, str]:
    """Site file -> fingerprint, as the last build into out_dir wrote them; {} if unknown."""
    try:
        fingerprints = json.loads((out_dir / FINGERPRINTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return fingerprints if isinstance(fingerprints, dict) else {}


def write_fingerprints(folder: Path, fingerprints: Mapping[str, str]) -> None:
    # No indent: only then does json use its C encoder (this runs twice per rebuild in serve).
    text = json.dumps(fingerprints, sort_keys=True) + "\n"
    partial = folder / f"{FINGERPRINTS}.partial"
    partial.write_text(text, encoding="utf-8")
    partial.replace(folder / FINGERPRINTS)


def files_under(folder: Path, prefix: str) -> Iterator[tuple[str, bytes]]:
    """(site path, content) of every file in a folder (the assets), in a stable order."""
    for file in sorted(folder.rglob("*")):
        if file.is_file() and not file.name.startswith("."):
            yield f"{prefix}{file.relative_to(folder).as_posix()}", file.read_bytes()


def link_or_copy(source: str | Path, target: str | Path) -> bool:
    """Put a file at target without copying its bytes (a hard link, else a copy); False if
    there is no such file. (os calls on plain strings: this runs for every page a build keeps.)"""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except FileNotFoundError:
        return False
    except OSError:  # a file system without hard links
        try:
            shutil.copyfile(source, target)
        except OSError:
            return False
    return True


def _remove_file(out_dir: Path, path: str) -> None:
    """Remove a file of a page that no longer exists, and the folders it leaves empty."""
    file = out_dir / path
    file.unlink(missing_ok=True)
    folder = file.parent
    while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _mark(folder: Path) -> None:
    (folder / MARKER).write_text("Built by ppdb; this folder is replaced by every build.\n")


def _check_replaceable(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir} is a file, not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise OutputError(
            f"{out_dir} is not empty and was not built by this tool (no {MARKER} file):"
            " choose another --out folder, or empty this one"
        )


def _swap_in(stage: Path, out_dir: Path) -> None:
    previous = out_dir.parent / f".{out_dir.name}.previous-{os.getpid()}"
    shutil.rmtree(previous, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(previous)
    stage.rename(out_dir)
    shutil.rmtree(previous, ignore_errors=True)
