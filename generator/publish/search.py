"""Index stage: Pagefind indexes the searchable pages, one bundle per urls.SEARCH_SLICE pages.

Pagefind keeps all it indexes in memory, so each bundle is made by its own Pagefind run over a
folder of hard links to just that slice of pages; the search page merges the bundles.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from generator.pages import urls
from generator.publish.staging import link_or_copy

SEARCH_FOLDER = urls.SEARCH_BUNDLE.rstrip("/")


class SearchIndexError(Exception):
    """Pagefind failed; the message carries what it said."""


def index_search(site_dir: Path, searchable: Sequence[str], into: Path | None = None) -> None:
    """Index the searchable site files into site_dir/pagefind (or `into`)."""
    into = into or site_dir / SEARCH_FOLDER
    for number, bundle in enumerate(urls.search_bundles(len(searchable))):
        pages = searchable[number * urls.SEARCH_SLICE : (number + 1) * urls.SEARCH_SLICE]
        with tempfile.TemporaryDirectory(prefix=".ppdb-search-", dir=site_dir.parent) as slice_:
            for page in pages:
                link_or_copy(site_dir / page, Path(slice_) / page)
            _run_pagefind(Path(slice_), into / bundle.removeprefix(urls.SEARCH_BUNDLE))


def reindex_search(site_dir: Path, searchable: Sequence[str]) -> None:
    """Index a site that is being served: the new index replaces the old one in one step."""
    fresh = site_dir / f".{SEARCH_FOLDER}-next"
    old = site_dir / f".{SEARCH_FOLDER}-old"
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    index_search(site_dir, searchable, into=fresh)
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
