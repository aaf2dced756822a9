"""The people list on a phone, in real Chromium: every status shows the date of its news, and
old news says it is old, in every language."""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import SiteTree, prisoner

pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")

PEOPLE = {
    # slug: (status, status_as_of, what its row says of the news in en, ru)
    "recent": ("imprisoned", "2026-06", ("as of June 2026", "по состоянию на июнь 2026")),
    "old": ("administrative_arrest", "2019-11", ("last reported November 2019", "по последним сведениям на ноябрь 2019")),
    "freed": ("released", "2023-04-26", ("last reported 26 April 2023", "по последним сведениям на 26 апреля 2023")),
}  # fmt: skip


def test_each_status_shows_its_date_on_a_phone(tree: SiteTree, browser: Any) -> None:
    site = tree.root / "content/site.yaml"
    site.write_text(site.read_text() + "languages: [en, ru, kk]\n")
    for slug, (status, as_of, _) in PEOPLE.items():
        tree.prisoner(
            slug,
            prisoner(
                f"Person {slug}", status=status, status_as_of=as_of, status_source="report-2023"
            ),
        )
    result = tree.run("build", "--no-search", "--as-of", "2026-12-07")
    assert result.exit_code == 0, result.output
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    for language, prefix in ((0, ""), (1, "ru/")):
        page.goto((tree.root / "site" / prefix / "prisoners/index.html").as_uri())
        for slug, (_, _, said) in PEOPLE.items():
            row = page.locator("tr", has=page.locator(f'a[href="{slug}/"]'))
            news = row.locator(".as-of")
            assert news.is_visible(), (prefix, slug)
            assert said[language] in " ".join(news.inner_text().split()), (prefix, slug)
            box = news.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
