"""Write stage: build into a staging folder beside the output, swap it in only on success.

A failed or interrupted build (an exception, Ctrl-C) deletes the staging folder and leaves the
previous site untouched.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

# Marks a folder as a site this tool built, so that a mistyped --out never deletes other files.
MARKER = ".ppdb-site"


class OutputError(Exception):
    """The output folder cannot be used; the message says why."""


@contextmanager
def staged_output(out_dir: Path) -> Iterator[Path]:
    out_dir = out_dir.resolve()
    _check_replaceable(out_dir)
    stage = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        yield stage
        (stage / MARKER).write_text("Built by ppdb; this folder is replaced by every build.\n")
        _swap_in(stage, out_dir)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def write_files(stage: Path, files: Iterable[tuple[str, bytes]]) -> int:
    """Write (site path, content) pairs under the stage; returns how many were written."""
    count = 0
    for path, content in files:
        target = stage / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        count += 1
    return count


def copy_tree(source: Path, destination: Path) -> None:
    """Copy a folder (the assets) into the stage, in a stable order."""
    for file in sorted(source.rglob("*")):
        if file.is_file() and not file.name.startswith("."):
            target = destination / file.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)


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
