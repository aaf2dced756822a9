"""Search, navigation and redirects in real Chromium: over http, and offline from file://."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ..conftest import SiteTree, prisoner

expect = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'").expect


CONGRESS = """\
---
title: Congress detentions
people: [mamai, rakhmetulla]
sources: [report-2019]
---
Mamai and Rakhmetulla were detained before the congress. Mamai, Mamai, Mamai.
"""


def build_content(tree: SiteTree) -> None:
    detained_2020 = "[{date: 2020-02-21, type: detained, summary: Detained.}]"
    tree.prisoner(
        "mamai",
        prisoner(
            "Zhanbolat Mamai",
            name_variants="[Жанболат Мамай, Mamay]",
            former_slugs="[zhanbolat-mamay]",
            charges="[{article: cc-405, part: 2}]",
            region="Almaty",
            events=detained_2020,
        ),
    )
    tree.prisoner(
        "rakhmetulla",
        prisoner("Zhanbol Rakhmetulla", status="released", region="Almaty", events=detained_2020),
    )
    tree.prisoner(
        "tusbekov",
        prisoner(
            "Seilkhan Tusbekov",
            status="administrative_arrest",
            region="Astana",
            charges="[{article: aoc-488}]",
            events="[{date: 2023-10-18, type: administrative_arrest, summary: Arrested.}]",
        ),
    )
    tree.case("congress-2020", CONGRESS)


def build_site(tree: SiteTree) -> str:
    build_content(tree)
    result = tree.run("build")
    assert result.exit_code == 0, result.output
    return "site"


def only_local(requests: list[str], base: str) -> None:
    strangers = [
        url for url in requests if not url.startswith(base) and not url.startswith("data:")
    ]
    assert strangers == [], f"requests left the site: {strangers}"


def results(page: Any) -> list[dict[str, str]]:
    # Locators wait without evaluating strings in the page, which the site's CSP forbids.
    expect(page.locator("#search-status")).to_have_text(re.compile("result", re.IGNORECASE))
    return page.eval_on_selector_all(
        "#search-results li",
        "items => items.map(li => ({href: li.querySelector('a').href,"
        " title: li.querySelector('a').textContent,"
        " status: (li.querySelector('.status') || {}).textContent || '',"
        " excerpt: (li.querySelector('.excerpt') || {}).textContent || ''}))",
    )


def search(page: Any, query: str) -> list[dict[str, str]]:
    page.fill("#search-query", "")
    page.fill("#search-query", query)
    return results(page)


FILTER_CASES = [
    ("region", "Astana", ["Seilkhan Tusbekov"]),
    ("status", "Released", ["Zhanbol Rakhmetulla"]),
    ("article", "CC 405", ["Zhanbolat Mamai"]),
    ("year", "2023", ["Seilkhan Tusbekov"]),
    ("case", "Congress detentions", ["Zhanbol Rakhmetulla", "Zhanbolat Mamai"]),
]


def check_search(page: Any, search_url: str, person_url: str) -> None:
    page.goto(search_url)
    for query in ("Zhanbolat Mamai", "Mamai", "mamai", "Жанболат Мамай", "Мамай", "Mamay"):
        found = search(page, query)
        assert found and found[0]["href"] == person_url, (query, found)
        # with the date of its news: the newest report in the tree is of 2023
        assert found[0]["status"] == "Imprisoned, last reported 21 February 2020"
        assert "A short biography of" in found[0]["excerpt"]
    # each filter alone narrows the results to the people it describes
    page.fill("#search-query", "")
    for name, value, expected in FILTER_CASES:
        page.select_option(f"#filter-{name}", value)
        assert sorted(r["title"] for r in results(page)) == expected, (name, value)
        page.select_option(f"#filter-{name}", "")
    assert page.evaluate("window.__cspViolations") == []


def test_search_finds_any_spelling_and_filters_narrow_it(
    tree: SiteTree, page: Any, serve_folder: Any
) -> None:
    base = serve_folder(tree.root / build_site(tree))
    check_search(page, base + "search/", base + "prisoners/mamai/")
    only_local(page.requests, base)


def test_search_split_into_bundles_finds_and_filters_the_same(
    tree: SiteTree, page: Any, serve_folder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pages import urls

    monkeypatch.setattr(urls, "SEARCH_SLICE", 2)  # nine searchable pages: five bundles
    base = serve_folder(tree.root / build_site(tree))
    bundles = sorted(p.parent.name for p in (tree.root / "site/pagefind").rglob("pagefind.js"))
    assert bundles == ["2", "3", "4", "5", "pagefind"]
    check_search(page, base + "search/", base + "prisoners/mamai/")
    only_local(page.requests, base)


def open_counted_list(page: Any, statistics_url: str, search_url: str) -> None:
    """A count of the statistics page opens the search filtered by what it counts."""
    page.goto(statistics_url)
    page.click('#regions + svg + table a:text-is("2")')  # the two people from Almaty
    assert page.url == search_url + "?region=Almaty"
    expect(page.locator("#filter-region")).to_have_value("Almaty")  # once the script has run
    assert sorted(r["title"] for r in results(page)) == ["Zhanbol Rakhmetulla", "Zhanbolat Mamai"]
    page.go_back()
    page.click('#status + svg + table a:text-is("Administrative arrest")')  # a status's people
    expect(page.locator("#filter-status")).to_have_value("Administrative arrest")
    assert [r["title"] for r in results(page)] == ["Seilkhan Tusbekov"]
    assert page.evaluate("window.__cspViolations") == []


def test_statistics_counts_open_the_search_filtered(
    tree: SiteTree, page: Any, serve_folder: Any
) -> None:
    base = serve_folder(tree.root / build_site(tree))
    open_counted_list(page, base + "statistics/", base + "search/")
    only_local(page.requests, base)


def test_search_page_is_accessible(tree: SiteTree, page: Any, serve_folder: Any) -> None:
    base = serve_folder(tree.root / build_site(tree))
    page.goto(base + "search/")
    assert page.get_by_label("Search people, cases, law articles and sources").is_visible()
    assert page.get_by_label("Year of first detention").is_visible()
    assert page.get_attribute("#search-status", "aria-live") == "polite"
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    for _ in range(6):
        page.keyboard.press("Tab")  # the navigation
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-query"
    page.keyboard.type("Mamai")
    page.keyboard.press("Enter")
    assert results(page)[0]["title"] == "Zhanbolat Mamai"


def test_search_works_under_a_sub_path(
    tree: SiteTree, page: Any, serve_folder: Any, tmp_path: Path
) -> None:
    build_content(tree)
    assert (
        tree.run(
            "build", "--out", "host/repo", "--base-url", "https://org.github.io/repo/"
        ).exit_code
        == 0
    )
    base = serve_folder(tree.root / "host") + "repo/"
    page.goto(base + "search/")
    assert search(page, "Mamai")[0]["href"] == base + "prisoners/mamai/"


def test_redirect_for_a_former_slug_lands_on_the_record(
    tree: SiteTree, page: Any, serve_folder: Any
) -> None:
    base = serve_folder(tree.root / build_site(tree))
    page.goto(base + "prisoners/zhanbolat-mamay/")
    page.wait_for_url(base + "prisoners/mamai/")
    assert page.locator("h1").inner_text() == "Zhanbolat Mamai"


# --- the offline copy, from file:// ---------------------------------------------------------


def unpacked_offline_copy(tree: SiteTree, tmp_path: Path, name: str) -> Path:
    """The offline copy as a reader gets it: made by `offline`, unzipped; its top folder."""
    result = tree.run("offline", "--out", f"out/{name}.zip")
    assert result.exit_code == 0, result.output
    assert f"Wrote out/{name}.zip (" in result.output
    with zipfile.ZipFile(tree.root / f"out/{name}.zip") as archive:
        archive.extractall(tmp_path / "unpacked")
    return tmp_path / "unpacked" / name


@pytest.fixture
def offline_copy(tree: SiteTree, tmp_path: Path) -> Path:
    build_content(tree)
    return unpacked_offline_copy(tree, tmp_path, "prisoners")


def test_offline_copy_links_work_from_file_urls(offline_copy: Path, page: Any) -> None:
    base = offline_copy.as_uri() + "/"
    page.goto(base + "index.html")
    page.click("nav >> text=Prisoners")
    assert page.url == base + "prisoners/index.html"
    page.click("text=Zhanbolat Mamai")
    assert page.url == base + "prisoners/mamai/index.html"
    page.click("text=CC 405(2)")
    assert page.url == base + "articles/cc-405/index.html"
    page.click("main >> text=Zhanbolat Mamai")
    page.click("text=Congress detentions")
    assert page.url == base + "cases/congress-2020/index.html"
    assert page.locator("h1").inner_text() == "Congress detentions"
    # stylesheets load too: the page is styled, not raw HTML
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "flex"
    )
    page.goto(base + "prisoners/zhanbolat-mamay/index.html")
    page.wait_for_url(base + "prisoners/mamai/index.html")
    page.click("footer >> text=Statistics")
    assert page.url == base + "statistics/index.html"
    only_local(page.requests, base)


def test_offline_statistics_counts_open_the_search_filtered(offline_copy: Path, page: Any) -> None:
    base = offline_copy.as_uri() + "/"
    open_counted_list(page, base + "statistics/index.html", base + "search/index.html")
    only_local(page.requests, base)


def test_offline_copy_search_works_from_file_urls(offline_copy: Path, page: Any) -> None:
    base = offline_copy.as_uri() + "/"
    check_search(page, base + "search/index.html", base + "prisoners/mamai/index.html")
    page.select_option("#filter-case", "")
    search(page, "Мамай")
    page.click("#search-results a >> nth=0")
    assert page.url == base + "prisoners/mamai/index.html"
    only_local(page.requests, base)
