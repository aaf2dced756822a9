"""Index a built site for search as `build` does: `python -m bench.index SITE`.

The searchable pages are found by their data-pagefind-body mark (the build knows them from its
plan); then Pagefind runs once per bundle of urls.SEARCH_SLICE pages of a language.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from generator.publish.search import index_search


def main() -> None:
    site = Path(sys.argv[1])
    # Each language's pages (those under its prefix, ru/ for <html lang="ru">) in bundles of
    # their own, as the plan groups them.
    groups: dict[str, list[str]] = {}
    for file in sorted(site.rglob("*.html")):
        html = file.read_bytes()
        if b"data-pagefind-body" not in html:
            continue
        page = file.relative_to(site).as_posix()
        found = re.search(rb'<html lang="([^"]+)"', html)
        language = found.group(1).decode() if found else ""
        prefix = f"{language}/" if language and page.startswith(f"{language}/") else ""
        groups.setdefault(prefix, []).append(page)
    index_search(site, sorted(groups.items()))


if __name__ == "__main__":
    main()
