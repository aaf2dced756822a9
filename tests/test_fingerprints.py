"""Fingerprints rest on content alone: a page made of the same records, read again into other
objects, has the same fingerprint (issue 40: no object's id() decides what a rebuild keeps;
tests/test_incremental.py checks that a change rewrites the pages that show it)."""

from __future__ import annotations

from pathlib import Path

from generator import build as pipeline
from generator.pages.fingerprint import page_fingerprints, render_digest

from .conftest import SiteTree
from .languages.test_translations import current_version_after_change, multilingual, translation
from .test_build import CONGRESS, MAMAI, RAKHMETULLA
from .test_incremental import Builder

PROFILE = "prisoners/mamai/index.html"


def fingerprints(tree: SiteTree, catalog_for_fingerprints: bool = False) -> dict[str, str]:
    """Each page's fingerprint, its records read from the files afresh; the catalog handed to
    page_fingerprints read a second time when asked (other objects, the same content)."""
    project = tree.project
    catalog = pipeline.check(project)
    site_plan, _, _ = pipeline.plan(project, catalog)
    sites = {catalog.language: catalog.site}
    base = render_digest(project, sites, site_plan.footers, offline=False, places=catalog.places)
    given = pipeline.check(project) if catalog_for_fingerprints else catalog
    return page_fingerprints(site_plan.pages, given, base)


def test_the_same_content_read_again_has_the_same_fingerprints(tree: SiteTree) -> None:
    tree.prisoner("mamai", MAMAI)
    tree.prisoner("rakhmetulla", RAKHMETULLA)
    tree.case("congress-2020", CONGRESS)
    first = fingerprints(tree)
    # Read again, every record is another object with the same content: a fingerprint that
    # knew records by their object would take them for new ones.
    assert fingerprints(tree) == first
    assert fingerprints(tree, catalog_for_fingerprints=True) == first


def test_serve_marks_a_text_whose_translation_went_as_in_the_original_language(
    tree: SiteTree, tmp_path: Path
) -> None:
    """A translation that gave the original's very words, then removed: the Russian pages show
    the same letters, now marked as English (lang="en"); equal pages are not the same."""
    multilingual(tree)
    translated = "content/prisoners/zhanbolat-mamai.ru.md"
    tree.write(translated, translation("0000000000"))
    version = current_version_after_change(tree)
    same_words = "\n  - summary: Detained outside a court.\n  - {}"
    tree.write(translated, translation(version, events=same_words))
    serve = Builder(tree, in_place=True)
    serve.build()
    timeline = serve.site / "ru/timeline/2020/index.html"
    marked = '<span lang="en">Detained outside a court.</span>'
    assert (
        "Detained outside a court." in timeline.read_text() and marked not in timeline.read_text()
    )
    tree.write(translated, translation(version))  # the summary no longer translated
    serve.build()
    assert marked in timeline.read_text()
    serve.assert_same_as_clean_build(tmp_path)
