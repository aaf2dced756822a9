"""Search, navigation and redirects in real Chromium, over http from a local server."""

from __future__ import annotations

from typing import Any

from ..conftest import SiteTree, prisoner


def build_site(tree: SiteTree) -> None:
    tree.prisoner(
        "mamai",
        prisoner(
            "Zhanbolat Mamai",
            name_variants="[Жанболат Мамай]",
            former_slugs="[zhanbolat-mamay]",
            charges="[{article: cc-405}]",
        ),
    )
    tree.prisoner("tusbekov", prisoner("Seilkhan Tusbekov", status="administrative_arrest"))
    result = tree.run("build")
    assert result.exit_code == 0, result.output


def only_local(requests: list[str], base: str) -> None:
    strangers = [
        url for url in requests if not url.startswith(base) and not url.startswith("data:")
    ]
    assert strangers == [], f"requests left the site: {strangers}"


def search(page: Any, base: str, query: str) -> list[str]:
    page.goto(base + "search/")
    page.fill("#search input", query)
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    return page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.href)")


def test_search_finds_a_person_by_latin_and_cyrillic_spelling(
    tree: SiteTree, page: Any, serve_folder: Any
) -> None:
    build_site(tree)
    base = serve_folder(tree.root / "site")
    for query in ("Mamai", "Мамай"):
        results = search(page, base, query)
        assert results[0] == base + "prisoners/mamai/", (query, results)
        # the Content-Security-Policy blocks nothing that search needs
        assert page.evaluate("window.__cspViolations") == []
    only_local(page.requests, base)


def test_redirect_for_a_former_slug_lands_on_the_record(
    tree: SiteTree, page: Any, serve_folder: Any
) -> None:
    build_site(tree)
    base = serve_folder(tree.root / "site")
    page.goto(base + "prisoners/zhanbolat-mamay/")
    page.wait_for_url(base + "prisoners/mamai/")
    assert page.locator("h1").inner_text() == "Zhanbolat Mamai"


def test_links_lead_from_home_to_a_person_and_their_article(
    tree: SiteTree, page: Any, serve_folder: Any
) -> None:
    build_site(tree)
    base = serve_folder(tree.root / "site")
    page.goto(base)
    page.click("nav >> text=Prisoners")
    page.click("text=Zhanbolat Mamai")
    page.click("text=CC 405")
    assert page.url == base + "articles/cc-405/"
    assert "Zhanbolat Mamai" in page.locator("main").inner_text()
    only_local(page.requests, base)
