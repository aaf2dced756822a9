"""Publish photos re-encoded: scaled down, EXIF and GPS metadata dropped.

A photo's metadata can give away where and when it was taken, and by which device.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 800


class ImageError(Exception):
    """A content image cannot be read."""


def publish_photo(source: Path) -> bytes:
    """The photo as a JPEG of at most MAX_SIDE pixels a side, with no metadata."""
    try:
        with Image.open(source) as original:
            # Keep it upright once the orientation tag is dropped.
            upright = ImageOps.exif_transpose(original).convert("RGB")
        upright.thumbnail((MAX_SIDE, MAX_SIDE))
        clean = Image.new("RGB", upright.size)
        clean.paste(upright)  # a fresh image carries no info, EXIF or ICC from the original
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as error:
        raise ImageError(f"{source.name} cannot be read as an image: {error}") from error
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=82, optimize=True)
    return out.getvalue()
