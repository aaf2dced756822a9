"""Index stage: Pagefind indexes the searchable pages, one bundle per urls.SEARCH_SLICE pages
of a language.

Pagefind keeps all it indexes in memory, so each bundle is made by its own Pagefind run over a
folder of hard links to just that slice of pages; each language's search page merges its own
bundles.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from generator.pages import urls
from generator.publish.staging import link_or_copy

SEARCH_FOLDER = urls.SEARCH_BUNDLE.rstrip("/")


class SearchIndexError(Exception):
    """Pagefind failed; the message carries what it said."""


class IndexingStopped(Exception):
    """Indexing was asked to stop (see LiveIndex.close)."""


Groups = Sequence[tuple[str, Sequence[str]]]  # (language prefix, searchable files), in order


def index_search(
    site_dir: Path,
    groups: Groups,
    into: Path | None = None,
    unchanged: Callable[[str, Sequence[str]], bool] = lambda bundle, pages: False,
    stop: threading.Event | None = None,
) -> int:
    """Index the searchable site files of each language into site_dir/pagefind (or `into`);
    returns how many bundles Pagefind made. A bundle for which unchanged(bundle, pages) holds
    is taken over from site_dir/pagefind instead (hard links): its pages are as they were when
    it was made. Once `stop` is set, IndexingStopped is raised."""
    into = into or site_dir / SEARCH_FOLDER
    slices = urls.search_slices(groups)
    made = 0
    for bundle, pages in slices:
        folder = bundle.removeprefix(urls.SEARCH_BUNDLE)
        if unchanged(bundle, pages):
            nested = {other.removeprefix(bundle) for other, _ in slices if other != bundle}
            _take_over(site_dir / SEARCH_FOLDER / folder, into / folder, nested)
            continue
        with tempfile.TemporaryDirectory(prefix=".ppdb-search-", dir=site_dir.parent) as slice_:
            for page in pages:
                link_or_copy(site_dir / page, Path(slice_) / page)
            _run_pagefind(Path(slice_), into / folder, stop)
        made += 1
    return made


def reindex_search(
    site_dir: Path,
    groups: Groups,
    changed: Collection[str] = (),
    indexed: Groups | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Index a site that is being served: the new index replaces the old one in one step.

    `indexed`: the searchable pages when the current index was made; `changed`: the pages
    written since. Bundles of the same pages, none of them changed, are not indexed again (an
    edit usually touches one or two bundles of many). Returns how many bundles were indexed."""
    fresh = site_dir / f".{SEARCH_FOLDER}-next"
    old = site_dir / f".{SEARCH_FOLDER}-old"
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)

    # What the old index holds, by bundle.
    old_index = indexed is not None and (site_dir / SEARCH_FOLDER).is_dir()
    kept = dict(urls.search_slices(indexed)) if indexed is not None and old_index else {}

    def unchanged(bundle: str, pages: Sequence[str]) -> bool:
        return kept.get(bundle) == tuple(pages) and not any(page in changed for page in pages)

    try:
        made = index_search(site_dir, groups, into=fresh, unchanged=unchanged, stop=stop)
    except IndexingStopped:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if (site_dir / SEARCH_FOLDER).exists():
        (site_dir / SEARCH_FOLDER).rename(old)
    fresh.rename(site_dir / SEARCH_FOLDER)
    shutil.rmtree(old, ignore_errors=True)
    return made


def _take_over(old: Path, new: Path, nested: Collection[str]) -> None:
    """Hard-link one bundle's files from the old index: every file under `old` but the folders
    of the bundles nested in it (`nested`: pagefind/2/ and pagefind/ru/ are inside pagefind/)."""
    for folder, subfolders, files in os.walk(old):
        if folder == str(old):
            subfolders[:] = [name for name in subfolders if f"{name}/" not in nested]
        target = new / Path(folder).relative_to(old)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            link_or_copy(Path(folder) / name, target / name)


def _run_pagefind(site_dir: Path, output: Path, stop: threading.Event | None) -> None:
    # -I and a folder of our own pages as the working folder: a pull request's pagefind/ or
    # pagefind.yml at the project root is neither imported nor read.
    command = [
        sys.executable, "-I", "-m", "pagefind",
        "--site", str(site_dir),
        "--output-path", str(output.resolve()),
        "--silent",
    ]  # fmt: skip
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=site_dir
        )
    except OSError as error:
        raise SearchIndexError(f"could not run Pagefind: {error}") from error
    while True:
        try:  # looking up now and then whether to stop (serve is quitting)
            stdout, stderr = process.communicate(timeout=None if stop is None else 0.2)
            break
        except subprocess.TimeoutExpired:
            if stop is not None and stop.is_set():
                process.kill()
                process.communicate()
                raise IndexingStopped from None
    if process.returncode != 0:
        said = (stderr or stdout).strip()
        raise SearchIndexError(f"Pagefind failed (exit {process.returncode}): {said}")


class LiveIndex:
    """serve's search index, brought up to date in a thread of its own: a preview is served as
    soon as its pages are written, and the next edit is rebuilt while Pagefind runs. Pages
    written meanwhile are indexed by the next pass; one pass runs at a time."""

    def __init__(self, site_dir: Path, say: Callable[[str], None]) -> None:
        self._site_dir = site_dir
        self._say = say
        self._state = threading.Condition()
        self._searchable: Groups = ()  # as the newest build left them
        self._changed: set[str] = set()  # pages written since the last pass began
        self._indexed: Groups | None = None  # as the current index has them
        self._pending = self._busy = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="search index", daemon=True)
        self._thread.start()

    def update(self, searchable: Groups, changed: Collection[str]) -> None:
        """A build wrote `changed`: index what that affects, now or after the pass under way."""
        with self._state:
            self._searchable = tuple(searchable)
            self._changed.update(changed)
            self._pending = True
            self._state.notify_all()

    def idle(self, timeout: float | None = None) -> bool:
        """Wait until every update is indexed (or has failed); False if `timeout` ran out."""
        with self._state:
            return self._state.wait_for(lambda: not (self._pending or self._busy), timeout)

    def close(self) -> None:
        """Stop, cutting short the pass under way (its half-made index is dropped)."""
        with self._state:
            self._stop.set()
            self._state.notify_all()
        self._thread.join()

    def _run(self) -> None:
        while True:
            with self._state:
                self._state.wait_for(lambda: self._pending or self._stop.is_set())
                if self._stop.is_set():
                    return
                searchable, changed = self._searchable, self._changed
                self._changed, self._pending, self._busy = set(), False, True
            try:
                self._index(searchable, changed)
            finally:
                with self._state:
                    self._busy = False
                    self._state.notify_all()

    def _index(self, searchable: Groups, changed: set[str]) -> None:
        if searchable == self._indexed and not changed:
            return  # up to date
        started = time.perf_counter()
        try:
            made = reindex_search(self._site_dir, searchable, changed, self._indexed, self._stop)
        except IndexingStopped:
            return
        except (SearchIndexError, OSError) as error:
            with self._state:
                self._changed |= changed  # indexed by the pass after the next edit
            self._say(f"Search was not updated: {error}")
            return
        self._indexed = searchable
        parts = len(urls.search_slices(searchable))
        seconds = time.perf_counter() - started
        self._say(f"Search index updated in {seconds:.2f} s ({made} of {parts} parts).")
