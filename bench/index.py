"""Index a built site for search as `build` does: `python -m bench.index SITE`.

The searchable pages are found by their data-pagefind-body mark (the build knows them from its
plan); then Pagefind runs once per bundle of urls.SEARCH_SLICE pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.publish.search import index_search


def main() -> None:
    site = Path(sys.argv[1])
    searchable = [
        file.relative_to(site).as_posix()
        for file in sorted(site.rglob("*.html"))
        if b"data-pagefind-body" in file.read_bytes()
    ]
    index_search(site, searchable)


if __name__ == "__main__":
    main()
