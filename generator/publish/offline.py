"""Package stage: the offline copy as a deterministic zip, readable from file:// once unzipped."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

# A fixed timestamp and mode, and a stable order, so that the same site gives the same zip.
_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
_FILE_MODE = 0o644 << 16


def write_zip(site_dir: Path, zip_path: Path, folder: str) -> int:
    """Zip site_dir under one top folder, atomically; returns the zip's size in bytes."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_name(f".{zip_path.name}.{os.getpid()}.partial")
    try:
        with zipfile.ZipFile(
            partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9
        ) as archive:
            for file in sorted(site_dir.rglob("*")):
                if not file.is_file() or file.name.startswith("."):
                    continue
                info = zipfile.ZipInfo(
                    f"{folder}/{file.relative_to(site_dir).as_posix()}", _TIMESTAMP
                )
                info.external_attr = _FILE_MODE
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, file.read_bytes())
        partial.replace(zip_path)
    finally:
        partial.unlink(missing_ok=True)
    return zip_path.stat().st_size
