"""serve keeps one process, and its BuildMemory, from build to build: what it remembers is
keyed by what it was made from, so a rebuild's files are a clean build's."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from generator import build as pipeline
from generator.pages import share_card

from .conftest import SiteTree, prisoner

CARDS = ("prisoners/mamai/share.png", "ru/prisoners/mamai/share.png")


def _mark(colour: tuple[int, int, int], file: Path) -> None:
    """A mark of one colour; stored uncompressed, so every colour gives a file of one size."""
    Image.new("RGB", (180, 180), colour).save(file, compress_level=0)


def test_serve_draws_share_cards_with_the_mark_as_it_now_is(tree: SiteTree) -> None:
    """The site's mark replaced in place by a file of the same size and time (copied with
    cp -p, unpacked from an archive): serve's cards show the new mark, as a clean build's."""
    tree.write(
        "content/site.yaml", (tree.root / "content/site.yaml").read_text() + "languages: [en, ru]\n"
    )
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai"))
    mark = tree.root / "assets" / share_card.MARK
    _mark((11, 92, 173), mark)
    before = mark.stat()
    memory = pipeline.BuildMemory()
    served = tree.root / "served"
    pipeline.build(tree.project, served, search=False, in_place=True, memory=memory)
    blue = {card: (served / card).read_bytes() for card in CARDS}

    _mark((200, 30, 30), mark)
    os.utime(mark, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (mark.stat().st_size, mark.stat().st_ino) == (before.st_size, before.st_ino)
    pipeline.build(tree.project, served, search=False, in_place=True, memory=memory)
    pipeline.build(tree.project, tree.root / "clean", search=False)
    for card in CARDS:
        assert (served / card).read_bytes() == (tree.root / "clean" / card).read_bytes()
        assert (served / card).read_bytes() != blue[card]
