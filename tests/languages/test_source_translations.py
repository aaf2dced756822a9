"""A source on Russian and Kazakh pages: its publisher and note in the page's language, its title
as published, in the publication's language and marked so."""

from __future__ import annotations

import re

from tests.conftest import SiteTree, prisoner

SOURCES = """\
report-2019:
  title: Monitor update, November 2019
  date: 2019-11
  publisher: Test Monitor (update prepared by two bureaus)
  url: https://example.org/report
  language: en
  note: The month is inferred.
"""
PERSON = prisoner("Zhanbolat Mamai", names="{ru: Жанболат Мамай, kk: Жанболат Мамай}")


def sources_version(tree: SiteTree) -> str:
    """The version the validator asks a new translation of report-2019 to give."""
    tree.write("content/sources.ru.yaml", "report-2019:\n  original: 0000000000\n")
    found = re.search(r"report-2019\.original: .*now (\w+)\)", tree.run("validate").output)
    assert found
    return found.group(1)


def multilingual(tree: SiteTree) -> str:
    site = tree.root.joinpath("content/site.yaml").read_text()
    tree.write("content/site.yaml", site + "languages: [en, ru, kk]\n")
    tree.write("content/sources.yaml", SOURCES)
    tree.prisoner("zhanbolat-mamai", PERSON)
    return sources_version(tree)


def test_a_russian_page_names_the_publisher_in_russian_and_marks_the_english_title(
    tree: SiteTree,
) -> None:
    current = multilingual(tree)
    tree.write(
        "content/sources.ru.yaml",
        f"report-2019:\n  original: {current}\n"
        "  publisher: Тестовый монитор (обзор подготовили два бюро)\n"
        "  note: Месяц выведен.\n",
    )
    result = tree.run("validate", "--strict")
    assert result.exit_code == 0, result.output
    tree.run("build")
    page = tree.html("ru/sources/report-2019/index.html")
    assert "<dd>Тестовый монитор (обзор подготовили два бюро)</dd>" in page
    assert "Test Monitor" not in page
    assert "<dd>Месяц выведен.</dd>" in page
    profile = tree.html("ru/prisoners/zhanbolat-mamai/index.html")
    assert "Тестовый монитор (обзор подготовили два бюро)" in profile
    assert "Test Monitor" not in profile
    # The title stays as published, in English, and says so; so does a publisher not yet
    # translated into Kazakh.
    assert '<h1><span lang="en">Monitor update, November 2019</span></h1>' in page
    listing = tree.html("ru/sources/index.html")
    assert re.search(r'<a href="[^"]*report-2019/" lang="en">Monitor update', listing)
    kazakh = tree.html("kk/sources/report-2019/index.html")
    assert '<h1><span lang="en">Monitor update, November 2019</span></h1>' in kazakh
    assert '<dd lang="en">Test Monitor (update prepared by two bureaus)</dd>' in kazakh
