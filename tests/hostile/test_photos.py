"""A hostile photo: a file that a browser shows as one picture while its raw pixels or first frame
are another (issue 34, finding 1). What reviewers see is a browser's picture, so a published
photo must look like Chromium's rendering of the original; a photo whose picture cannot be told
that way is refused: validate names it with its record's path, and build publishes nothing of it.

Every file is built here with Pillow, and with hand-made chunks where Pillow cannot write them.
"""

from __future__ import annotations

import base64
import io
import struct
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageStat

from ..conftest import SiteTree, prisoner
from .conftest import validate_reports

# Four quadrants of different colours: a turned, flipped or inverted copy differs quadrant by
# quadrant, though its mean over the whole picture may not.
QUADRANTS = ((220, 40, 40), (40, 180, 60), (30, 60, 200), (240, 220, 90))
TOLERANCE = 10  # of 255, per channel of a quadrant's mean: JPEG's losses are a few levels


def picture_a() -> Image.Image:
    image = Image.new("RGB", (48, 32))
    draw = ImageDraw.Draw(image)
    for index, colour in enumerate(QUADRANTS):
        left, top = 24 * (index % 2), 16 * (index // 2)
        draw.rectangle((left, top, left + 23, top + 15), fill=colour)
    return image


def picture_b() -> Image.Image:
    """Another picture: A's negative."""
    return Image.eval(picture_a(), lambda value: 255 - value)


def quadrant_means(image: Image.Image) -> list[tuple[float, ...]]:
    """The mean colour of each quadrant's middle (edges blur when scaled or compressed)."""
    image = image.convert("RGB")
    means = []
    for left, top in ((0, 0), (1, 0), (0, 1), (1, 1)):
        width, height = image.width / 2, image.height / 2
        box = (
            round((left + 0.25) * width),
            round((top + 0.25) * height),
            round((left + 0.75) * width),
            round((top + 0.75) * height),
        )
        means.append(tuple(ImageStat.Stat(image.crop(box)).mean))
    return means


def assert_looks_alike(published: Image.Image, shown: Image.Image) -> None:
    assert published.size == shown.size
    for got, expected in zip(quadrant_means(published), quadrant_means(shown), strict=True):
        assert all(abs(a - b) <= TOLERANCE for a, b in zip(got, expected, strict=True)), (
            quadrant_means(published),
            quadrant_means(shown),
        )


def shown_in_chromium(browser: Any, data: bytes, mime: str) -> Image.Image:
    """What Chromium shows of an image file, at its natural size on a white page."""
    context = browser.new_context()
    try:
        page = context.new_page()
        source = f"data:{mime};base64,{base64.b64encode(data).decode()}"
        page.set_content(f'<body style="margin:0;background:#fff"><img src="{source}"></body>')
        page.wait_for_function("document.images[0].complete")
        return Image.open(io.BytesIO(page.locator("img").screenshot())).convert("RGB")
    finally:
        context.close()


def publish(tree: SiteTree, name: str, data: bytes) -> Image.Image:
    """The photo a build publishes for a record whose photo is this file."""
    (tree.root / "content/prisoners" / name).write_bytes(data)
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai", photo=name))
    result = tree.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    return Image.open(tree.root / "site/prisoners/mamai/photo.jpg")


def encoded(image: Image.Image, format: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format=format, **options)
    return out.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def with_png_chunks(png: bytes, *chunks: bytes) -> bytes:
    """The PNG with chunks inserted right after its header (IHDR is 8 + 25 bytes)."""
    return png[:33] + b"".join(chunks) + png[33:]


# --- an ICC profile, hand-made: Pillow writes none but sRGB -------------------------------


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + bytes(4) + _s15(x) + _s15(y) + _s15(z)


def icc_profile(tone_curve: list[int], *, grey: bool = False) -> bytes:
    """A display profile (ICC v2) with this tone curve (256 values of 0-65535, raw value to
    linear light) for each channel: RGB with sRGB's primaries, or grey."""
    curve = b"curv" + bytes(4) + struct.pack(f">I{len(tone_curve)}H", len(tone_curve), *tone_curve)
    description = b"desc" + bytes(4) + struct.pack(">I", 5) + b"test\0" + bytes(78)
    tags = [
        (b"desc", description),
        (b"cprt", b"text" + bytes(4) + b"none\0"),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
    ]
    if grey:
        tags.append((b"kTRC", curve))
    else:
        tags += [
            (b"rXYZ", _xyz(0.4361, 0.2225, 0.0139)),
            (b"gXYZ", _xyz(0.3851, 0.7169, 0.0971)),
            (b"bXYZ", _xyz(0.1431, 0.0606, 0.7141)),
            (b"rTRC", curve),
            (b"gTRC", curve),
            (b"bTRC", curve),
        ]
    table, body = b"", b""
    start = 128 + 4 + 12 * len(tags)
    for signature, data in tags:
        data += bytes(-len(data) % 4)
        table += signature + struct.pack(">II", start + len(body), len(data))
        body += data
    size = start + len(body)
    header = (
        struct.pack(">I", size) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"mntr"
        + (b"GRAY" if grey else b"RGB ") + b"XYZ " + bytes(12)
        + b"acsp" + bytes(28) + _xyz(0.9642, 1.0, 0.8249)[8:] + bytes(48)
    )  # fmt: skip
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def _srgb_to_linear(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def srgb_tone_curve() -> list[int]:
    return [round(65535 * _srgb_to_linear(raw / 255)) for raw in range(256)]


def inverting_tone_curve() -> list[int]:
    """A tone curve under which a raw value v looks like 255 - v does in sRGB."""
    return [round(65535 * _srgb_to_linear(1 - raw / 255)) for raw in range(256)]


# --- refused: the picture a browser shows is not the one Pillow would decode ---------------


def animated_webp() -> bytes:
    """Picture B for 1 ms, then picture A for ten seconds, looping: a browser shows A."""
    return encoded(
        picture_b(), "WEBP", save_all=True, append_images=[picture_a()],
        duration=[1, 10_000], loop=0, lossless=True,
    )  # fmt: skip


def apng_with_hidden_default_image() -> bytes:
    """Picture B as the default image (IDAT), outside the animation; browsers show only the
    animation's one frame, picture A."""
    png = encoded(
        picture_b(), "PNG", save_all=True, append_images=[picture_a()], default_image=True
    )
    assert b"acTL" in png
    return png


def multi_picture_jpeg() -> bytes:
    """An MPO: two JPEGs in one file."""
    return encoded(picture_a(), "MPO", save_all=True, append_images=[picture_b()])


def png_with_gamma_one() -> bytes:
    """Raw values of B, with a gAMA of 1.0 that Chromium applies (brightening it) and older
    decoders ignore."""
    return with_png_chunks(
        encoded(picture_b(), "PNG"), png_chunk(b"gAMA", struct.pack(">I", 100_000))
    )


def png_with_profile_and_srgb_chunk() -> bytes:
    """Raw values of B with two colour descriptions: the profile (shows A) and sRGB (shows B)."""
    png = encoded(picture_b(), "PNG", icc_profile=icc_profile(inverting_tone_curve()))
    return with_png_chunks(png, png_chunk(b"sRGB", b"\0"))


def cmyk_jpeg() -> bytes:
    return encoded(picture_a().convert("CMYK"), "JPEG", quality=95)


def webp_turned_by_exif() -> bytes:
    """Chromium ignores a WebP's EXIF orientation; other browsers may not."""
    exif = Image.Exif()
    exif[0x0112] = 3
    return encoded(picture_a(), "WEBP", lossless=True, exif=exif)


def exif_block(tag: int, kind: int, value: int) -> bytes:
    """An EXIF block (little-endian TIFF) of one tag in its first IFD: a SHORT (kind 3) or LONG
    (kind 4) value."""
    packed = struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
    entry = struct.pack("<HHI", tag, kind, 1) + packed
    return b"Exif\0\0II*\0" + struct.pack("<IH", 8, 1) + entry + bytes(4)


def with_jpeg_app1(jpeg: bytes, *blocks: bytes) -> bytes:
    """The JPEG with APP1 segments inserted right after its start marker."""
    segments = b"".join(b"\xff\xe1" + struct.pack(">H", len(b) + 2) + b for b in blocks)
    return jpeg[:2] + segments + jpeg[2:]


def jpeg_with_two_exif_blocks() -> bytes:
    """The first EXIF block leaves it upright, the second turns it: Chromium reads the first."""
    return with_jpeg_app1(
        encoded(picture_a(), "JPEG", quality=95),
        exif_block(0x010F, 3, 1),
        exif_block(0x0112, 3, 3),
    )


@pytest.mark.parametrize(
    ("name", "make", "why"),
    [
        ("x.webp", animated_webp, "is an animated WebP"),
        ("x.png", apng_with_hidden_default_image, "is an animated PNG (APNG)"),
        ("x.jpg", multi_picture_jpeg, "holds 2 pictures"),
        ("x.png", png_with_gamma_one, "has gAMA or cHRM chunks asking for colours"),
        ("x.png", png_with_profile_and_srgb_chunk, "has both an ICC profile (iCCP) and an sRGB"),
        ("x.jpg", cmyk_jpeg, "is a CMYK image"),
        ("x.webp", webp_turned_by_exif, "has an EXIF orientation tag that turns it"),
        ("x.jpg", jpeg_with_two_exif_blocks, "has more than one EXIF block"),
    ],
)
def test_a_photo_a_browser_may_show_otherwise_is_refused(
    tree: SiteTree, name: str, make: Callable[[], bytes], why: str
) -> None:
    (tree.root / "content/prisoners" / name).write_bytes(make())
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai", photo=name))
    problem = f"content/prisoners/mamai.md:5: photo: {name} {why}"
    validated = tree.run("validate")
    assert validated.exit_code == 1
    assert problem in validated.output
    built = tree.run("build", "--no-search")
    assert built.exit_code == 1
    assert problem in built.output
    assert not list(tree.root.glob("site/**/photo.*"))


def test_a_photo_of_several_pictures_is_refused_in_plain_words(tree: SiteTree) -> None:
    (tree.root / "content/prisoners/x.webp").write_bytes(animated_webp())
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai", photo="x.webp"))
    assert (
        "content/prisoners/mamai.md:5: photo: x.webp is an animated WebP: a browser plays its"
        " animation, not the one frame that would be published; export a single still image"
    ) in tree.run("validate").output


def test_an_unreadable_colour_profile_is_refused(tree: SiteTree) -> None:
    profile = icc_profile(inverting_tone_curve())
    broken = profile[:128] + struct.pack(">I", 400) + profile[132:]  # 400 tags in a few bytes
    (tree.root / "content/prisoners/x.jpg").write_bytes(
        encoded(picture_b(), "JPEG", icc_profile=broken)
    )
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai", photo="x.jpg"))
    validate_reports(
        tree,
        "content/prisoners/mamai.md:5: photo: x.jpg has a colour profile (ICC) that cannot be"
        " applied",
    )


# --- published: as Chromium shows the original ---------------------------------------------


def test_a_png_whose_profile_shows_another_picture_is_published_as_shown(
    tree: SiteTree, browser: Any
) -> None:
    # Raw values of B; through its profile's tone curve, a browser shows A.
    original = encoded(picture_b(), "PNG", icc_profile=icc_profile(inverting_tone_curve()))
    shown = shown_in_chromium(browser, original, "image/png")
    assert_looks_alike(shown, picture_a())  # the trick is real
    assert_looks_alike(publish(tree, "x.png", original), shown)


@pytest.mark.parametrize(
    ("name", "format", "picture", "grey"),
    [
        ("x.jpg", "JPEG", picture_b(), False),
        ("x.jpg", "JPEG", picture_b().convert("L"), True),
        ("x.webp", "WEBP", picture_b(), False),
    ],
    ids=["jpeg", "grey-jpeg", "webp"],
)
def test_a_profile_is_applied_in_every_format(
    tree: SiteTree, browser: Any, name: str, format: str, picture: Image.Image, grey: bool
) -> None:
    profile = icc_profile(inverting_tone_curve(), grey=grey)
    original = encoded(picture, format, quality=95, icc_profile=profile)
    shown = shown_in_chromium(browser, original, Image.MIME[format])
    assert_looks_alike(publish(tree, name, original), shown)


XMP_UPSIDE_DOWN = b"""<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="3"/>
</rdf:RDF></x:xmpmeta><?xpacket end='w'?>"""


def test_a_jpeg_turned_by_xmp_only_is_published_upright_as_browsers_show_it(
    tree: SiteTree, browser: Any
) -> None:
    original = encoded(picture_a(), "JPEG", quality=95, xmp=XMP_UPSIDE_DOWN)
    shown = shown_in_chromium(browser, original, "image/jpeg")
    assert_looks_alike(shown, picture_a())  # browsers ignore XMP orientation
    assert_looks_alike(publish(tree, "x.jpg", original), shown)


def test_a_jpeg_orientation_of_another_type_is_ignored_as_chromium_ignores_it(
    tree: SiteTree, browser: Any
) -> None:
    # Orientation 3 (upside down), stored as a LONG where EXIF says SHORT.
    original = with_jpeg_app1(encoded(picture_a(), "JPEG", quality=95), exif_block(0x0112, 4, 3))
    shown = shown_in_chromium(browser, original, "image/jpeg")
    assert_looks_alike(shown, picture_a())
    assert_looks_alike(publish(tree, "x.jpg", original), shown)


def test_transparent_parts_are_published_as_a_browser_shows_them_not_the_pixels_they_hide(
    tree: SiteTree, browser: Any
) -> None:
    hidden = picture_b().convert("RGBA")
    hidden.putalpha(0)  # B's pixels, all transparent: a white page shows through
    original = encoded(hidden, "PNG")
    shown = shown_in_chromium(browser, original, "image/png")
    assert_looks_alike(publish(tree, "x.png", original), shown)


def _turned_by_exif(orientation: int) -> dict[str, Any]:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return {"exif": exif}


@pytest.mark.parametrize(
    ("name", "format", "options"),
    [
        ("x.jpg", "JPEG", {"quality": 95}),
        ("x.jpg", "JPEG", {"quality": 95, **_turned_by_exif(6)}),  # browsers turn it
        ("x.png", "PNG", {}),
        ("x.png", "PNG", {"icc_profile": icc_profile(srgb_tone_curve())}),
        ("x.webp", "WEBP", {"lossless": True}),
    ],
    ids=["jpeg", "jpeg-exif-turned", "png", "png-srgb-like-profile", "webp"],
)
def test_an_ordinary_photo_is_published_as_chromium_shows_it(
    tree: SiteTree, browser: Any, name: str, format: str, options: dict[str, Any]
) -> None:
    original = encoded(picture_a(), format, **options)
    shown = shown_in_chromium(browser, original, Image.MIME[format])
    assert_looks_alike(publish(tree, name, original), shown)
