"""Package stage: the offline copy as one ZIM file, read in Kiwix (on phones and computers, from a
USB stick, where the site is blocked) with Kiwix's own title and full-text search.

Every file of the offline build becomes an entry at its path in the site, so the offline
build's relative links (to index.html files) work as they are. libzim builds the Xapian title
and full-text indexes from the pages' text.
"""

from __future__ import annotations

import datetime
import html
import io
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from libzim.writer import (  # type: ignore[import-untyped]
    ContentProvider,
    Creator,
    FileProvider,
    Hint,
    Item,
    StringProvider,
)
from PIL import Image

from generator.content.model import SiteSettings
from generator.files import read_regular, regular_files
from generator.pages.urls import NOT_FOUND, output_file

ILLUSTRATION_SIZE = 48  # the size Kiwix's library shows
MAX_ICON_BYTES = 1024 * 1024
# By suffix, the same on every machine (the mimetypes module reads the machine's own tables).
MIME_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".csv": "text/csv",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}
_TITLE = re.compile(rb"<title>(.*?)</title>", re.DOTALL)
_REDIRECT = re.compile(rb'<meta http-equiv="refresh"')
TITLE_SEPARATOR = " · "  # between a page's title and the site's (base.html)


class _SiteFile(Item):  # type: ignore[misc]
    """One file of the offline build, at its path in the site."""

    def __init__(self, path: str, file: Path) -> None:
        super().__init__()
        self.path, self.file = path, file
        self.mimetype = MIME_TYPES.get(file.suffix, "text/plain" if not file.suffix else "")
        self.mimetype = self.mimetype or "application/octet-stream"
        self.page = read_regular(file, file.stat().st_size) if self.is_html else b""
        self.title = page_title(self.page) if self.is_html else ""

    @property
    def is_html(self) -> bool:
        return self.mimetype == "text/html"

    def get_path(self) -> str:
        return self.path

    def get_title(self) -> str:
        return self.title

    def get_mimetype(self) -> str:
        return self.mimetype

    def get_contentprovider(self) -> ContentProvider:
        return StringProvider(self.page) if self.is_html else FileProvider(str(self.file))

    def get_hints(self) -> dict[Hint, int]:
        # Searched and suggested: pages, not the redirect of a renamed record's old address.
        article = self.is_html and not _REDIRECT.search(self.page)
        return {Hint.FRONT_ARTICLE: article}


# Kiwix's tags: what the file holds (pictures: the people's photos), and its own search index.
TAGS = "_category:other;_ftindex:yes;_pictures:yes;_videos:no;_details:yes"


def metadata(
    site: SiteSettings, words: Sequence[Mapping[str, str]], date: datetime.date
) -> dict[str, str]:
    """What Kiwix shows of the file in its library (openZIM's metadata, by name): the site's
    title and description in its main language, and the words of each language (strings:
    downloads.zim_*), the main one's first."""
    address = re.sub(r"[^a-z0-9.]+", "-", site.base_url.split("://", 1)[-1].lower()).strip("-")
    return {
        # After the site's address, which stays the same from one release to the next: Kiwix
        # finds updates by it.
        "Name": f"{address}_{'mul' if len(words) > 1 else site.language}_all",
        "Title": words[0]["zim_title"],  # at most 30 characters
        "Description": words[0]["zim_description"],  # at most 80 characters
        "LongDescription": site.description,
        "Language": ",".join(language["zim_language"] for language in words),  # ISO 639-3
        "Creator": site.title,
        "Publisher": site.title,
        "Date": date.isoformat(),
        "Tags": TAGS,
    }


def page_title(page: bytes) -> str:
    """The page's own title, without the site's after it: what search lists."""
    found = _TITLE.search(page)
    title = html.unescape(found.group(1).decode("utf-8")).strip() if found else ""
    return title.rsplit(TITLE_SEPARATOR, 1)[0] if TITLE_SEPARATOR in title else title


def illustration(icon_file: Path) -> bytes:
    """The site's icon as the 48x48 PNG Kiwix shows; the same bytes from the same icon."""
    with Image.open(io.BytesIO(read_regular(icon_file, MAX_ICON_BYTES)), formats=["PNG"]) as icon:
        small = icon.convert("RGBA").resize(
            (ILLUSTRATION_SIZE, ILLUSTRATION_SIZE), Image.Resampling.LANCZOS
        )
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def write_zim(site_dir: Path, zim_path: Path, metadata: Mapping[str, str], icon: bytes) -> int:
    """Write every file of site_dir into a ZIM at zim_path, atomically, the home page as its
    main page; returns the file's size in bytes."""
    zim_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zim_path.with_name(f".{zim_path.name}.{os.getpid()}.partial")
    try:
        creator = Creator(partial).config_indexing(True, metadata["Language"].split(",")[0])
        with _progress_to_stderr(), creator:
            creator.set_mainpath(output_file(""))
            creator.add_illustration(ILLUSTRATION_SIZE, icon)
            for name, value in metadata.items():
                creator.add_metadata(name, value)
            for path, file in _site_files(site_dir):
                creator.add_item(_SiteFile(path, file))
        partial.replace(zim_path)
    finally:
        partial.unlink(missing_ok=True)
    return zim_path.stat().st_size


def _site_files(site_dir: Path) -> Iterator[tuple[str, Path]]:
    """Every file of the build, in a stable order, but its bookkeeping (hidden files) and the
    page a web server shows for a wrong address (Kiwix has its own; its links start from the
    site's address)."""
    for name, file in sorted(regular_files(site_dir)):
        if name != NOT_FOUND and not any(part.startswith(".") for part in name.split("/")):
            yield name, file


@contextmanager
def _progress_to_stderr() -> Iterator[None]:
    """libzim prints its progress on standard output, where the command prints its result:
    sent to standard error, with the build's progress."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
