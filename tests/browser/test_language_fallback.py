"""A Kazakh reader of a record with only Russian text, in real Chromium: the Russian text (never
the English), marked Russian, under a notice in Kazakh naming Russian; the name in Cyrillic in
the heading, the tab's title and the search results; online and from file://."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import SiteTree, prisoner
from .test_languages_in_browser import search
from .test_site_in_browser import only_local, unpacked_offline_copy

expect = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'").expect

NOTICE = "Бұл мәтін әлі қазақ тіліне аударылмаған; орыс тіліндегі нұсқасы көрсетілген."
RUSSIAN = """\
---
original: {version}
occupation: блогер
---
Марат Жыланбаев — блогер из Астаны.
"""


def content(tree: SiteTree) -> None:
    site = tree.root / "content/site.yaml"
    languages = "languages: [en, ru, kk]\nfallback: {kk: [ru]}\n"
    tree.write("content/site.yaml", site.read_text() + languages)
    tree.prisoner(
        "marat",
        prisoner("Marat Zhylanbaev", occupation="blogger", names="{ru: Марат Жыланбаев}"),
    )
    from generator.build import check
    from generator.content.translate import version

    catalog = check(tree.project)
    tree.write(
        "content/prisoners/marat.ru.md",
        RUSSIAN.format(version=version(catalog.prisoners["marat"])),
    )


def shows_russian_with_the_kazakh_notice(page: Any) -> None:
    expect(page).to_have_title("Марат Жыланбаев · Test Prisoners")
    heading = page.locator("h1")
    expect(heading).to_have_text("Марат Жыланбаев")
    expect(heading).to_have_attribute("lang", "ru")
    expect(page.locator(".translation-note").first).to_have_text(NOTICE)
    biography = page.locator("main [lang=ru] >> text=Марат Жыланбаев — блогер из Астаны.")
    expect(biography).to_be_visible()
    # What a screen reader is told the language is: the nearest lang, Russian.
    assert biography.evaluate("e => e.closest('[lang]').lang") == "ru"
    main = page.locator("main").inner_text()
    assert "blogger" not in main and "A short biography" not in main


def test_a_kazakh_reader_gets_the_russian_text_with_a_kazakh_notice(
    tree: SiteTree, page: Any, serve_folder: Any
) -> None:
    content(tree)
    result = tree.run("build")
    assert result.exit_code == 0, result.output
    base = serve_folder(tree.root / "site")
    page.goto(base + "kk/prisoners/marat/")
    shows_russian_with_the_kazakh_notice(page)
    page.goto(base + "kk/search/")
    found = search(page, "Жыланбаев")
    assert [r["href"] for r in found] == [base + "kk/prisoners/marat/"], found
    expect(page.locator("#search-results li a").first).to_have_text("Марат Жыланбаев")
    only_local(page.requests, base)


def test_the_same_from_the_offline_copy(tree: SiteTree, tmp_path: Path, page: Any) -> None:
    content(tree)
    base = unpacked_offline_copy(tree, tmp_path, "site").as_uri() + "/"
    page.goto(base + "kk/prisoners/marat/index.html")
    shows_russian_with_the_kazakh_notice(page)
    page.goto(base + "kk/search/index.html")
    found = search(page, "Zhylanbaev")
    assert [r["href"] for r in found] == [base + "kk/prisoners/marat/index.html"], found
    expect(page.locator("#search-results li a").first).to_have_text("Марат Жыланбаев")
    only_local(page.requests, base)
