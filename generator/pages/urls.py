"""Every URL of the site in one place. Paths are relative to the site root; pages are folders.

Links between pages are always relative, so that the site works under any sub-path and, with
`offline`, from file:// (where a folder does not open its index.html by itself).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

HOME = ""
PRISONERS = "prisoners/"
CASES = "cases/"
ARTICLES = "articles/"
TIMELINE = "timeline/"
SOURCES = "sources/"
SEARCH = "search/"
# The site's sections, as the menu and the 404 page list them (their names: t.nav[key]).
SECTIONS = (
    ("prisoners", PRISONERS), ("cases", CASES), ("articles", ARTICLES), ("timeline", TIMELINE),
    ("sources", SOURCES), ("search", SEARCH),
)  # fmt: skip
OFFLINE_SEARCH_INDEX = "search/offline-index.js"
# The names and places a search that finds nothing suggests from (loaded then; offline too).
SEARCH_WORDS = "search/words.js"
NOT_FOUND = "404.html"
SEARCH_BUNDLE = "pagefind/"
# Pages per Pagefind bundle: Pagefind holds everything it indexes in memory (about 100 MB per
# 1,000 pages), so large sites get several bundles, which the search page merges.
SEARCH_SLICE = 2500
STYLESHEET = "assets/style.css"
SITEMAP = "sitemap.xml"  # an index of the parts below, as crawlers look for it
ROBOTS = "robots.txt"
# Addresses per part of the sitemap: each part stays the size of a page (about 70 KB).
SITEMAP_SLICE = 1000
STATISTICS = "statistics/"
# An Atom feed beside the page it follows: the whole site's at the root, a record's in its folder.
FEED_FILE = "feed.xml"
# The data files: tables, the whole database and the schemas under DATA, described on its page;
# each record's data beside its page.
DATA = "data/"
RECORD_FILE = "record.json"
# The whole site as one file to read offline (a zip, a ZIM for Kiwix), the files beside the
# page that describes them, with their SHA256SUMS.
DOWNLOADS = "downloads/"
DOWNLOAD_SUMS = DOWNLOADS + "SHA256SUMS"


def data_file(name: str) -> str:
    """data/people.csv, data/schema/prisoner.json ..."""
    return DATA + name


def record_data(page_path: str) -> str:
    """The data of the record at a page: prisoners/x/ -> prisoners/x/record.json."""
    return page_path + RECORD_FILE


def sitemap_part(number: int) -> str:
    return f"sitemaps/{number}.xml"


def feed(page_path: str) -> str:
    """The feed of a page: "" -> feed.xml, prisoners/x/ -> prisoners/x/feed.xml."""
    return page_path + FEED_FILE


def prisoner(slug: str) -> str:
    return f"{PRISONERS}{slug}/"


def case(slug: str) -> str:
    return f"{CASES}{slug}/"


def article(article_id: str) -> str:
    return f"{ARTICLES}{article_id}/"


def source(source_id: str) -> str:
    return f"{SOURCES}{source_id}/"


def text_page(slug: str) -> str:
    return f"pages/{slug}/"


def timeline_year(year: int) -> str:
    return f"{TIMELINE}{year}/"


def language_prefix(language: str) -> str:
    """Where a language other than the originals' has its pages: ru -> ru/."""
    return f"{language}/"


def search_bundles(searchable_pages: int, prefix: str = "") -> tuple[str, ...]:
    """pagefind/, then pagefind/2/, pagefind/3/ ... one per SEARCH_SLICE pages; a language's
    under its prefix: pagefind/ru/, pagefind/ru/2/ ..."""
    count = max(1, -(-searchable_pages // SEARCH_SLICE))
    first = SEARCH_BUNDLE + prefix
    return (first, *(f"{first}{n}/" for n in range(2, count + 1)))


def search_slices(
    groups: Iterable[tuple[str, Sequence[str]]],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(bundle, its files) for the files of each language, (prefix, files), in order."""
    return tuple(
        (bundle, tuple(files[number * SEARCH_SLICE : (number + 1) * SEARCH_SLICE]))
        for prefix, files in groups
        for number, bundle in enumerate(search_bundles(len(files), prefix))
    )


def record(kind: str, slug: str) -> str:
    """The page of a prisoner or a case, by kind."""
    return prisoner(slug) if kind == "prisoner" else case(slug)


# A file of the site as the build writes it: folders and a name of letters, digits, '_', '-'
# and '.', none empty or starting with '.', so no '.' or '..' part, no hidden file, no absolute
# path, no '\\'. Every file a build plans is checked against it before anything is written
# (plan.find_collisions), and an output folder's list of fingerprints may name nothing else
# (publish/staging.py).
SITE_FILE = re.compile(r"(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*")


def output_file(path: str) -> str:
    """Where a page is written: folders get an index.html."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def relative(from_page: str, to: str, *, offline: bool = False, root: str | None = None) -> str:
    """The shortest href from one page to another path: prisoners/x/ -> ../../articles/cc-405/.

    With a root ('/repo/'), the link starts from there instead: for pages shown at any address.
    Called for every link of every page, hence plain string work. (A cache would not pay: a
    page's links start from its own address, so almost every call is a new one.)
    """
    if root is not None:
        return root + to
    from_parts = from_page.split("/")[:-1]  # the page's folder: "prisoners/x/" -> [prisoners, x]
    to_parts = to.split("/")
    common = 0
    while (
        common < len(from_parts)
        and common < len(to_parts) - 1
        and from_parts[common] == to_parts[common]
    ):
        common += 1
    href = "../" * (len(from_parts) - common) + "/".join(to_parts[common:])
    if offline and (to == "" or to.endswith("/")):
        href += "index.html"
    return href or "./"


# Hosts kept for examples and tests (RFC 2606, RFC 6761): an address on one is a placeholder.
_PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost")
_PLACEHOLDER_TOP = ("example", "test", "invalid", "localhost")


def public_address(base_url: str) -> bool:
    """Whether the site's address is one people can visit, not a placeholder such as the
    bundled site.yaml's https://example.org/: pages say where they are shared from (og:url,
    og:image) only from a real one."""
    host = (urlsplit(base_url).hostname or "").rstrip(".")
    placeholder = any(host == h or host.endswith("." + h) for h in _PLACEHOLDER_HOSTS)
    return not placeholder and host.rsplit(".", 1)[-1] not in _PLACEHOLDER_TOP
