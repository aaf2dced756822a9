"""A mirror: the built folder, copied as it is and served under another path (/mirror/sub/)
when the main address is blocked. Every link of every page must lead to a file of the copy."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from PIL import Image

from ..conftest import SITE_YAML, SiteTree
from .test_site_in_browser import build_content

expect = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'").expect

PREFIX = "/mirror/sub/"
BASE_PATH = "/db/"  # the path of the tests' base_url (https://example.org/db/)


class _MirrorHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder under PREFIX only, as a mirror's web server would: everything else,
    the site's own path included, is not found."""

    def translate_path(self, path: str) -> str:
        local = urlsplit(path).path
        if not local.startswith(PREFIX):
            return str(Path(self.directory) / ".not-here")
        return super().translate_path("/" + local[len(PREFIX) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def mirrored(folder: Path) -> Iterator[str]:
    handler = functools.partial(_MirrorHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()


class _Links(HTMLParser):
    """Every address a page asks for or links: href, src, srcset, form actions, a refresh's
    url, and the search's bundles (data-pagefind, data-pagefind-more)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("href", "src", "action", "data-pagefind"):
            if name in values:
                self.links.append(values[name])
        if "srcset" in values:
            self.links += [part.split()[0] for part in values["srcset"].split(",") if part]
        if "data-pagefind-more" in values:
            self.links += json.loads(values["data-pagefind-more"])
        if values.get("http-equiv", "").lower() == "refresh":
            self.links.append(values["content"].split("url=", 1)[1])


def links_of(url: str, body: bytes, content_type: str) -> list[str]:
    if "text/html" in content_type:
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        return parser.links
    if "text/css" in content_type:
        return [m.strip("'\"") for m in re.findall(r"url\(([^)]*)\)", body.decode("utf-8"))]
    return []


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def mirror_site(tree: SiteTree) -> Path:
    """A site with every kind of page: three languages, a photo, a redirect, search."""
    tree.write("content/site.yaml", SITE_YAML + "languages: [en, ru, kk]\n")
    build_content(tree)
    Image.new("RGB", (40, 50), (90, 90, 90)).save(tree.root / "content/prisoners/mamai.jpg")
    text = (tree.root / "content/prisoners/mamai.md").read_text(encoding="utf-8")
    tree.prisoner("mamai", text.replace("---\n", "---\nphoto: mamai.jpg\n", 1))
    result = tree.run("build")
    assert result.exit_code == 0, result.output
    return tree.root / "site"


def test_every_link_of_every_page_resolves_under_a_mirrors_path(tree: SiteTree) -> None:
    folder = mirror_site(tree)
    every_page = {
        PREFIX + file.relative_to(folder).as_posix().removesuffix("index.html")
        for file in folder.rglob("*.html")
    }
    with mirrored(folder) as base:
        host = base[: -len(PREFIX)]
        to_visit, seen, broken = [base], {base}, []
        to_visit += sorted(host + path for path in every_page - {PREFIX})
        seen.update(to_visit)
        while to_visit:
            url = to_visit.pop()
            status, body, kind = fetch(url)
            if status != 200:
                continue  # reported by the page that links it
            # The 404 page is shown at any address, so its links start from the site's own
            # path: on a mirror they lead to the mirror's own 404 (see README, Mirrors).
            if url.endswith("/404.html"):
                continue
            for link in links_of(url, body, kind):
                target = urljoin(url, link)
                parts = urlsplit(target)
                if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(base).netloc:
                    continue  # another site (sources, feeds' absolute addresses): not the copy's
                target = target.split("#", 1)[0]
                if not parts.path.startswith(PREFIX):
                    broken.append((url, link, "leaves the mirror's path"))
                    continue
                if target not in seen:
                    seen.add(target)
                    if fetch(target)[0] != 200:
                        broken.append((url, link, "not found"))
                    else:
                        to_visit.append(target)
        assert broken == []
        visited = {unquote(urlsplit(url).path) for url in seen}
        assert every_page <= visited | {PREFIX + "404.html"}
        # what the copy holds was reached: photos, the search bundle, the stylesheet
        for needed in ("prisoners/mamai/photo.jpg", "pagefind/pagefind.js", "assets/style.css"):
            assert PREFIX + needed in visited, needed
    links_404 = _Links()
    links_404.feed((folder / "404.html").read_text(encoding="utf-8"))
    assert all(link.startswith(BASE_PATH) for link in links_404.links if link.startswith("/"))


@pytest.mark.parametrize("prefix", ["", "ru/"])
def test_search_and_redirects_work_on_a_mirror(tree: SiteTree, page: Any, prefix: str) -> None:
    folder = mirror_site(tree)
    with mirrored(folder) as base:
        page.goto(base + prefix + "search/?q=Мамай")
        status = page.locator("#search-status")
        expect(status).to_have_text(re.compile("result|результат", re.IGNORECASE))
        first = page.locator("#search-results li a").first
        assert first.get_attribute("href") and first.evaluate("a => a.href") == (
            base + prefix + "prisoners/mamai/"
        )
        page.goto(base + prefix + "prisoners/zhanbolat-mamay/")
        page.wait_for_url(base + prefix + "prisoners/mamai/")
        assert page.locator("h1").inner_text() in ("Zhanbolat Mamai",)
        assert [url for url in page.requests if not url.startswith(base)] == []
