"""Index stage: Pagefind indexes the staged site (pages marked data-pagefind-body)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

SEARCH_FOLDER = "pagefind"


class SearchIndexError(Exception):
    """Pagefind failed; the message carries what it said."""


def index_search(site_dir: Path) -> None:
    _run_pagefind(site_dir, site_dir / SEARCH_FOLDER)


def reindex_search(site_dir: Path) -> None:
    """Index a site that is being served: the new index replaces the old one in one step."""
    fresh = site_dir / f".{SEARCH_FOLDER}-next"
    old = site_dir / f".{SEARCH_FOLDER}-old"
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    _run_pagefind(site_dir, fresh)
    if (site_dir / SEARCH_FOLDER).exists():
        (site_dir / SEARCH_FOLDER).rename(old)
    fresh.rename(site_dir / SEARCH_FOLDER)
    shutil.rmtree(old, ignore_errors=True)


def _run_pagefind(site_dir: Path, output: Path) -> None:
    command = [
        sys.executable, "-m", "pagefind",
        "--site", str(site_dir),
        "--output-path", str(output.resolve()),
        "--silent",
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise SearchIndexError(f"could not run Pagefind: {error}") from error
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip()
        raise SearchIndexError(f"Pagefind failed (exit {result.returncode}): {said}")
