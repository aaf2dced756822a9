"""A person's share card: the picture a messenger shows with a link to their profile (og:image).

1200 x 630 PNG, one per published person and language: the name as that language writes it, the
status with its date as the profile gives it (the words come from templates/share-card.txt), and
the site's name under its mark. Drawn with Pillow in PT Sans (assets/fonts/, SIL Open Font
Licence; ParaType drew it for the languages of Russia and Kazakhstan: Latin, Cyrillic and every
Kazakh letter), with Pillow's own text layout (not Raqm, which a machine may or may not have),
and saved without any date or metadata: the same words give the same bytes.
"""

from __future__ import annotations

import functools
import itertools
import struct
import unicodedata
import zlib
from bisect import bisect
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WORDS = "share-card.txt"  # the card's words: name, status, site title, one a line
FILE = "share.png"  # beside the profile: prisoners/<slug>/share.png, ru/prisoners/<slug>/...
WIDTH, HEIGHT = 1200, 630
FONTS = "fonts"  # in assets/, read by the build, never published
REGULAR, BOLD = "PTSans-Regular.ttf", "PTSans-Bold.ttf"
MARK = "icon-180.png"  # the site's mark (scripts/brand_images.py)

Colour = tuple[int, int, int]
PAPER: Colour = (246, 247, 249)
TEXT: Colour = (29, 29, 31)  # --text in style.css
MUTED: Colour = (90, 90, 96)  # --muted
BLUE: Colour = (11, 92, 173)  # the mark's (scripts/brand_images.py)
WHITE: Colour = (255, 255, 255)
# The status's colour and its background, as style.css draws the status on the profile.
TONES: dict[str, tuple[Colour, Colour]] = {
    "held": ((138, 28, 28), (253, 234, 234)),
    "restricted": ((107, 69, 0), (255, 243, 214)),
    "free": ((29, 94, 51), (228, 244, 233)),
    "unknown": ((63, 63, 70), (236, 236, 239)),
}
MARGIN = 80
LEVEL = 4  # zlib's, for the rows of a person's name and status
TOP = 160  # the card's rows above the name: the same for every person of a language and tone
TEXT_WIDTH = WIDTH - 2 * MARGIN
NAME_SIZES = (96, 84, 72, 64, 56, 48)  # the largest at which the name fits in two lines
STATUS_SIZES = (44, 40, 36, 32)


class CardError(Exception):
    """The fonts or the mark are missing from assets/: the build cannot draw cards."""


def draw(lines: Sequence[str], tone: str, assets: CardAssets | Path) -> bytes:
    """The card of `lines` (name, status, site title) in the status's tone, as PNG bytes;
    `assets`: the folder (read afresh) or what an environment read of it."""
    assets = assets if isinstance(assets, CardAssets) else CardAssets(assets)
    name, status, title = (_spaced(line) for line in (*lines, "", "", "")[:3])
    tone = tone if tone in TONES else "unknown"
    ink, background = TONES[tone]
    name_font, name_lines = _fitted(name, BOLD, NAME_SIZES, 2, assets)
    status_font, status_lines = _fitted(status, REGULAR, STATUS_SIZES, 2, assets)
    name_step, status_step = int(name_font.size * 1.2), int(status_font.size * 1.2)
    pad, gap = 20, 36
    height = len(name_lines) * name_step + gap + len(status_lines) * status_step + 2 * pad
    y = 180 + (HEIGHT - 40 - 180 - height) // 2  # the name and status, centred below the top
    # Only their rows are drawn, and 20 more on each side (accents reach above a line): the
    # others below the top are empty ground.
    first, last = max(TOP, y - 20), min(HEIGHT, y + height + 20)
    image, canvas = _ground(last - first, ink)
    y -= first
    for line in name_lines:
        canvas.text((MARGIN, y), line, TEXT, name_font)
        y += name_step
    y += gap
    # The status as the profile draws it: in its colour, on its background.
    widest = max((int(_length(status_font, line)) for line in status_lines), default=0)
    box = (MARGIN - pad, y, MARGIN + widest + pad, y + len(status_lines) * status_step + 2 * pad)
    canvas.rounded_rectangle(box, radius=24, fill=background)
    y += pad
    for line in status_lines:
        canvas.text((MARGIN, y + status_step // 2), line, ink, status_font, anchor="lm")
        y += status_step
    empty = _empty_row(tone)
    below_top = empty * (first - TOP) + _few(image, tone) + empty * (HEIGHT - last)
    top, top_sum = assets.top(title, tone)
    rest, checksum = _deflated(below_top, empty, top_sum)
    pixels = b"\x78\x9c" + top + rest + b"\x03\x00" + struct.pack(">I", checksum)  # zlib
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)  # 8 bits, a palette
    palette = bytes(_palette(ink, background).getpalette() or ())
    chunks = ((b"IHDR", header), (b"PLTE", palette), (b"IDAT", pixels), (b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        for kind, data in chunks
    )


def _ground(height: int, ink: Colour) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A stretch of the card's paper, with the status's colour as a band at its left."""
    image = Image.new("RGB", (WIDTH, height), PAPER)
    canvas = ImageDraw.Draw(image)
    canvas.rectangle((0, 0, 23, height), fill=ink)
    return image, canvas


def _few(image: Image.Image, tone: str) -> bytes:
    """The image's rows as PNG's image data holds them: each after its filter byte (0: none),
    in a fixed palette of few colours (each ink blended into the ground it is drawn on), which
    makes a smaller file, faster than a palette of its own."""
    few = image.quantize(palette=_palette(*TONES[tone]), dither=Image.Dither.NONE)
    rows = Image.new("P", (image.width + 1, image.height), 0)  # the filter bytes, at the left
    rows.paste(few, (1, 0))
    return rows.tobytes()


@functools.cache
def _empty_row(tone: str) -> bytes:
    return _few(_ground(1, TONES[tone][0])[0], tone)


def _deflated(rows: bytes, empty: bytes, checksum: int, level: int = LEVEL) -> tuple[bytes, int]:
    """PNG's image data of these rows (from _few) as deflate blocks ending on a byte, and the
    Adler-32 of what came before (`checksum`) and them. Runs of empty rows are most of a card,
    and were most of zlib's time: each run's blocks are made once."""
    size = len(empty)
    blocks, at = [], 0
    for is_empty, run in itertools.groupby(
        rows[start : start + size] == empty for start in range(0, len(rows), size)
    ):
        count = len(list(run))
        run_rows = rows[at * size : (at + count) * size]
        blocks.append(_repeated(empty, count) if is_empty else _compressed(run_rows, level))
        at += count
    return b"".join(blocks), zlib.adler32(rows, checksum)


def _compressed(data: bytes, level: int) -> bytes:
    """Deflate blocks, ending on a byte so that more can follow."""
    zipper = zlib.compressobj(level, zlib.DEFLATED, -15, 8, zlib.Z_FILTERED)  # raw: they join
    return zipper.compress(data) + zipper.flush(zlib.Z_SYNC_FLUSH)


@functools.lru_cache(maxsize=4096)  # a few tones' empty rows, times at most the card's height
def _repeated(row: bytes, times: int) -> bytes:
    return _compressed(row * times, 9)  # made once: as small as zlib makes them


def _spaced(text: str) -> str:
    """Every space PT Sans lacks (the narrow no-break space CLDR puts in "2019 г.", the thin
    space) as the no-break space it has: drawn as a box otherwise."""
    return "".join(
        "\u00a0" if char != " " and unicodedata.category(char) == "Zs" else char for char in text
    )


@functools.cache
def _palette(ink: Colour, background: Colour) -> Image.Image:
    """Every colour the card can hold: each ink, and the mark's blue and white, blended in 8
    steps into each ground it is drawn on (the edges of letters)."""
    pairs = (
        (TEXT, PAPER),
        (MUTED, PAPER),
        (ink, background),
        (ink, PAPER),
        (BLUE, WHITE),
        (BLUE, PAPER),
        (WHITE, PAPER),
    )
    colours = dict.fromkeys(
        tuple(round(a + (b - a) * step / 7) for a, b in zip(one, other, strict=True))
        for one, other in pairs
        for step in range(8)
    )
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in colours for channel in colour])
    return palette


def _fitted(
    text: str, face: str, sizes: Sequence[int], most: int, assets: CardAssets
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the text fits in `most` lines; at the smallest, what does
    not fit ends with an ellipsis."""
    for size in sizes:
        font = assets.font(face, size)
        lines = _wrapped(text, font, TEXT_WIDTH, most + 1)
        if len(lines) <= most:
            return font, lines
    return font, _wrapped(text, font, TEXT_WIDTH, most)


def _wrapped(text: str, font: ImageFont.FreeTypeFont, width: int, most: int) -> list[str]:
    """Words in lines no wider than `width`, at most `most` of them, the last cut with '…' if
    the text goes on; a word wider than a line is cut where it must be."""
    words = [word for word in text.split(" ") if word]  # not at a no-break space
    lines: list[str] = []
    while words and len(lines) <= most:
        fit = _most(words, " ", font, width)
        if fit:
            lines.append(" ".join(words[:fit]))
            del words[:fit]
        else:  # one word wider than the card
            cut = max(1, _most(words[0], "", font, width))
            lines.append(words[0][:cut])
            words[:1] = [words[0][cut:]] if words[0][cut:] else []
    if len(lines) > most:
        last = lines[most - 1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines = [*lines[: most - 1], last.rstrip() + "…"]
    return lines


def _most(pieces: Sequence[str], joint: str, font: ImageFont.FreeTypeFont, width: int) -> int:
    """How many of the first pieces (words, letters), joined, fit in `width`: all, or else
    found by halves (more pieces are never narrower)."""

    def length(count: int) -> float:
        return _length(font, joint.join(pieces[:count]))

    every = len(pieces)
    return every if length(every) <= width else bisect(range(1, every), float(width), key=length)


@functools.lru_cache(maxsize=64)  # the status's lines are measured as they are wrapped
def _length(font: ImageFont.FreeTypeFont, text: str) -> float:
    return font.getlength(text)


class CardAssets:
    """The fonts and the mark of assets/, each read when first drawn with. One Jinja
    environment holds them, and serve keeps an environment for one render digest (which has
    the assets' bytes): an asset changed in place makes a new one, which reads it again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fonts: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}
        self._mark: Image.Image | None = None
        self._tops: dict[tuple[str, str], tuple[bytes, int]] = {}

    def font(self, face: str, size: int) -> ImageFont.FreeTypeFont:
        if (face, size) not in self._fonts:
            try:
                self._fonts[face, size] = ImageFont.truetype(
                    str(self.folder / FONTS / face), size, layout_engine=ImageFont.Layout.BASIC
                )
            except OSError as error:
                raise CardError(f"assets/{FONTS}/{face}: cannot be read ({error})") from error
        return self._fonts[face, size]

    def mark(self) -> Image.Image:
        if self._mark is None:
            try:
                with Image.open(self.folder / MARK) as mark:
                    self._mark = mark.convert("RGBA").resize((96, 96), Image.Resampling.LANCZOS)
            except OSError as error:
                raise CardError(f"assets/{MARK}: cannot be read ({error})") from error
        return self._mark

    def top(self, title: str, tone: str) -> tuple[bytes, int]:
        """The card's top, the same for every person of a language and tone (the band, the
        site's mark and title), as PNG's image data begins (_deflated): drawn once."""
        if (title, tone) not in self._tops:
            image, canvas = _ground(TOP, TONES[tone][0])
            mark = self.mark()
            image.paste(mark, (MARGIN, 64), mark)
            font = self.font(BOLD, 34)
            lines = _wrapped(title, font, TEXT_WIDTH - mark.width - 28, 2)
            for number, line in enumerate(lines):
                y = 64 + (mark.width - len(lines) * 42) // 2 + number * 42
                canvas.text((MARGIN + mark.width + 28, y), line, MUTED, font)
            self._tops[title, tone] = _deflated(_few(image, tone), _empty_row(tone), 1, level=9)
        return self._tops[title, tone]
