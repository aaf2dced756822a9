"""Every page type in real Chromium, at a phone's width and a desktop's, light and dark:
axe-core finds no violation, nothing scrolls sideways at 320 px, and focus rings stand out."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import SITE_YAML, SiteTree, prisoner
from .conftest import served

AXE = Path(__file__).with_name("axe") / "node_modules/axe-core/axe.min.js"

PAGES = [
    "",
    "prisoners/",
    "prisoners/held/",
    "prisoners/bare/",
    "cases/",
    "cases/congress-2020/",
    "articles/",
    "articles/cc-405/",
    "sources/",
    "sources/report-2019/",
    "timeline/",
    "timeline/2023/",
    "search/",
    "pages/about/",
    "404.html",
    # the other languages: the switch, lang on untranslated text, their own words
    "ru/",
    "ru/prisoners/held/",
    "kk/prisoners/",
    "kk/search/",
]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        message = f"axe-core not installed: npm ci --prefix {AXE.parent.parent.parent}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One small site of every page type, built once for the module, served at /db/."""
    root = tmp_path_factory.mktemp("site")
    tree = SiteTree(root)
    before = Path.cwd()
    os.chdir(root)
    try:
        build(tree)
    finally:
        os.chdir(before)
    (root / "served").mkdir()
    (root / "site").rename(root / "served/db")  # where the 404 page's links lead
    with served(root / "served") as base:
        yield base + "db/"


def build(tree: SiteTree) -> None:
    tree.prisoner(
        "held",
        prisoner(
            "Aidar Held",
            name_variants="[Айдар Хелд]",
            status="administrative_arrest",
            status_as_of="2023-10-25",
            status_source="report-2023",
            region="Astana",
            charges="[{article: cc-405, part: 2}]",
            sentence="fifteen days of administrative arrest",
            letters='{address: "Detention centre No. 1\\nAstana", checked: 2022-01, languages: [ru]}',
            events="[{date: 2023-10-18, type: detained, place: Astana, summary: Detained."
            " , sources: [report-2023]}]",
        ),
    )
    tree.prisoner("bare", prisoner("Bare Person", status="unknown"))
    tree.case(
        "congress-2020",
        "---\ntitle: Congress detentions\npeople: [held]\nsources: [report-2019]\n---\nText.\n",
    )
    # the letters block, its warning (checked long before) and the help link are on the page
    tree.write("content/site.yaml", SITE_YAML + "help_page: about\nlanguages: [en, ru, kk]\n")
    tree.write("content/pages/about.md", "---\ntitle: About\n---\n# Who we are\n\nVolunteers.\n")
    result = tree.run("build")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_type_has_an_accessibility_violation(
    site: str, browser: Any, axe_source: str, width: int, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    # Dark differs from light in its colours only: there, only the colour rules run.
    rules = "{runOnly: ['color-contrast', 'link-in-text-block']}" if scheme == "dark" else "{}"
    found = {}
    for path in PAGES:
        page.goto(site + path)
        page.evaluate(axe_source)  # from the test's side: the site's CSP forbids the page's own
        violations = page.evaluate(
            f"axe.run(document, {rules})"
            ".then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' ')))"
        )
        if violations:
            found[path] = violations
    context.close()
    assert found == {}


def test_no_page_scrolls_sideways_on_a_small_phone(site: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = {}
    for path in PAGES:
        page.goto(site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[path] = width
    context.close()
    assert wide == {}


def luminance(css: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"[\d.]+", css)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_rings_and_control_borders_stand_out_at_3_to_1(
    site: str, browser: Any, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site + "search/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for selector in ("a.brand", "#search-query", "#filter-status"):
        page.focus(selector)
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focused from the keyboard, as :focus-visible needs
        ring = page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).outlineColor")
        assert contrast(ring, background) >= 3, (selector, ring, background)
    border = page.evaluate(
        "getComputedStyle(document.querySelector('#search-query')).borderTopColor"
    )
    assert contrast(border, background) >= 3
    context.close()
