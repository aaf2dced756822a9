"""Search on the bundled database in real Chromium, online (Pagefind) and offline (file://):
every spelling of the shared table finds its person first, results say what they are, and a
search is kept in the page's address."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

from ..conftest import REPO
from .conftest import served

expect = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'").expect

PAIRS: list[list[str]] = json.loads(
    (REPO / "tests/search/spellings.json").read_text(encoding="utf-8")
)["pairs"]


def generator(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The search page of the bundled site, online over http and offline from file://."""
    folder = tmp_path_factory.mktemp("bundled")
    generator("build", "--out", str(folder / "site"))
    generator("offline", "--out", str(folder / "copy.zip"))
    with zipfile.ZipFile(folder / "copy.zip") as archive:
        archive.extractall(folder / "unpacked")
    (copy,) = (folder / "unpacked").iterdir()
    with served(folder / "site") as online:
        yield {
            "online": online,
            "online search": online + "search/",
            "offline": copy.as_uri() + "/",
            "offline search": copy.as_uri() + "/search/index.html",
        }


def person_url(bundled: dict[str, str], where: str, slug: str) -> str:
    return bundled[where] + f"prisoners/{slug}/" + ("index.html" if where == "offline" else "")


def submit(page: Any, query: str) -> list[dict[str, str]]:
    """Search as a visitor does (type, press Enter) and wait for this search's results."""
    page.fill("#search-query", query)
    page.press("#search-query", "Enter")
    expect(page.locator("#search-status")).to_have_attribute("data-query", query)
    return page.eval_on_selector_all(
        "#search-results li",
        "items => items.map(li => ({href: li.querySelector('a').href,"
        " kind: li.querySelector('.result-kind').textContent,"
        " status: (li.querySelector('.status') || {}).textContent || '',"
        " excerpt: (li.querySelector('.excerpt') || {}).textContent || ''}))",
    )


@pytest.mark.parametrize("where", ["online", "offline"])
def test_every_spelling_in_the_table_finds_its_person_first(
    bundled: dict[str, str], page: Any, where: str
) -> None:
    page.goto(bundled[f"{where} search"])
    missed = []
    for query, slug in PAIRS:
        found = submit(page, query)
        if not found or found[0]["href"] != person_url(bundled, where, slug):
            missed.append((query, slug, [r["href"] for r in found[:3]]))
    assert missed == []
    assert page.evaluate("window.__cspViolations") == []


@pytest.mark.parametrize("where", ["online", "offline"])
def test_results_say_what_they_are_and_excerpts_are_clean_text(
    bundled: dict[str, str], page: Any, where: str
) -> None:
    page.goto(bundled[f"{where} search"])
    kinds = set()
    for query in ("Almaty", "405", "Mamai", "Kyzyl-Orda", "Democratic Party"):
        for result in submit(page, query):
            kinds.add(result["kind"])
            if result["kind"] == "Person":
                assert result["status"], (query, result)
            assert not re.search(r"⁂|\b0[a-z]{3,}|\bTimeline\b|\[\d+\]", result["excerpt"]), (
                query,
                result,
            )
    assert kinds == {"Person", "Case", "Law article", "Source"}


def every_result(page: Any, query: str) -> list[dict[str, str]]:
    """Search, then read a long list to its end, a page at a time ("Show N more")."""
    submit(page, query)
    more = page.locator("#search-more")
    while more.is_visible():
        before = page.locator("#search-results li").count()
        more.click()
        expect(page.locator("#search-results li")).not_to_have_count(before)
    return page.eval_on_selector_all(
        "#search-results li",
        "items => items.map(li => ({href: li.querySelector('a').href,"
        " kind: li.querySelector('.result-kind').textContent}))",
    )


def people(results: list[dict[str, str]]) -> set[str]:
    return {
        r["href"].split("/prisoners/")[1].split("/")[0] for r in results if r["kind"] == "Person"
    }


# A place, a law article and a case, and people each must find (from their records' fields).
FACT_QUERIES = [
    ("Zhanaozen", {"erzhan-elshibaev"}),
    ("Shymkent", {"nurzhan-mukhammedov"}),
    ("Kyzyl-Orda", {"inga-imanbai"}),
    ("405", {"dinara-mukatova", "marat-zhylanbaev", "amangeldy-dzhakhin"}),
    ("Democratic Party of Kazakhstan", {"zhanbolat-mamai", "inga-imanbai", "zhanbol-rakhmetulla"}),
]


def test_offline_finds_the_people_online_finds_by_place_article_or_case(
    bundled: dict[str, str], page: Any
) -> None:
    found = {}
    for where in ("online", "offline"):
        page.goto(bundled[f"{where} search"])
        found[where] = {query: people(every_result(page, query)) for query, _ in FACT_QUERIES}
    for query, expected in FACT_QUERIES:
        assert expected <= found["online"][query], query
        assert expected <= found["offline"][query], query
        assert found["offline"][query] <= found["online"][query], query


@pytest.mark.parametrize("where", ["online", "offline"])
def test_a_search_is_kept_in_the_address_and_can_be_shared(
    bundled: dict[str, str], page: Any, where: str
) -> None:
    search_url = bundled[f"{where} search"]
    page.goto(search_url)
    page.select_option("#filter-status", "Detained")
    submit(page, "Mamai")
    assert page.url == search_url + "?q=Mamai&status=Detained"
    # the link opened afresh shows the same search, a filter filled from the index included
    case = "Detentions before the Democratic Party of Kazakhstan founding congress"
    shared = search_url + "?q=Imanbai&case=" + case.replace(" ", "+")
    page.goto(shared)
    expect(page.locator("#search-status")).to_have_attribute("data-query", "Imanbai")
    assert page.input_value("#search-query") == "Imanbai"
    assert page.input_value("#filter-case") == case
    first = page.locator("#search-results a").first
    assert (
        first.get_attribute("href")
        .rstrip("/")
        .endswith(  # type: ignore[union-attr]
            "inga-imanbai" + ("/index.html" if where == "offline" else "")
        )
    )


def test_the_case_filter_keeps_its_width_when_its_values_arrive(
    bundled: dict[str, str], page: Any
) -> None:
    page.goto(bundled["online search"])
    before = page.locator("#filter-case").bounding_box()
    page.focus("#filter-case")
    expect(page.locator("#filter-case option")).not_to_have_count(1)
    assert page.locator("#filter-case").bounding_box() == before
