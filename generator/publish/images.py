"""Publish photos as a browser shows them, re-encoded: scaled down, EXIF and GPS metadata dropped.

A photo's metadata can give away where and when it was taken, and by which device. A photo
comes from a stranger's pull request, so it is opened only as one of three formats, whatever
its name says: Pillow knows dozens, and some (EPS, through Ghostscript) run programs. Its
size is checked before its pixels are decoded: a 20 KB PNG can decode to gigabytes.

The published photo is what a browser shows of the file (what a reviewer saw), or the photo is
refused with a problem that says why (validate reads the same headers as build):
- one picture only: an animated WebP (one with the animation flag), an APNG (a PNG with an acTL
  chunk, whatever Pillow makes of it) and a file of several pictures (an MPO) are refused, since
  a browser plays or picks a picture other than the one Pillow would decode;
- colours: an embedded ICC profile is applied (LittleCMS, perceptual intent) to convert the
  pixels to sRGB, and a profile that cannot be read, does not fit the pixels or cannot be
  applied is refused. Without a profile, pixels are sRGB: a PNG asking otherwise is refused
  (a cICP chunk, iCCP beside sRGB, gAMA or cHRM values other than sRGB's, any of them twice or
  after the pixels), since browsers read those differently; so is a CMYK JPEG (browsers convert
  it each their own way) and a 16-bit grey PNG with a transparent shade. Transparent parts are
  laid on white, as on the site's pages, never published as the pixels they hide;
- orientation: only the EXIF orientation tag (0x0112, one SHORT in the first IFD), as browsers
  read it (CSS `image-orientation: from-image`); XMP orientation is ignored, as browsers ignore
  it (Pillow's exif_transpose and getexif obey it, so neither is used). Browsers turn a JPEG by
  the tag, but disagree for PNG and WebP, so a PNG or WebP whose tag turns it is refused, and so
  is a JPEG with more than one EXIF block.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageCms, UnidentifiedImageError

from generator.files import UnsafeFile, opened_regular

MAX_SIDE = 800
FORMATS = ("JPEG", "PNG", "WEBP")
MAX_PIXELS = 50_000_000  # a 50-megapixel camera's photo; 150 MB once decoded
MAX_PHOTO_BYTES = 50 * 1024 * 1024
_PROBLEMS = (
    OSError,
    UnidentifiedImageError,
    Image.DecompressionBombError,
    ValueError,
    ImageCms.PyCMSError,
)
_STILL = "export a single still image"
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PNG chunks that change which picture a browser shows, or its colours or orientation.
_APNG_CHUNKS = {b"acTL", b"fcTL", b"fdAT"}
_PNG_COLOURS = {b"iCCP", b"sRGB", b"gAMA", b"cHRM", b"cICP"}
_PNG_READ = {b"gAMA", b"cHRM", b"eXIf"}  # the ones whose values are checked here
_PNG_KEPT = _APNG_CHUNKS | _PNG_COLOURS | _PNG_READ | {b"IDAT", b"IEND"}  # the ones checked
# A picture is written in a few dozen chunks (a large one in a few hundred IDAT); millions of
# tiny ones cost validate seconds and memory before Pillow would refuse the file.
MAX_PNG_CHUNKS = 10_000
_SRGB_GAMMA = range(45_000, 46_001)  # gAMA in 1/100,000: sRGB is 45455 (1/2.2)
_SRGB_CHROMATICITIES = (31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000)
_ORIENTATION_TAG = 0x0112
_TRANSPOSES = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SIXTEEN_BIT_GREY = ("I", "I;16", "I;16B", "I;16L")


class ImageError(Exception):
    """A content image cannot be read."""


@dataclass(frozen=True)
class _Looks:
    """What, besides its pixels, decides how a browser shows a photo."""

    profile: ImageCms.ImageCmsProfile | None  # the embedded ICC profile, if any
    orientation: int  # the EXIF orientation, 1 (upright) to 8


def photo_problem(source: Path) -> str | None:
    """Why a photo would not be published, or None: its header only is read (validate)."""
    try:
        with _opened(source):
            return None
    except ImageError as error:
        return str(error)


def publish_photo(source: Path) -> bytes:
    """The photo as a browser shows it, as a JPEG of at most MAX_SIDE pixels a side, with no
    metadata."""
    try:
        with _opened(source) as (original, looks):
            shown = _in_srgb(original, looks.profile)
        shown.thumbnail((MAX_SIDE, MAX_SIDE))
        if looks.orientation in _TRANSPOSES:  # upright, since the orientation tag is dropped
            shown = shown.transpose(_TRANSPOSES[looks.orientation])
        clean = Image.new("RGB", shown.size)
        clean.paste(shown)  # a fresh image carries no info, EXIF or ICC from the original
    except _PROBLEMS as error:
        raise ImageError(f"{source.name} cannot be read as an image: {error}") from error
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=82, optimize=True)
    return out.getvalue()


@contextmanager
def _opened(source: Path) -> Iterator[tuple[Image.Image, _Looks]]:
    """The photo opened, not yet decoded (only its header is read), if it is a JPEG, PNG or WebP
    of a sensible size that can be published as a browser shows it, and how it looks; the file
    stays open while the caller decodes it."""
    with ExitStack() as stack:
        try:
            file = stack.enter_context(opened_regular(source, MAX_PHOTO_BYTES))
            head = file.read(32)
            png_chunks = _png_chunks(file) if head.startswith(_PNG_SIGNATURE) else None
            file.seek(0)
        except _TooManyChunks as refused:
            raise ImageError(f"{source.name} {refused}") from None
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
        refusal = _more_than_one_picture(image, head, png_chunks) or _unclear_colours(
            image, png_chunks
        )
        if refusal:
            raise ImageError(f"{source.name} {refusal}")
        try:
            looks = _Looks(_profile(image), _orientation(image, png_chunks))
        except ValueError as error:
            raise ImageError(f"{source.name} {error}") from None
        yield image, looks


class _TooManyChunks(ValueError):
    """A PNG of more than MAX_PNG_CHUNKS chunks."""


def _png_chunks(file: BinaryIO) -> dict[bytes, list[bytes]]:
    """A PNG's chunks of the types checked here (_PNG_KEPT) up to IEND, by type: the data of
    those in _PNG_READ, an empty string for the others (IDAT once); a type seen after the first
    IDAT also counts as `b"late " + type`. _TooManyChunks past MAX_PNG_CHUNKS chunks."""
    chunks: dict[bytes, list[bytes]] = {}
    file.seek(len(_PNG_SIGNATURE))
    count = 0
    while len(header := file.read(8)) == 8:
        count += 1
        if count > MAX_PNG_CHUNKS:
            raise _TooManyChunks(
                f"is a PNG of more than {MAX_PNG_CHUNKS:,} chunks (a picture needs a few dozen):"
                " export it again as a PNG or JPEG"
            )
        length, kind = int.from_bytes(header[:4], "big"), header[4:]
        data = file.read(length) if kind in _PNG_READ else b""
        file.seek(4 if kind in _PNG_READ else length + 4, io.SEEK_CUR)  # the CRC; the data
        if kind not in _PNG_KEPT or (kind == b"IDAT" and kind in chunks):
            continue
        if b"IDAT" in chunks and kind != b"IDAT":
            chunks.setdefault(b"late " + kind, []).append(data)
        chunks.setdefault(kind, []).append(data)
        if kind == b"IEND":
            break
    return chunks


def _more_than_one_picture(
    image: Image.Image, head: bytes, png_chunks: dict[bytes, list[bytes]] | None
) -> str | None:
    """Why a browser might show a picture other than the one Pillow decodes, or None."""
    if png_chunks is not None and _APNG_CHUNKS & png_chunks.keys():
        return (
            "is an animated PNG (APNG): a browser plays its animation, not the still picture"
            f" that would be published; {_STILL}"
        )
    webp_animated = head[:4] == b"RIFF" and head[8:16] == b"WEBPVP8X" and head[20:21] != b""
    if webp_animated and head[20] & 0x02:
        return (
            "is an animated WebP: a browser plays its animation, not the one frame that would"
            f" be published; {_STILL}"
        )
    frames = getattr(image, "n_frames", 1)
    if frames > 1 or getattr(image, "is_animated", False):
        return (
            f"holds {frames} pictures (an animation or a multi-picture file): a browser may show"
            f" another than the one that would be published; {_STILL}"
        )
    return None


def _unclear_colours(image: Image.Image, png_chunks: dict[bytes, list[bytes]] | None) -> str | None:
    """Why the photo's colours in a browser cannot be told from its pixels and profile, or None."""
    if image.mode == "CMYK":
        return (
            "is a CMYK image: browsers turn its colours into screen colours each their own way;"
            " export it as an RGB (sRGB) JPEG"
        )
    if image.mode in _SIXTEEN_BIT_GREY and "transparency" in image.info:
        return "is a 16-bit grey PNG with a transparent shade: export it as an 8-bit PNG"
    if png_chunks is None:
        return None
    export = "export it as an sRGB PNG (with an sRGB profile, or none)"
    late = sorted(
        kind[5:].decode()
        for kind in png_chunks
        if kind.startswith(b"late ") and kind[5:] in _PNG_COLOURS
    )
    if late:
        chunks = ", ".join(late)
        return f"has {chunks} chunks after its pixels, which browsers read differently; {export}"
    twice = sorted(kind.decode() for kind in _PNG_COLOURS if len(png_chunks.get(kind, ())) > 1)
    if twice:
        return (
            f"has more than one {', '.join(twice)} chunk, which browsers read differently; {export}"
        )
    if b"cICP" in png_chunks:
        return f"has a cICP chunk (video or HDR colours), which browsers show differently; {export}"
    if b"iCCP" in png_chunks and b"sRGB" in png_chunks:
        return (
            "has both an ICC profile (iCCP) and an sRGB chunk, and browsers choose between them"
            f" differently; {export}"
        )
    if b"iCCP" in png_chunks or b"sRGB" in png_chunks:
        return None  # either overrides gAMA and cHRM
    if not _srgb_gamma_and_chromaticities(png_chunks):
        return (
            "has gAMA or cHRM chunks asking for colours other than sRGB's, which browsers apply"
            f" differently; {export}"
        )
    return None


def _srgb_gamma_and_chromaticities(png_chunks: dict[bytes, list[bytes]]) -> bool:
    for gamma in png_chunks.get(b"gAMA", ()):
        if len(gamma) != 4 or int.from_bytes(gamma, "big") not in _SRGB_GAMMA:
            return False
    for chromaticities in png_chunks.get(b"cHRM", ()):
        if len(chromaticities) != 32:
            return False
        values = struct.unpack(">8I", chromaticities)
        if any(
            abs(value - srgb) > 1000
            for value, srgb in zip(values, _SRGB_CHROMATICITIES, strict=True)
        ):
            return False
    return True


def _profile(image: Image.Image) -> ImageCms.ImageCmsProfile | None:
    """The photo's embedded ICC profile, checked to apply to its pixels; ValueError if not."""
    data = image.info.get("icc_profile")
    if not data:
        return None
    export = "export it with an sRGB profile, or none"
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
        space = profile.profile.xcolor_space.strip()
        if space not in ("RGB", "GRAY") or (space == "GRAY") != _is_grey(image):
            raise ValueError(f"has a colour profile for {space} that does not fit its pixels")
        ImageCms.buildTransform(
            profile, _SRGB, _colour_mode(profile), "RGB", ImageCms.Intent.PERCEPTUAL
        )
    except (ImageCms.PyCMSError, OSError, TypeError) as error:
        raise ValueError(
            f"has a colour profile (ICC) that cannot be applied ({error}); {export}"
        ) from error
    except ValueError as error:
        raise ValueError(f"{error}; {export}") from error
    return profile


def _is_grey(image: Image.Image) -> bool:
    return image.mode in ("1", "L", "LA", "La", *_SIXTEEN_BIT_GREY)


def _colour_mode(profile: ImageCms.ImageCmsProfile | None) -> str:
    grey = profile is not None and profile.profile.xcolor_space.strip() == "GRAY"
    return "L" if grey else "RGB"


def _in_srgb(image: Image.Image, profile: ImageCms.ImageCmsProfile | None) -> Image.Image:
    """The photo's pixels (decoded here) as a browser shows them on a white page, in sRGB."""
    if image.mode in _SIXTEEN_BIT_GREY:  # Pillow's convert would clip, not scale, to 8 bits
        image = image.convert("I").point(lambda value: value / 257).convert("L")
    alpha = None
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        image = image.convert("LA" if _colour_mode(profile) == "L" else "RGBA")
        alpha = image.getchannel("A")
    colours = image.convert(_colour_mode(profile))
    if profile is None:
        shown = colours.convert("RGB")
    else:
        converted = ImageCms.profileToProfile(
            colours, profile, _SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB"
        )
        assert converted is not None  # None only when converting in place
        shown = converted
    if alpha is None:
        return shown
    on_white = Image.new("RGB", shown.size, "white")
    on_white.paste(shown, mask=alpha)
    return on_white


def _orientation(image: Image.Image, png_chunks: dict[bytes, list[bytes]] | None) -> int:
    """The EXIF orientation a browser follows (1 to 8); ValueError where browsers disagree."""
    if image.format == "JPEG":
        exif_blocks = [data for marker, data in getattr(image, "applist", ()) if marker == "APP1"]
        if sum(data.startswith(b"Exif\0\0") for data in exif_blocks) > 1:
            raise ValueError(
                "has more than one EXIF block, and browsers disagree on which one turns it:"
                " export it again, with one"
            )
        return _exif_orientation(image.info.get("exif", b""))
    blocks = png_chunks.get(b"eXIf", []) if png_chunks is not None else []
    blocks = [*blocks, image.info.get("exif", b"")]
    if any(_exif_orientation(block) != 1 for block in blocks):
        raise ValueError(
            f"has an EXIF orientation tag that turns it, and browsers disagree on obeying it in"
            f" a {'WebP' if image.format == 'WEBP' else image.format}: export it upright, without"
            " the tag"
        )
    return 1


def _exif_orientation(exif: bytes) -> int:
    """The orientation tag of an EXIF block's first IFD, read as browsers read it: one SHORT
    from 1 to 8; anything else (no tag, another type, a broken block) leaves the photo upright."""
    tiff = exif.removeprefix(b"Exif\0\0")
    order = {b"II*\0": "<", b"MM\0*": ">"}.get(tiff[:4])
    if order is None or len(tiff) < 8:
        return 1
    (first_ifd,) = struct.unpack_from(order + "I", tiff, 4)
    if first_ifd + 2 > len(tiff):
        return 1
    (entries,) = struct.unpack_from(order + "H", tiff, first_ifd)
    for entry in range(first_ifd + 2, min(first_ifd + 2 + 12 * entries, len(tiff) - 11), 12):
        tag, kind, count, value = struct.unpack_from(order + "HHIH", tiff, entry)
        if tag == _ORIENTATION_TAG:
            return value if kind == 3 and count == 1 and 1 <= value <= 8 else 1
    return 1
