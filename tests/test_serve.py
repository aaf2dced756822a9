"""`serve` rebuilds on change, a broken edit keeps the last good site online, and search
follows in the background, indexing again only the parts of the index whose pages changed."""

from __future__ import annotations

import gzip
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from queue import Queue

import pytest

from generator import build as pipeline
from generator.cli import _previewing
from generator.content.load import Seen
from generator.pages import urls
from generator.publish.search import LiveIndex
from generator.serve import serve, snapshot

from .conftest import SiteTree, prisoner


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_serve_rebuilds_on_change_and_survives_a_broken_edit(tree: SiteTree) -> None:
    file = tree.prisoner("x", prisoner("First Name"))
    out = tree.root / "site"
    project = tree.project
    builds: list[str] = []
    addresses: Queue[str] = Queue()
    stop = threading.Event()

    def serve_previews() -> None:
        with _previewing(project, out) as preview:

            def rebuild(seen: Seen) -> None:
                preview(seen)
                builds.append("done")

            watched = [project.content_dir]
            serve(out, "127.0.0.1", 0, watched, rebuild, ready=addresses.put, stop=stop)

    thread = threading.Thread(target=serve_previews)
    thread.start()
    try:
        page = addresses.get(timeout=30) + "prisoners/x/"
        assert "First Name" in fetch(page)
        assert wait_for(lambda: "First Name" in indexed_text(out / "pagefind"))

        file.write_text(prisoner("Second Name"), encoding="utf-8")
        assert wait_for(lambda: "Second Name" in fetch(page))
        assert wait_for(lambda: "Second Name" in indexed_text(out / "pagefind"))

        before = len(builds)
        file.write_text(prisoner("Third Name", status="jailed"), encoding="utf-8")
        assert wait_for(lambda: len(builds) > before)  # the rebuild after the broken edit ran
        assert "Second Name" in fetch(page)  # and the last good build is still served
    finally:
        stop.set()
        thread.join(timeout=10)


def indexed_text(bundle: Path) -> str:
    """The text of the pages one part of the Pagefind index holds (its fragments, gzipped)."""
    fragments = sorted((bundle / "fragment").glob("*.pf_fragment"))
    return "".join(gzip.decompress(file.read_bytes()).decode("utf-8") for file in fragments)


class Serving:
    """serve's rebuilds and search index, wired as the CLI wires them, for one test."""

    def __init__(self, tree: SiteTree) -> None:
        self.tree, self.out = tree, tree.root / "site"
        self.said: list[str] = []  # what the index reported
        self.memory = pipeline.BuildMemory()
        self.search = LiveIndex(self.out, say=self.said.append)

    def rebuild(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Build, then wait until search has caught up; returns the searchable pages, by
        language."""
        report = pipeline.build(
            self.tree.project, self.out, search=False, in_place=True, memory=self.memory
        )
        self.search.update(report.searchable, report.changed_pages)
        assert self.search.idle(timeout=60)
        return report.searchable


@pytest.fixture
def serving(tree: SiteTree) -> Iterator[Serving]:
    serving = Serving(tree)
    yield serving
    serving.search.close()


def test_live_index_indexes_again_only_the_parts_whose_pages_changed(
    tree: SiteTree, serving: Serving, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(urls, "SEARCH_SLICE", 2)  # nine searchable pages: five parts
    for slug in ("a", "b", "c", "d"):
        tree.prisoner(slug, prisoner(f"Person {slug.upper()}"))
    searchable = serving.rebuild()
    assert serving.said[-1].endswith("(5 of 5 parts).")
    slices = urls.search_slices(searchable)
    parts = [serving.out / bundle for bundle, _ in slices]
    (part_of_d,) = (serving.out / b for b, pages in slices if "prisoners/d/index.html" in pages)
    assert "Person D" in indexed_text(part_of_d)
    others = {
        file: file.stat().st_ino
        for part in parts
        if part != part_of_d
        for file in part.iterdir()  # each part's own files, not the parts nested in it
        if file.is_file()
    }

    tree.prisoner("d", prisoner("Person D", region="Qyzylorda"))  # shows on its profile alone
    assert serving.rebuild() == searchable
    assert serving.said[-1].endswith("(1 of 5 parts).")
    assert "Qyzylorda" in indexed_text(part_of_d)
    assert {file: file.stat().st_ino for file in others} == others  # taken over as they were

    serving.rebuild()  # nothing changed: nothing to index
    assert len(serving.said) == 2


def test_live_index_reports_a_failure_and_indexes_those_pages_with_the_next_update(
    tree: SiteTree, serving: Serving, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree.prisoner("a", prisoner("Person A"))
    serving.rebuild()
    tree.prisoner("a", prisoner("Person A", region="Qyzylorda"))
    with monkeypatch.context() as patch:
        patch.setattr("generator.publish.search.sys.executable", "/nonexistent/python")
        searchable = serving.rebuild()
    assert serving.said[-1].startswith("Search was not updated: could not run Pagefind")
    serving.search.update(searchable, ())  # another edit's build, which wrote nothing searchable
    assert serving.search.idle(timeout=60)
    assert serving.said[-1].endswith("(1 of 1 parts).")
    assert "Qyzylorda" in indexed_text(serving.out / "pagefind")


def test_closing_the_live_index_stops_pagefind_at_once(
    tree: SiteTree, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    slow = tmp_path / "slow-python"  # runs in place of `python -I -m pagefind`; takes a minute
    slow.write_text("#!/bin/sh\nexec sleep 60\n")
    slow.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(slow))
    tree.prisoner("a", prisoner("Person A"))
    out, said = tree.root / "site", []
    report = pipeline.build(tree.project, out, search=False)
    search = LiveIndex(out, say=said.append)
    search.update(report.searchable, report.changed_pages)
    assert not search.idle(timeout=1)  # Pagefind is at work
    started = time.monotonic()
    search.close()
    assert time.monotonic() - started < 5
    assert not (out / ".pagefind-next").exists() and said == []


def test_snapshot_sees_an_edit_and_a_new_file_in_nested_folders(tmp_path: Path) -> None:
    (tmp_path / "a/b").mkdir(parents=True)
    (tmp_path / "a/b/one.md").write_text("one")
    before = snapshot([tmp_path, tmp_path / "missing"])
    assert {folder: list(files) for folder, files in before.items()} == {
        str(tmp_path): [],
        str(tmp_path / "a"): [],
        str(tmp_path / "a/b"): ["one.md"],
    }
    (tmp_path / "a/b/one.md").write_text("one, longer")
    assert snapshot([tmp_path]) != before
    (tmp_path / "a/b/one.md").write_text("one")
    (tmp_path / "a/two.md").write_text("two")
    assert list(snapshot([tmp_path])[str(tmp_path / "a")]) == ["two.md"]
