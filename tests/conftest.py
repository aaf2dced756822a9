"""Tiny content trees, built inside each test, using the project's real templates and assets;
and real Chromium, for the tests that need a browser."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.settings import Project

REPO = Path(__file__).resolve().parent.parent

SITE_YAML = """\
title: Test Prisoners
description: A test site.
base_url: https://example.org/db/
language: en
"""
ARTICLES_YAML = """\
cc-405:
  code: criminal
  number: "405"
  title: Participation in the activities of a prohibited organisation
cc-258:
  code: criminal
  number: "258"
  title: Financing of extremist activities
aoc-488:
  code: administrative
  number: "488"
  title: Violation of the law on peaceful assemblies
"""
SOURCES_YAML = """\
report-2019:
  title: Monitor update, November 2019
  date: 2019-11
  publisher: Test Monitor
  url: https://example.org/report
report-2023:
  title: Arrests in Astana
  date: 2023-10-18
"""


def prisoner(name: str = "Test Person", **fields: str) -> str:
    """Front matter for a valid prisoner; keyword arguments add or replace raw YAML lines."""
    lines = {"name": name, "status": "imprisoned", "sources": "[report-2019]", **fields}
    front = "\n".join(f"{key}: {value}" for key, value in lines.items() if value is not None)
    return f"---\n{front}\n---\nA short biography of {name}.\n"


class SiteTree:
    """A project folder with content/ written from strings and copies of the real templates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # Copies, not links: the build refuses to read through a link.
        shutil.copytree(REPO / "templates", root / "templates")
        shutil.copytree(REPO / "assets", root / "assets")
        self.write("content/site.yaml", SITE_YAML)
        self.write("content/articles.yaml", ARTICLES_YAML)
        self.write("content/sources.yaml", SOURCES_YAML)
        (root / "content/prisoners").mkdir(parents=True, exist_ok=True)
        (root / "content/cases").mkdir(parents=True, exist_ok=True)

    @property
    def project(self) -> Project:
        return Project(self.root)

    def write(self, path: str, text: str) -> Path:
        file = self.root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(textwrap.dedent(text), encoding="utf-8")
        return file

    def with_places(self) -> SiteTree:
        """The bundled table of places (content/places.yaml): each place in every language."""
        shutil.copy(REPO / "content/places.yaml", self.root / "content/places.yaml")
        return self

    def prisoner(self, slug: str, text: str) -> Path:
        return self.write(f"content/prisoners/{slug}.md", text)

    def case(self, slug: str, text: str) -> Path:
        return self.write(f"content/cases/{slug}.md", text)

    def run(self, *args: str) -> Result:
        """Run the CLI from the project root, as a volunteer would."""
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    def html(self, page: str, out: str = "site") -> str:
        return (self.root / out / page).read_text(encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SiteTree]:
    monkeypatch.chdir(tmp_path)
    yield SiteTree(tmp_path)


# --- real Chromium (Debian's package) driven by Playwright -------------------------------
# Here, not in tests/browser/, so that every folder shares one session: Playwright's sync API
# cannot run two at once.

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium keeps trying to reach Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
]  # fmt: skip


def _chromium_missing() -> str | None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    missing = _chromium_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
