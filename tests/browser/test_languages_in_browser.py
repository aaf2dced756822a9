"""The site in three languages, in real Chromium: the switch keeps the record, search finds
people in each language's own index, redirects work under each prefix, and the offline copy
navigates every language from file://."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import SiteTree, prisoner
from .test_site_in_browser import only_local, unpacked_offline_copy

expect = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'").expect


def search(page: Any, query: str) -> list[dict[str, str]]:
    """The results of a query, in any language (the status says how many once they are in)."""
    page.fill("#search-query", "")
    page.fill("#search-query", query)
    expect(page.locator("#search-status")).to_have_attribute("data-query", query)
    return page.eval_on_selector_all(
        "#search-results li", "items => items.map(li => ({href: li.querySelector('a').href}))"
    )


RU_TRANSLATION = """\
---
original: {version}
occupation: журналист
---
Журналист, задержан в Алматы.
"""


def multilingual_content(tree: SiteTree) -> None:
    site = tree.root / "content/site.yaml"
    tree.write("content/site.yaml", site.read_text() + "languages: [en, ru, kk]\n")
    tree.prisoner(
        "mamai",
        prisoner(
            "Zhanbolat Mamai",
            occupation="journalist",
            names="{ru: Жанболат Мамай, kk: Жанболат Мамай}",
            former_slugs="[zhanbolat-mamay]",
            events="[{date: 2020-02-21, type: detained, summary: Detained.}]",
        ),
    )
    tree.prisoner("aliya", prisoner("Aliya Abukhairova", status="released"))
    from generator.build import check

    catalog = check(tree.project)
    from generator.content.translate import version

    ru = RU_TRANSLATION.format(version=version(catalog.prisoners["mamai"]))
    tree.write("content/prisoners/mamai.ru.md", ru)


def test_the_switch_keeps_the_record_and_each_language_searches_its_own_pages(
    tree: SiteTree, page: Any, serve_folder: Any
) -> None:
    multilingual_content(tree)
    result = tree.run("build")
    assert result.exit_code == 0, result.output
    base = serve_folder(tree.root / "site")
    page.goto(base + "prisoners/mamai/")
    page.click(".languages >> text=Русский")
    assert page.url == base + "ru/prisoners/mamai/"
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Жанболат Мамай"
    assert "Журналист, задержан в Алматы." in page.locator("main").inner_text()
    page.click(".languages >> text=Қазақ тілі")
    assert page.url == base + "kk/prisoners/mamai/"
    assert page.locator("[lang=en] >> text=A short biography of Zhanbolat Mamai.").count() == 1
    page.click("nav >> text=Іздеу")
    assert page.url == base + "kk/search/"
    for query in ("Жанболат", "Zhanbolat Mamai", "Mamai"):
        found = search(page, query)
        assert [r["href"] for r in found][:1] == [base + "kk/prisoners/mamai/"], (query, found)
        assert all("/kk/" in r["href"] for r in found), found
    page.goto(base + "ru/search/")
    found = search(page, "Абухаирова")  # a Latin-only name, typed in Cyrillic
    assert [r["href"] for r in found][:1] == [base + "ru/prisoners/aliya/"], found
    page.goto(base + "ru/prisoners/zhanbolat-mamay/")  # a former slug, under the prefix
    page.wait_for_url(base + "ru/prisoners/mamai/")
    only_local(page.requests, base)
    assert page.evaluate("window.__cspViolations") == []


def test_every_page_names_its_other_languages_and_they_exist(tree: SiteTree) -> None:
    multilingual_content(tree)
    tree.run("build")
    site = tree.root / "site"
    import re

    pages = [p for p in site.rglob("index.html") if "pagefind" not in p.parts]
    assert len(pages) > 40
    for file in pages:
        html = file.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue
        alternates = re.findall(
            r'<link rel="alternate" hreflang="(\w+)" href="https://example.org/db/([^"]*)"', html
        )
        assert [code for code, _ in alternates] == ["en", "ru", "kk"], file
        for _, path in alternates:
            assert (site / path / "index.html").is_file(), (file, path)


def test_the_offline_copy_navigates_every_language_from_file_urls(
    tree: SiteTree, tmp_path: Path, page: Any
) -> None:
    multilingual_content(tree)
    base = unpacked_offline_copy(tree, tmp_path, "site").as_uri() + "/"
    page.goto(base + "index.html")
    page.click(".languages >> text=Русский")
    assert page.url == base + "ru/index.html"
    page.click("nav >> text=Заключённые")
    assert page.url == base + "ru/prisoners/index.html"
    page.click("main >> text=Жанболат Мамай")
    assert page.url == base + "ru/prisoners/mamai/index.html"
    page.click(".languages >> text=Қазақ тілі")
    assert page.url == base + "kk/prisoners/mamai/index.html"
    # the stylesheet applies from file:// too (waited for: the click returns once the page is
    # on its way, not once its stylesheet has loaded)
    expect(page.locator(".site-header")).to_have_css("display", "flex")
    page.click("nav >> text=Іздеу")
    found = search(page, "Мамай")
    assert [r["href"] for r in found][:1] == [base + "kk/prisoners/mamai/index.html"], found
    page.click(".languages >> text=English")
    assert page.url == base + "search/index.html?q=%D0%9C%D0%B0%D0%BC%D0%B0%D0%B9"  # kept
    only_local(page.requests, base)


def test_a_language_split_into_bundles_searches_only_its_own(
    tree: SiteTree, page: Any, serve_folder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pages import urls

    monkeypatch.setattr(urls, "SEARCH_SLICE", 2)  # several bundles in each language
    multilingual_content(tree)
    result = tree.run("build")
    assert result.exit_code == 0, result.output
    assert (tree.root / "site/pagefind/ru/2/pagefind.js").is_file()
    base = serve_folder(tree.root / "site")
    page.goto(base + "ru/search/")
    found = [r["href"] for r in search(page, "Абухаирова")]
    assert found[:1] == [base + "ru/prisoners/aliya/"], found
    found = [r["href"] for r in search(page, "Мамай")]
    assert found[:1] == [base + "ru/prisoners/mamai/"], found
    assert all(href.startswith(base + "ru/") for href in found), found
    only_local(page.requests, base)
