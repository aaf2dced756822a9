"""Content is untrusted input: XSS payloads in every field and body stay inert, on every page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from ..conftest import SiteTree

expect = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'").expect


PAYLOADS = [
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=alert('xss-img')>",
    "<svg onload=alert('xss-svg')>",
    '"><script>alert("xss-attr")</script>',
    "'><img src=x onerror=alert('xss-quote')>",
    "javascript:alert('xss-js')",
    "<iframe src=javascript:alert('xss-iframe')></iframe>",
    "<a href=\"javascript:alert('xss-a')\">click</a>",
    "[click](javascript:alert('xss-md'))",
    "[click](JAVASCRIPT:alert('xss-md-upper'))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<details open ontoggle=alert('xss-toggle')>",
    "<style>body{display:none}</style>",
    "<base href='https://evil.example/'>",
    "<meta http-equiv=refresh content='0;url=https://evil.example/'>",
    "![tracker](https://evil.example/pixel.png)",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "{{ 7*7 }} {% raw %} ${7*7}",
]
EVERY = " ".join(PAYLOADS)
EVIL_URL = "https://example.org/\"><script>alert('xss-url')</script>"


def q(value: object) -> str:
    return json.dumps(value)  # JSON is YAML: every payload arrives as a plain string


def build_hostile_site(tree: SiteTree) -> Path:
    tree.write("content/site.yaml", f"title: {q('Site ' + EVERY)}\ndescription: {q(EVERY)}\n"
               "base_url: https://example.org/\nlanguage: en\n")  # fmt: skip
    tree.write("content/articles.yaml", f"cc-405:\n  code: criminal\n  number: {q('405' + EVERY)}\n"
               f"  title: {q(EVERY)}\n  description: {q(EVERY)}\n")  # fmt: skip
    tree.write("content/sources.yaml", "report-2019:\n" + "".join(
        f"  {key}: {q(value)}\n"
        for key, value in [("title", EVERY), ("date", "2019-11"), ("publisher", EVERY),
                           ("url", EVIL_URL), ("archive_url", EVIL_URL), ("language", EVERY),
                           ("note", EVERY)]
    ))  # fmt: skip
    person = {
        "name": "Mamai " + EVERY.replace("ы", ""),
        "name_variants": PAYLOADS,
        "status": "imprisoned",
        "region": EVERY, "city": EVERY, "occupation": EVERY, "affiliations": PAYLOADS,
        "sentence": EVERY, "detention_place": EVERY,
        "recognised": [{"by": payload, "date": "2019-11", "source": "report-2019", "note": EVERY}
                       for payload in PAYLOADS],
        "charges": [{"article": "cc-405", "part": "2-1", "note": EVERY}],  # a part is a number
        "cases": ["hostile"], "former_slugs": ["old-mamai"],
        "events": [{"date": "2019-11-05", "type": "detained", "summary": EVERY, "place": EVERY,
                    "sources": ["report-2019"]}],
        "sources": ["report-2019"],
    }  # fmt: skip
    body = "\n\n".join(PAYLOADS) + "\n"
    tree.prisoner(
        "mamai", "---\n" + "".join(f"{k}: {q(v)}\n" for k, v in person.items()) + "---\n" + body
    )
    case = {"title": EVERY, "summary": EVERY, "region": EVERY, "people": ["mamai"],
            "articles": ["cc-405"], "sources": ["report-2019"], "events": person["events"]}  # fmt: skip
    tree.case(
        "hostile", "---\n" + "".join(f"{k}: {q(v)}\n" for k, v in case.items()) + "---\n" + body
    )
    result = tree.run("build")
    assert result.exit_code == 0, result.output
    return tree.root / "site"


class ActiveContent(HTMLParser):
    """Collects everything in a page that could run code or fetch from elsewhere."""

    OUR_SCRIPTS = ("pagefind/pagefind-ui.js", "assets/search.js")

    def __init__(self, charts: bool = False) -> None:
        super().__init__()
        self.found: list[str] = []
        self.charts = charts  # the statistics page, whose charts are SVG

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if tag == "link" and values.get("rel") == "icon" and value == "data:,":
                continue  # our empty icon, which spares a request for /favicon.ico
            scheme = value.split("/")[0] if value else ""
            if (
                name in ("href", "src", "action")
                and ":" in scheme
                and not value.startswith(("https:", "http:", "mailto:"))
            ):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "svg" and self.charts and values.get("role") == "img":
            pass  # the statistics page's charts (tests/test_statistics.py checks what they hold)
        elif tag in ("iframe", "object", "embed", "base", "style", "svg", "details"):
            self.found.append(f"<{tag}>")
        if tag == "form" and values.get("id") != "search-form":
            self.found.append("<form>")
        if tag == "script" and not (values.get("src") or "").endswith(self.OUR_SCRIPTS):
            self.found.append(f"<script src={values.get('src')}>")
        if tag == "img" and (values.get("src") or "").startswith("http"):
            self.found.append(f"<img src={values['src']}>")
        if (
            tag == "link"
            and (values.get("href") or "").startswith("http")
            and values.get("rel") != "canonical"
        ):
            self.found.append(f"<link href={values['href']}>")
        if (
            tag == "meta"
            and values.get("http-equiv") == "refresh"
            and "evil" in (values.get("content") or "")
        ):
            self.found.append("<meta refresh to elsewhere>")


def test_no_payload_survives_as_markup_in_any_page(tree: SiteTree) -> None:
    site = build_hostile_site(tree)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        parser = ActiveContent(charts=page.relative_to(site).as_posix() == "statistics/index.html")
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page.relative_to(site)
    person = (site / "prisoners/mamai/index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }} {% raw %} ${7*7}" in person  # shown literally, never evaluated
    assert "&lt;script&gt;alert(&#39;xss-script&#39;)&lt;/script&gt;" in person


@pytest.mark.parametrize(
    "section", ["prisoners", "cases", "articles", "sources", "timeline", "other"]
)
def test_no_injected_script_runs_and_nothing_leaves_the_site(
    tree: SiteTree, page: Any, serve_folder: Any, section: str
) -> None:
    site = build_hostile_site(tree)
    base = serve_folder(site)
    pages = [
        file.relative_to(site).as_posix()
        for file in sorted(site.rglob("*.html"))
        if file.relative_to(site).parts[0] == section
        or (section == "other" and len(file.relative_to(site).parts) <= 2)
    ]
    assert pages
    for path in pages:
        url = base + path
        page.goto(url)
        if 'http-equiv="refresh"' in (site / path).read_text(encoding="utf-8"):
            page.wait_for_url(lambda current, start=url: current != start)  # to our own page
        page.wait_for_load_state("load")
        assert page.dialogs == [], url
        assert page.evaluate("window.__cspViolations") == [], url
    strangers = [u for u in page.requests if not u.startswith(base) and not u.startswith("data:")]
    assert strangers == []


def test_search_results_show_payloads_as_text(tree: SiteTree, page: Any, serve_folder: Any) -> None:
    base = serve_folder(build_hostile_site(tree))
    page.goto(base + "search/")
    page.fill("#search-query", "Mamai")
    expect(page.locator("#search-status")).to_have_text(re.compile("result"))
    assert page.locator("#search-results li").count() >= 1
    assert page.dialogs == []
    assert page.evaluate("window.__cspViolations") == []
