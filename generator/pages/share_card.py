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
import io
import unicodedata
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
    ink, background = TONES.get(tone, TONES["unknown"])
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    canvas = ImageDraw.Draw(image)
    canvas.rectangle((0, 0, 23, HEIGHT), fill=ink)  # the status's colour, as a band
    mark = assets.mark()
    image.paste(mark, (MARGIN, 64), mark)
    title_font = assets.font(BOLD, 34)
    title_lines = _wrapped(title, title_font, TEXT_WIDTH - mark.width - 28, 2)
    top = 64 + (mark.width - len(title_lines) * 42) // 2
    for number, line in enumerate(title_lines):
        canvas.text((MARGIN + mark.width + 28, top + number * 42), line, MUTED, title_font)

    name_font, name_lines = _fitted(name, BOLD, NAME_SIZES, 2, assets)
    status_font, status_lines = _fitted(status, REGULAR, STATUS_SIZES, 2, assets)
    name_step, status_step = _line_height(name_font), _line_height(status_font)
    pad, gap = 20, 36
    height = len(name_lines) * name_step + gap + len(status_lines) * status_step + 2 * pad
    y = 180 + (HEIGHT - 40 - 180 - height) // 2  # the name and status, centred below the title
    for line in name_lines:
        canvas.text((MARGIN, y), line, TEXT, name_font)
        y += name_step
    y += gap
    # The status as the profile draws it: in its colour, on its background.
    widest = max((int(status_font.getlength(line)) for line in status_lines), default=0)
    box = (MARGIN - pad, y, MARGIN + widest + pad, y + len(status_lines) * status_step + 2 * pad)
    canvas.rounded_rectangle(box, radius=24, fill=background)
    y += pad
    for line in status_lines:
        canvas.text((MARGIN, y + status_step // 2), line, ink, status_font, anchor="lm")
        y += status_step
    # In a fixed palette of few colours (each ink blended into the ground it is drawn on): a
    # smaller file, made faster than a palette of its own.
    few = image.quantize(palette=_palette(ink, background), dither=Image.Dither.NONE)
    out = io.BytesIO()
    few.save(out, format="PNG", compress_level=6)
    return out.getvalue()


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


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    return int(font.size * 1.2)


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
    lines: list[str] = []
    line = ""
    for word in text.split(" "):  # not at a no-break space
        if not word:
            continue
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while font.getlength(line) > width:  # one word wider than the card
            cut = _longest_prefix(line, font, width)
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    if len(lines) > most:
        last = lines[most - 1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines = [*lines[: most - 1], last.rstrip() + "…"]
    return lines


def _longest_prefix(word: str, font: ImageFont.FreeTypeFont, width: int) -> int:
    cut = len(word)
    while cut > 1 and font.getlength(word[:cut]) > width:
        cut -= 1
    return cut


class CardAssets:
    """The fonts and the mark of assets/, each read when first drawn with. One Jinja
    environment holds them, and serve keeps an environment for one render digest (which has
    the assets' bytes): an asset changed in place makes a new one, which reads it again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fonts: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}
        self._mark: Image.Image | None = None

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
