"""The site as a ZIM file for Kiwix: opened and searched with libzim's reader, as Kiwix does."""

from __future__ import annotations

import io
import posixpath
import re
from pathlib import Path

import pytest
from PIL import Image

from generator import build as pipeline
from tests.conftest import SITE_YAML, SiteTree, prisoner

libzim_reader = pytest.importorskip("libzim.reader")
from libzim.search import Query, Searcher  # noqa: E402
from libzim.suggestion import SuggestionSearcher  # noqa: E402

THREE_LANGUAGES = SITE_YAML + "languages: [en, ru, kk]\n"
_LINK = re.compile(r'(?:href|src)="([^"#?]*)')


def _three_language_site(tree: SiteTree) -> None:
    tree.write("content/site.yaml", THREE_LANGUAGES)
    tree.prisoner(
        "zhanbolat-mamai",
        prisoner(
            "Zhanbolat Mamai",
            name_variants="[Жанболат Мамай]",
            names="{ru: Жанболат Мамай, kk: Жанболат Мамай}",
        ),
    )
    tree.prisoner("aigul-utepova", prisoner("Aigul Utepova", names="{ru: Айгуль Утепова}"))


def _found(archive: object, query: str) -> list[str]:
    search = Searcher(archive).search(Query().set_query(query))
    return list(search.getResults(0, 20))


def _suggested(archive: object, query: str) -> list[str]:
    return list(SuggestionSearcher(archive).suggest(query).getResults(0, 20))


def test_zim_holds_every_page_and_kiwix_finds_people_by_latin_and_cyrillic_names(
    tree: SiteTree,
) -> None:
    _three_language_site(tree)
    result = tree.run("zim", "--out", "out/copy.zim")
    assert result.exit_code == 0, result.output + result.stderr
    assert "Wrote out/copy.zim" in result.output
    archive = libzim_reader.Archive(tree.root / "out/copy.zim")

    # Every file of the offline copy, in every language, at its path in the site; but the
    # page a web server shows for a wrong address (Kiwix has its own).
    pipeline.build(tree.project, tree.root / "offline", offline=True)
    built = sorted(
        path.relative_to(tree.root / "offline").as_posix()
        for path in (tree.root / "offline").rglob("*")
        if path.is_file() and not path.name.startswith(".") and path.name != "404.html"
    )
    assert {"index.html", "ru/index.html", "kk/prisoners/zhanbolat-mamai/index.html"} <= {*built}
    missing = [path for path in built if not archive.has_entry_by_path(path)]
    assert missing == []
    assert archive.entry_count >= len(built)
    assert archive.main_entry.get_item().path == "index.html"

    # Kiwix-style title suggestions and full-text search, in Latin and Cyrillic.
    profile = "prisoners/zhanbolat-mamai/index.html"
    assert profile in _suggested(archive, "Zhanbolat")
    assert profile in _found(archive, "Mamai")
    assert "ru/" + profile in _suggested(archive, "Жанболат")
    assert {"ru/" + profile, "kk/" + profile} <= {*_found(archive, "Мамай")}
    # Titles are the pages' own, as Kiwix lists them.
    assert archive.get_entry_by_path("ru/" + profile).title == "Жанболат Мамай"


def test_zim_metadata_and_illustration_are_what_kiwix_shows(tree: SiteTree) -> None:
    _three_language_site(tree)
    assert tree.run("zim", "--out", "copy.zim").exit_code == 0
    archive = libzim_reader.Archive(tree.root / "copy.zim")

    def meta(name: str) -> str:
        return bytes(archive.get_metadata(name)).decode("utf-8")

    assert meta("Language") == "eng,rus,kaz"
    assert meta("Title") == "Kazakhstan political prisoners"
    assert len(meta("Title")) <= 30 and len(meta("Description")) <= 80
    assert meta("LongDescription") == "A test site."
    assert meta("Creator") == meta("Publisher") == "Test Prisoners"
    assert meta("Name") == "example.org-db_mul_all"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta("Date"))
    assert "_ftindex:yes" in meta("Tags")
    assert archive.has_fulltext_index and archive.has_title_index
    icon = bytes(archive.get_illustration_item(48).content)
    with Image.open(io.BytesIO(icon)) as image:
        assert (image.format, image.size) == ("PNG", (48, 48))


def test_every_link_of_every_zim_page_leads_to_an_entry_of_the_zim(tree: SiteTree) -> None:
    """Kiwix resolves a page's relative links inside the file: none may lead out of it, or to a
    folder (no index.html is opened for one)."""
    _three_language_site(tree)
    assert tree.run("zim", "--out", "copy.zim").exit_code == 0
    archive = libzim_reader.Archive(tree.root / "copy.zim")
    broken = []
    for index in range(archive.all_entry_count):
        entry = archive._get_entry_by_id(index)
        if entry.is_redirect:
            continue
        item = entry.get_item()
        if item.mimetype != "text/html":
            continue
        for href in _LINK.findall(bytes(item.content).decode("utf-8")):
            if not href or re.match(r"[a-z]+:", href):
                continue  # the page itself; another site (a source), mailto:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(item.path), href))
            if not archive.has_entry_by_path(target):
                broken.append(f"{item.path} -> {href}")
    assert broken == []


def test_zim_needs_an_output_file_and_says_so(tree: SiteTree) -> None:
    result = tree.run("zim")
    assert result.exit_code != 0
    assert "--out" in result.output + result.stderr


def test_zim_of_content_with_problems_lists_them_and_writes_nothing(tree: SiteTree) -> None:
    tree.prisoner("broken", prisoner("Broken", status="jailed-forever"))
    result = tree.run("zim", "--out", "copy.zim")
    assert result.exit_code == 1
    assert "content/prisoners/broken.md:3: status:" in result.stderr
    assert not Path(tree.root / "copy.zim").exists()
