"""Publish stage: the whole site as files to read offline (the zip, the ZIM), made before the
site from the same content, copied beside the downloads page with their SHA256SUMS; the page
lists each one's size and checksum, so it describes exactly the files published with it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from generator.files import UnsafeFile, opened_regular, regular_files
from generator.pages.plan import Download
from generator.pages.urls import DOWNLOAD_SUMS, DOWNLOADS, SITE_FILE
from generator.publish.checksums import sha256sum_lines
from generator.publish.staging import OutputError

KINDS = (".zip", ".zim")
MAX_DOWNLOAD_BYTES = 4 * 1024 * 1024 * 1024
_PIECE = 1024 * 1024


def read_downloads(folder: Path) -> tuple[Download, ...]:
    """Each .zip and .zim of the folder, its size and SHA-256, by name; anything else there is
    refused (OutputError), as it would not be published."""
    if not folder.is_dir():
        raise OutputError(f"--downloads {folder}: no such folder")
    found = []
    for name, file in sorted(regular_files(folder)):
        if "/" in name or not name.endswith(KINDS) or not SITE_FILE.fullmatch(name):
            raise OutputError(
                f"--downloads {folder}: {name} is not a .zip or a .zim of that folder with a"
                " plain name (letters, digits, '.', '-', '_'); only those are published"
            )
        digest, size = hashlib.sha256(), 0
        for piece in _pieces(file):
            digest.update(piece)
            size += len(piece)
        found.append(Download(name, size, digest.hexdigest()))
    return tuple(found)


def download_files(
    folder: Path, downloads: tuple[Download, ...]
) -> Iterator[tuple[str, Iterator[bytes]]]:
    """(site path, pieces) of each file, then of SHA256SUMS, in `sha256sum -c`'s format."""
    for download in downloads:
        yield DOWNLOADS + download.name, _pieces(folder / download.name)
    sums = sha256sum_lines((d.sha256, d.name) for d in downloads)
    yield DOWNLOAD_SUMS, iter((sums,))


def _pieces(file: Path) -> Iterator[bytes]:
    try:
        with opened_regular(file, MAX_DOWNLOAD_BYTES) as opened:
            while piece := opened.read(_PIECE):
                yield piece
    except UnsafeFile as refused:
        raise OutputError(f"{file}: {refused.message}") from None
