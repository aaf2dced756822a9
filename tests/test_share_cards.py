"""A profile shared in a messenger shows its person's card: the name as the reader's language
writes it, the status with its date, the site's name; the same bytes from every build."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator.pages import share_card

from .conftest import REPO, SITE_YAML, SiteTree, prisoner

REAL = "https://kazprisoners.org/db/"
MAMAI = prisoner(
    "Zhanbolat Mamai",
    names="{ru: Жанболат Мамай, kk: Жанболат Мамай}",
    status="detained",
    gender="male",
    status_as_of="2023-10",
    status_source="report-2023",
)
OTHER = prisoner("Aigul Utepova", status="released", gender="female")
DRAFT = prisoner("Hidden Person", draft="true")
LANGUAGES = ("", "ru/", "kk/")


def site(tree: SiteTree, base_url: str = REAL) -> None:
    tree.write(
        "content/site.yaml",
        SITE_YAML.replace("https://example.org/db/", base_url) + "languages: [en, ru, kk]\n",
    )
    tree.prisoner("mamai", MAMAI)
    tree.prisoner("utepova", OTHER)
    tree.prisoner("hidden", DRAFT)


def build(tree: SiteTree, out: str = "site", *args: str) -> str:
    result = tree.run("build", "--no-search", "--out", out, *args)
    assert result.exit_code == 0, result.output
    return result.output


def card(tree: SiteTree, prefix: str, slug: str, out: str = "site") -> bytes:
    return (tree.root / out / prefix / "prisoners" / slug / "share.png").read_bytes()


def meta(html: str, name: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)


def test_every_published_person_has_a_card_in_every_language_and_a_draft_none(
    tree: SiteTree,
) -> None:
    site(tree)
    build(tree)
    for prefix in LANGUAGES:
        for slug in ("mamai", "utepova"):
            with Image.open(io.BytesIO(card(tree, prefix, slug))) as image:
                assert (image.format, image.size) == ("PNG", (1200, 630))
        assert not (tree.root / "site" / prefix / "prisoners/hidden").exists()
    assert not list((tree.root / "site").rglob("hidden*"))


def test_a_card_says_the_name_in_the_pages_language_the_status_with_its_date_and_the_site(
    tree: SiteTree,
) -> None:
    site(tree)
    build(tree)
    assets = tree.root / "assets"
    expected = {  # the date as CLDR writes it, its narrow no-break space drawn as one
        "": ["Zhanbolat Mamai", "Detained as of October 2023", "Test Prisoners"],
        "ru/": [
            "Жанболат Мамай",
            "Задержан по состоянию на октябрь 2023\u00a0г.",
            "Test Prisoners",
        ],
        "kk/": ["Жанболат Мамай", "Ұсталған — мәлімет күні: 2023\u00a0ж. қазан", "Test Prisoners"],
    }
    for prefix, words in expected.items():
        assert card(tree, prefix, "mamai") == share_card.draw(words, "held", assets), prefix
    # as the profile says it
    assert "as of October 2023" in tree.html("prisoners/mamai/index.html")
    released = share_card.draw(["Aigul Utepova", "Released", "Test Prisoners"], "free", assets)
    assert card(tree, "", "utepova") == released


def test_cards_are_the_same_bytes_from_every_build_and_differ_between_people(
    tree: SiteTree,
) -> None:
    site(tree)
    build(tree, "one")
    build(tree, "two")
    for prefix in LANGUAGES:
        for slug in ("mamai", "utepova"):
            assert card(tree, prefix, slug, "one") == card(tree, prefix, slug, "two")
    assert card(tree, "", "mamai", "one") != card(tree, "", "utepova", "one")
    assert card(tree, "", "mamai", "one") != card(tree, "ru/", "mamai", "one")


def png_chunks(data: bytes) -> list[bytes]:
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        chunks.append(data[at + 4 : at + 8])
        at += 12 + length
    return chunks


def test_a_card_carries_no_date_or_metadata(tree: SiteTree) -> None:
    site(tree)
    build(tree)
    chunks = set(png_chunks(card(tree, "kk/", "mamai")))
    assert chunks <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}, chunks


def test_a_profile_shared_shows_its_card_its_address_and_its_language(tree: SiteTree) -> None:
    site(tree)
    build(tree)
    for prefix, locale, others in (
        ("", "en_GB", ["ru_RU", "kk_KZ"]),
        ("ru/", "ru_RU", ["en_GB", "kk_KZ"]),
        ("kk/", "kk_KZ", ["en_GB", "ru_RU"]),
    ):
        html = tree.html(f"{prefix}prisoners/mamai/index.html")
        image = f"{REAL}{prefix}prisoners/mamai/share.png"
        assert meta(html, "og:image") == [image]
        assert meta(html, "og:image:width") == ["1200"]
        assert meta(html, "og:image:height") == ["630"]
        assert meta(html, "twitter:card") == ["summary_large_image"]
        assert meta(html, "twitter:image") == [image]
        assert meta(html, "og:url") == [f"{REAL}{prefix}prisoners/mamai/"]
        assert meta(html, "og:locale") == [locale]
        assert meta(html, "og:locale:alternate") == others
        assert (tree.root / "site" / image.removeprefix(REAL)).is_file()
    # other pages show the site's picture, which is there too
    home = tree.html("ru/index.html")
    assert meta(home, "og:image") == [f"{REAL}assets/share.png"]
    assert (tree.root / "site/assets/share.png").is_file()


def test_a_site_at_a_placeholder_address_names_no_address_to_share_from(
    tree: SiteTree,
) -> None:
    site(tree, "https://example.org/db/")
    output = build(tree)
    assert "--base-url" in output  # the build says why, and what to do
    for page in ("index.html", "prisoners/mamai/index.html", "ru/prisoners/mamai/index.html"):
        html = tree.html(page)
        for name in ("og:url", "og:image", "twitter:image"):
            assert meta(html, name) == [], (page, name)
        assert meta(html, "twitter:card") == ["summary"]
        assert meta(html, "og:locale")  # what does not depend on the address stays
    build(tree, "site", "--base-url", "https://kazprisoners.org/")
    html = tree.html("prisoners/mamai/index.html")
    assert meta(html, "og:image") == ["https://kazprisoners.org/prisoners/mamai/share.png"]


def test_the_font_is_bundled_with_its_licence_covers_kazakh_and_is_not_published(
    tree: SiteTree,
) -> None:
    fonts = REPO / "assets/fonts"
    assert "SIL Open Font License" in (fonts / "OFL.txt").read_text(encoding="utf-8-sig")
    for face in (share_card.REGULAR, share_card.BOLD):
        font = ImageFont.truetype(str(fonts / face), 40)

        def drawn(letter: str, font: ImageFont.FreeTypeFont = font) -> bytes:
            image = Image.new("L", (80, 80))
            ImageDraw.Draw(image).text((10, 10), letter, 255, font)
            return image.tobytes()

        missing = drawn("\U0010fffd")  # the font's "no such letter" box
        for letter in "ӘәҒғҚқҢңӨөҰұҮүҺһІіЁёЩщЪъЭэAaZzÄäÖöÜü\u00a0г.":
            assert drawn(letter) != missing, (face, letter)
    site(tree)
    build(tree)
    assert not (tree.root / "site/assets/fonts").exists()


def test_a_rebuild_draws_again_only_the_cards_of_what_changed(tree: SiteTree) -> None:
    site(tree)
    build(tree)

    def cards() -> dict[str, tuple[int, int]]:
        return {
            file.relative_to(tree.root / "site").as_posix(): (
                file.stat().st_ino,
                file.stat().st_mtime_ns,
            )
            for file in (tree.root / "site").rglob("share.png")
        }

    before = cards()
    tree.prisoner("utepova", OTHER.replace("status: released", "status: emigrated"))
    build(tree)
    after = cards()
    redrawn = {path for path in before if before[path] != after[path]}
    assert redrawn == {f"{prefix}prisoners/utepova/share.png" for prefix in LANGUAGES}


def test_the_offline_copy_carries_no_cards(tree: SiteTree) -> None:
    site(tree)
    assert tree.run("offline", "--out", "copy.zip").exit_code == 0
    names = zipfile.ZipFile(tree.root / "copy.zip").namelist()
    assert not [name for name in names if name.endswith("/share.png") and "prisoners/" in name]
    assert "copy/assets/share.png" in names
    assert Path(tree.root / "copy.zip").stat().st_size > 0


def test_a_card_drawn_after_the_mark_or_a_font_changed_uses_the_new_one(tmp_path: Path) -> None:
    """serve keeps one process between builds: a card redrawn after an asset changed in place
    (same path) is drawn from the new file, never from one remembered from an earlier build."""
    assets = tmp_path / "assets"
    (assets / share_card.FONTS).mkdir(parents=True)
    for face in (share_card.REGULAR, share_card.BOLD):
        source = REPO / "assets" / share_card.FONTS / face
        (assets / share_card.FONTS / face).write_bytes(source.read_bytes())
    mark = assets / share_card.MARK
    mark.write_bytes((REPO / "assets" / share_card.MARK).read_bytes())
    lines = ("Zhanbolat Mamai", "Detained", "Political Prisoners")
    before = share_card.draw(lines, "held", assets)
    Image.new("RGB", (180, 180), (200, 0, 200)).save(mark)  # a new mark, same path
    new_mark = share_card.draw(lines, "held", assets)
    assert new_mark != before
    bold = assets / share_card.FONTS / share_card.BOLD  # the name's face, now the regular one
    bold.write_bytes((assets / share_card.FONTS / share_card.REGULAR).read_bytes())
    assert share_card.draw(lines, "held", assets) != new_mark


def test_a_card_is_smaller_than_the_usual_png_of_its_picture_and_a_valid_one(
    tree: SiteTree,
) -> None:
    """Readers share these links over slow phones: each card is fewer bytes than the same
    picture saved as zlib's usual level makes it, and its image data is whole (checksums)."""
    site(tree)
    build(tree)
    for prefix in LANGUAGES:
        for slug in ("mamai", "utepova"):
            data = card(tree, prefix, slug)
            with Image.open(io.BytesIO(data)) as image:
                usual = io.BytesIO()
                image.save(usual, format="PNG", compress_level=6)
            assert len(data) < len(usual.getvalue()), (prefix, slug)
            idat, at = b"", 8
            while at < len(data):
                (length,) = struct.unpack(">I", data[at : at + 4])
                chunk = data[at + 4 : at + 8 + length]
                assert struct.unpack(">I", data[at + 8 + length : at + 12 + length]) == (
                    zlib.crc32(chunk),
                )
                idat += chunk[4:] if chunk.startswith(b"IDAT") else b""
                at += 12 + length
            assert len(zlib.decompress(idat)) == 630 * (1 + 1200)  # a filter byte a row
