"""The bundled site on a phone, in real Chromium at 360 x 740: no page of any language is wider
than the screen or cuts anything at its edge, the statistics charts' labels are legible and
whole (on a desktop too), and tables keep their column labels.

Every page is opened (one browser tab, reused). PHONE_PAGES=N opens N of them instead, spread
evenly over the site, for when the site has grown too large to open all of them often."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import REPO
from ..languages import translated_languages
from .conftest import served

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
# The bundled site's language prefixes: the originals' at the root, then /ru/, /kk/...
LANGUAGE_PREFIXES = ("", *(f"{code}/" for code in translated_languages()))

# Elements partly on the screen and partly past its left or right edge (wholly off-screen ones,
# such as the skip link waiting for focus, are not cut, nor visually hidden ones), innermost
# first; and the page's width.
CUT_AT_THE_EDGE = """(width) => {
  // A visually hidden element (a table's header on a phone, for screen readers) is not cut.
  const clipped = element => {
    for (let e = element; e; e = e.parentElement) if (getComputedStyle(e).clipPath !== 'none') return true;
    return false;
  };
  const cut = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (!box.width || box.right <= 0 || box.left >= width) continue;
    if ((box.right > width + 0.5 || box.left < -0.5) && !clipped(element)) cut.push(element);
  }
  const innermost = cut.filter(element => !cut.some(other => other !== element && element.contains(other)));
  return {
    width: document.scrollingElement.scrollWidth,
    cut: innermost.slice(0, 3).map(element => element.tagName.toLowerCase()
      + (element.className && element.className.baseVal === undefined ? '.' + element.className : '')
      + ' "' + element.textContent.trim().slice(0, 40) + '"'),
  };
}"""

# Every text of every chart: its size on the screen (its computed size times the chart's
# scale) and whether it lies wholly inside the chart.
CHART_TEXTS = """() => [...document.querySelectorAll('.chart svg text')].map(text => {
  const chart = text.ownerSVGElement.getBoundingClientRect();
  const box = text.getBoundingClientRect();
  return {
    text: text.textContent,
    px: parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a,
    inside: box.left >= chart.left - 0.5 && box.right <= chart.right + 0.5
      && box.top >= chart.top - 0.5 && box.bottom <= chart.bottom + 0.5,
  };
})"""

# For each cell of each table of people, years or articles, the label a reader sees for it:
# its column's header if that is on the screen, else the label drawn before the cell.
CELL_LABELS = """() => [...document.querySelectorAll('table.records')].flatMap(table => {
  const head = table.tHead, box = head.getBoundingClientRect();
  const shown = box.width > 1 && box.height > 1 && getComputedStyle(head).clipPath === 'none';
  const headers = [...head.querySelectorAll('th')].map(th => shown ? th.textContent.trim() : '');
  return [...table.querySelectorAll('tbody tr')].flatMap(row => [...row.cells].map((cell, i) => {
    const before = getComputedStyle(cell, '::before').content;
    const drawn = before && before !== 'none' && cell.dataset.label ? cell.dataset.label : '';
    return {column: i, text: cell.textContent.trim(), label: headers[i] || drawn};
  }));
})"""


def generator(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """The bundled site served over http, and the path of every page in it."""
    site = tmp_path_factory.mktemp("phones") / "site"
    generator("build", "--out", str(site))
    pages = sorted(
        "" if path.name == "index.html" and path.parent == site else _page_path(site, path)
        for path in site.rglob("*.html")
    )
    with served(site) as base:
        yield base, pages


def _page_path(site: Path, file: Path) -> str:
    relative = file.relative_to(site).as_posix()
    return relative.removesuffix("index.html")


def sample(pages: list[str]) -> list[str]:
    wanted = int(os.environ.get("PHONE_PAGES") or 0)
    if not wanted or wanted >= len(pages):
        return pages
    step = len(pages) / wanted
    return [pages[int(i * step)] for i in range(wanted)]


@pytest.fixture(scope="module")
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_no_page_is_wider_than_a_phone(bundled: tuple[str, list[str]], phone: Any) -> None:
    base, pages = bundled
    assert len(pages) > 300 and {"ru/timeline/2019/", "kk/statistics/"} <= set(pages)
    wide = {}
    for path in sample(pages):
        phone.goto(base + path)
        found = phone.evaluate(CUT_AT_THE_EDGE, PHONE["width"])
        if found["width"] > PHONE["width"] or found["cut"]:
            wide[path] = found
    assert wide == {}


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_chart_labels_are_legible_and_whole(
    bundled: tuple[str, list[str]], browser: Any, screen: dict[str, int], language: str
) -> None:
    base, _ = bundled
    context = browser.new_context(viewport=screen, is_mobile=screen == PHONE)
    page = context.new_page()
    page.goto(f"{base}{language}statistics/")
    texts = page.evaluate(CHART_TEXTS)
    context.close()
    assert len(texts) > 50
    assert [t for t in texts if t["px"] < 12] == []
    assert [t["text"] for t in texts if not t["inside"]] == []


def test_the_years_chart_shows_years_without_events(
    bundled: tuple[str, list[str]], phone: Any
) -> None:
    base, _ = bundled
    phone.goto(base + "statistics/")
    years = phone.eval_on_selector_all(
        "#years ~ svg .chart-label", "labels => labels.map(label => +label.textContent)"
    )
    assert years == list(range(years[0], years[-1] + 1))  # no year left out, events or not
    rows = phone.eval_on_selector_all(
        "#years ~ table tr:has(td)", "rows => rows.map(row => +row.cells[0].textContent.trim())"
    )
    assert (
        rows == years
    )  # the table under the chart too (a year without events: tests/test_charts.py)


def test_tables_keep_their_column_labels_on_a_phone(
    bundled: tuple[str, list[str]], phone: Any
) -> None:
    base, pages = bundled
    prefixes = LANGUAGE_PREFIXES[1:]
    tables = [p for p in pages if _unprefixed(p, prefixes) in TABLE_PAGES]
    assert len(tables) == len(LANGUAGE_PREFIXES) * len(TABLE_PAGES)
    unlabelled = {}
    for path in tables:
        phone.goto(base + path)
        cells = phone.evaluate(CELL_LABELS)
        assert cells, path
        # A row's first cell names it (a person, a year, an article); the others say what
        # they are.
        missing = [cell for cell in cells if cell["column"] and cell["text"] and not cell["label"]]
        if missing:
            unlabelled[path] = missing[:3]
    assert unlabelled == {}
    phone.goto(base + "ru/timeline/")
    first = phone.evaluate(CELL_LABELS)[:2]
    assert [(cell["label"], cell["text"]) for cell in first] == [
        ("Год", first[0]["text"]),
        ("События", first[1]["text"]),
    ]


TABLE_PAGES = ("", "prisoners/", "timeline/", "articles/", "data/")


def _unprefixed(path: str, prefixes: tuple[str, ...]) -> str:
    """A site path without its language's prefix."""
    for prefix in prefixes:
        if path.startswith(prefix):
            return path.removeprefix(prefix)
    return path
