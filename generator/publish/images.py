"""Publish photos re-encoded: scaled down, EXIF and GPS metadata dropped.

A photo's metadata can give away where and when it was taken, and by which device. A photo
comes from a stranger's pull request, so it is opened only as one of three formats, whatever
its name says: Pillow knows dozens, and some (EPS, through Ghostscript) run programs. Its
size is checked before its pixels are decoded: a 20 KB PNG can decode to gigabytes.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from generator.files import UnsafeFile, opened_regular

MAX_SIDE = 800
FORMATS = ("JPEG", "PNG", "WEBP")
MAX_PIXELS = 50_000_000  # a 50-megapixel camera's photo; 150 MB once decoded
MAX_PHOTO_BYTES = 50 * 1024 * 1024
_PROBLEMS = (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError)


class ImageError(Exception):
    """A content image cannot be read."""


def photo_problem(source: Path) -> str | None:
    """Why a photo would not be published, or None: its header only is read (validate)."""
    try:
        with _opened(source):
            return None
    except ImageError as error:
        return str(error)


def publish_photo(source: Path) -> bytes:
    """The photo as a JPEG of at most MAX_SIDE pixels a side, with no metadata."""
    try:
        with _opened(source) as original:
            # Keep it upright once the orientation tag is dropped.
            upright = ImageOps.exif_transpose(original).convert("RGB")
        upright.thumbnail((MAX_SIDE, MAX_SIDE))
        clean = Image.new("RGB", upright.size)
        clean.paste(upright)  # a fresh image carries no info, EXIF or ICC from the original
    except _PROBLEMS as error:
        raise ImageError(f"{source.name} cannot be read as an image: {error}") from error
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=82, optimize=True)
    return out.getvalue()


@contextmanager
def _opened(source: Path) -> Iterator[Image.Image]:
    """The photo opened, not yet decoded (only its header is read), if it is a JPEG, PNG or WebP
    of a sensible size; the file stays open while the caller decodes it."""
    with ExitStack() as stack:
        try:
            file = stack.enter_context(opened_regular(source, MAX_PHOTO_BYTES))
        except UnsafeFile as refused:
            raise ImageError(f"{source.name} {refused.message}") from None
        except OSError as error:
            raise ImageError(f"{source.name} cannot be read: {error.strerror}") from error
        try:
            with warnings.catch_warnings():  # the size is checked below, with a clearer message
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                image = stack.enter_context(Image.open(file, formats=FORMATS))
        except _PROBLEMS as error:
            raise ImageError(
                f"{source.name} cannot be read as an image: only JPEG, PNG and WebP are"
                f" published ({error})"
            ) from error
        if image.width * image.height > MAX_PIXELS:
            raise ImageError(
                f"{source.name} is {image.width} x {image.height} pixels, over the limit of"
                f" {MAX_PIXELS // 1_000_000} million: scale it down (it is published at"
                f" {MAX_SIDE} px at most)"
            )
        yield image
