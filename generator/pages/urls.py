"""Every URL of the site in one place. Paths are relative to the site root; pages are folders.

Links between pages are always relative, so that the site works under any sub-path and, with
`offline`, from file:// (where a folder does not open its index.html by itself).
"""

from __future__ import annotations

import posixpath

HOME = ""
PRISONERS = "prisoners/"
CASES = "cases/"
ARTICLES = "articles/"
TIMELINE = "timeline/"
SOURCES = "sources/"
SEARCH = "search/"
OFFLINE_SEARCH_INDEX = "search/offline-index.js"
NOT_FOUND = "404.html"
STYLESHEET = "assets/style.css"


def prisoner(slug: str) -> str:
    return f"{PRISONERS}{slug}/"


def case(slug: str) -> str:
    return f"{CASES}{slug}/"


def article(article_id: str) -> str:
    return f"{ARTICLES}{article_id}/"


def source(source_id: str) -> str:
    return f"{SOURCES}{source_id}/"


def timeline_year(year: int) -> str:
    return f"{TIMELINE}{year}/"


def record(kind: str, slug: str) -> str:
    """The page of a prisoner or a case, by kind."""
    return prisoner(slug) if kind == "prisoner" else case(slug)


def output_file(path: str) -> str:
    """Where a page is written: folders get an index.html."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def relative(from_page: str, to: str, *, offline: bool = False, root: str | None = None) -> str:
    """The shortest href from one page to another path: prisoners/x/ -> ../../articles/cc-405/.

    With a root ('/repo/'), the link starts from there instead: for pages shown at any address.
    """
    if root is not None:
        return root + to
    from_folder = from_page.rsplit("/", 1)[0] if "/" in from_page else ""
    href = posixpath.relpath(to or ".", from_folder or ".")
    if to == "" or to.endswith("/"):  # a folder: relpath dropped its slash
        href = "" if href == "." else href + "/"
        if offline:
            href += "index.html"
    return href or "./"
