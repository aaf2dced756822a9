"""The share cards' cost: `python -m bench.cards [--before OLD/share_card.py]`.

Builds the bundled site (content/) in one process, keeping the words and tone of every card it
draws, then draws each card again `--repeat` times and prints the median CPU time a card (the
best of its repeats), the median over all cards, and their bytes. With `--before`, another
version of pages/share_card.py draws the same cards too: its figures, and how far the two
differ in pixels (the largest channel difference of any pixel, and how many pixels differ).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from PIL import Image, ImageChops

from generator import build as pipeline
from generator import parallel
from generator.pages import share_card
from generator.settings import Project

REPO = Path(__file__).resolve().parent.parent
Card = tuple[tuple[str, ...], str]


def bundled_cards() -> list[Card]:
    """The words and tone of each card the bundled site draws."""
    cards: list[Card] = []
    draw = share_card.draw

    def keeping(lines: Sequence[str], tone: str, assets: Any) -> bytes:
        cards.append((tuple(lines), tone))
        return draw(lines, tone, assets)

    share_card.draw = keeping  # type: ignore[assignment]
    parallel.default_jobs = lambda: 1  # every card drawn in this process
    try:
        with tempfile.TemporaryDirectory(prefix="bench-cards-") as out:
            pipeline.build(Project(REPO), Path(out) / "site", search=False)
    finally:
        share_card.draw = draw  # type: ignore[method-assign]
    return cards


def timed(
    modules: Sequence[ModuleType], cards: list[Card], repeat: int
) -> list[tuple[list[float], list[bytes]]]:
    """Each card's CPU milliseconds (the best of `repeat`) and bytes, drawn by each module in
    turn, card by card: a machine shared with others slows both alike."""
    sides = [(module.draw, module.CardAssets(REPO / "assets")) for module in modules]
    drawn: list[tuple[list[float], list[bytes]]] = [([], []) for _ in modules]
    for lines, tone in cards:
        for (draw, assets), (times, pictures) in zip(sides, drawn, strict=True):
            best = float("inf")
            for _ in range(repeat):
                start = time.process_time()
                picture = draw(lines, tone, assets)
                best = min(best, time.process_time() - start)
            times.append(best * 1000)
            pictures.append(picture)
    return drawn


def loaded(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("share_card_before", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def difference(one: bytes, other: bytes) -> tuple[int, int]:
    """The largest channel difference of any pixel, and the number of pixels that differ."""
    with Image.open(io.BytesIO(one)) as a, Image.open(io.BytesIO(other)) as b:
        diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    largest = max(high for _, high in diff.getextrema())
    differing = sum(diff.convert("L").histogram()[1:])
    return largest, differing


def report(name: str, times: list[float], pictures: list[bytes]) -> None:
    print(
        f"{name}: {len(times)} cards, median {statistics.median(times):.2f} ms,"
        f" total {sum(times) / 1000:.2f} s CPU, {sum(map(len, pictures)):,} bytes"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, help="another version of share_card.py")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    cards = bundled_cards()
    modules = [share_card] if not options.before else [loaded(options.before), share_card]
    names = ["after"] if not options.before else ["before", "after"]
    for _ in range(2):  # twice: the first also reads the fonts and draws what is kept
        drawn = timed(modules, cards, options.repeat)
    for name, (times, pictures) in zip(names, drawn, strict=True):
        report(name, times, pictures)
    if options.before:
        (old_times, old), (new_times, new) = drawn
        ratios = [after / before for before, after in zip(old_times, new_times, strict=True)]
        diffs = [difference(*pair) for pair in zip(old, new, strict=True)]
        print(
            f"after / before: median {statistics.median(ratios):.2f};"
            f" largest channel difference {max(d for d, _ in diffs)},"
            f" pixels differing {sum(n for _, n in diffs):,} in {sum(1 for _, n in diffs if n)}"
            f" of {len(diffs)} cards"
        )


if __name__ == "__main__":
    main()
