"""serve in Chromium: an open page reloads after each rebuild, and a broken edit's problems
show on it over the last good build, within the site's Content-Security-Policy; the files it
serves from are the site as built, with nothing of the preview in them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from queue import Queue
from typing import Any

import pytest

from generator.cli import _previewing
from generator.serve import PREVIEW_SCRIPT, Preview, serve

from ..conftest import SiteTree, prisoner

expect = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'").expect


@pytest.fixture
def serving(tree: SiteTree) -> Iterator[str]:
    """serve on the tree, in a thread: the address of its home page."""
    tree.prisoner("x", prisoner("First Name"))
    addresses: Queue[str] = Queue()
    stop = threading.Event()
    preview = Preview()

    def run() -> None:
        with _previewing(tree.project, tree.root / "site", preview) as rebuild:
            watched = [tree.project.content_dir]
            serve(tree.root / "site", "127.0.0.1", 0, watched, rebuild, ready=addresses.put,
                  stop=stop, preview=preview)  # fmt: skip

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield addresses.get(timeout=60)
    stop.set()
    thread.join(timeout=10)


def test_an_open_page_follows_each_edit_and_shows_a_broken_one(
    tree: SiteTree, serving: str, page: Any
) -> None:
    page.goto(serving + "prisoners/x/")
    expect(page.locator("h1")).to_have_text("First Name")
    file = tree.root / "content/prisoners/x.md"

    file.write_text(prisoner("Second Name"), encoding="utf-8")
    expect(page.locator("h1")).to_have_text("Second Name", timeout=15_000)

    file.write_text(prisoner("Third Name", status="jailed"), encoding="utf-8")
    problems = page.locator("#ppdb-preview-problems")
    expect(problems).to_contain_text("content/prisoners/x.md:3: status: 'jailed' is not allowed",
                                     timeout=15_000)  # fmt: skip
    expect(page.locator("h1")).to_have_text("Second Name")  # the last good build, under it
    assert page.evaluate("window.__cspViolations") == []  # the box is styled within the policy

    file.write_text(prisoner("Fourth Name"), encoding="utf-8")
    expect(page.locator("h1")).to_have_text("Fourth Name", timeout=15_000)
    expect(problems).to_have_count(0)
    assert page.evaluate("window.__cspViolations") == []


def test_the_built_files_hold_nothing_of_the_preview(tree: SiteTree, serving: str) -> None:
    pages = list((tree.root / "site").rglob("*.html"))
    assert pages and not any(PREVIEW_SCRIPT in p.read_text(encoding="utf-8") for p in pages)
