"""Crawlers find every page from robots.txt and the sitemap: absolute addresses under the
site's own, in parts the size of a page, none of the 404 page or redirects."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import build as pipeline
from generator.pages import urls
from generator.pages.plan import plan_site

from .conftest import SiteTree, prisoner

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(file: Path, tag: str) -> list[str]:
    root = ET.parse(file).getroot()
    return [loc.text or "" for loc in root.findall(f"s:{tag}/s:loc", NS)]


def test_robots_and_the_sitemap_list_every_page_but_the_404_and_redirects(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner("X Person", former_slugs="[old-x]"))
    assert tree.run("build", "--no-search").exit_code == 0
    site = tree.root / "site"
    base = "https://example.org/db/"
    assert (site / "robots.txt").read_text() == (
        f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"
    )
    parts = locations(site / "sitemap.xml", "sitemap")
    assert parts == [f"{base}sitemaps/1.xml"]
    listed = locations(site / "sitemaps/1.xml", "url")
    assert f"{base}prisoners/x/" in listed and f"{base}" in listed
    assert f"{base}prisoners/old-x/" not in listed and f"{base}404.html" not in listed
    pages = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    expected = {base + p.removesuffix("index.html") for p in pages} - {f"{base}prisoners/old-x/"}
    assert set(listed) == expected


def test_a_large_site_gets_a_sitemap_in_parts(
    tree: SiteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(urls, "SITEMAP_SLICE", 3)
    for n in range(5):
        tree.prisoner(f"p{n}", prisoner(f"Person {n}"))
    catalog = pipeline.check(tree.project)
    site_plan = plan_site(catalog)
    parts = [page for page in site_plan.pages if page.template == "sitemap-part.xml"]
    listed = [path for page in parts for path in page.context["paths"]]
    assert len(parts) == -(-len(listed) // 3) > 1
    assert all(len(page.context["paths"]) <= 3 for page in parts)
    assert not any(page.permanent for page in parts)  # their number follows the database
