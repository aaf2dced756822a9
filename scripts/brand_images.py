"""Draw the site's mark as the PNG files in assets/: `python scripts/brand_images.py`.

The mark is three bars of a window, the middle one broken: a favicon (32 px), a home-screen
icon (180 px) and the image shown when a page is shared (1200 x 630). PNG, not SVG: the build
publishes no SVG, which could carry a script. Run again after changing the colours below.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ASSETS = Path(__file__).resolve().parent.parent / "assets"
BLUE = (11, 92, 173)  # --accent in style.css
WHITE = (255, 255, 255)
PAPER = (246, 247, 249)


def mark(size: int) -> Image.Image:
    """The mark on a rounded square, drawn at 4x and scaled down for smooth edges."""
    big = size * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=BLUE)
    bar, top, bottom = big // 10, big * 22 // 100, big * 78 // 100
    for number, left in enumerate((big * 27 // 100, big * 45 // 100, big * 63 // 100)):
        if number == 1:  # the broken bar
            draw.rectangle((left, top, left + bar, big * 42 // 100), fill=WHITE)
            draw.rectangle((left, big * 58 // 100, left + bar, bottom), fill=WHITE)
        else:
            draw.rectangle((left, top, left + bar, bottom), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    for size, name in ((32, "icon-32.png"), (180, "icon-180.png")):
        mark(size).save(ASSETS / name, optimize=True)
    share = Image.new("RGB", (1200, 630), PAPER)
    share.paste(mark(360), (420, 135), mark(360))
    share.save(ASSETS / "share.png", optimize=True)


if __name__ == "__main__":
    main()
