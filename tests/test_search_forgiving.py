"""Search that forgives, the parts a build decides (issue 38): the table of places and what it
puts in the index, filter labels in the page's language, the words suggestions come from. How a
reader meets them in Chromium is in tests/browser/test_search_forgiving.py."""

from __future__ import annotations

import json
import re

import pytest

from generator.pages.spellings import fold

from .conftest import SiteTree, prisoner

PERSON_IN_OSKEMEN = prisoner(
    "Aigul Test",
    region="Almaty Region",
    city="Ust-Kamenogorsk",
    events="\n  - date: 2020-01-01\n    type: detained\n    summary: Detained.\n"
    "    place: Kokshetau",
)


@pytest.fixture
def tree(tree: SiteTree) -> SiteTree:
    return tree.with_places()


def test_a_place_the_table_lacks_is_a_warning_naming_the_record_and_the_fix(
    tree: SiteTree,
) -> None:
    """A volunteer who names a new town learns it from validate, at its line, with the fix: not
    from a failing test. A place inside a description is known; a silenced one is not named."""
    tree.prisoner(
        "new-town",
        prisoner(
            "New Town",
            city="Imaginary Town",
            events="\n  - date: 2020-01-01\n    type: detained\n    summary: Detained.\n"
            "    place: institution No. 65, Kokshetau",
        ),
    )
    tree.prisoner(
        "police-station",
        prisoner(
            "Police Station",
            city="Almaty",
            events="\n  - date: 2020-01-01\n    type: detained\n    summary: Detained.\n"
            "    place: Zachagan District Police Station",
            silenced="[{warning: unknown-place, reason: a police station}]",
        ),
    )
    result = tree.run("validate", "--strict")
    assert result.exit_code != 0
    assert (
        "content/prisoners/new-town.md:5: city: warning: 'Imaginary Town' is not in"
        " content/places.yaml: add it there with its Russian and Kazakh names" in result.output
    ), result.output
    assert "Kokshetau" not in result.output and "police-station" not in result.output
    assert "1 problem found" in result.output


def test_a_region_must_be_one_the_table_names_in_every_language(tree: SiteTree) -> None:
    """A region's filter and its line on the profile read in the page's language only if the
    table has the region itself: "Kokshetau Region" is not the city of Kokshetau."""
    tree.prisoner("in-the-region", prisoner("In Region", region="Kokshetau Region"))
    result = tree.run("validate", "--strict")
    assert (
        "content/prisoners/in-the-region.md:5: region: warning: 'Kokshetau Region' is not in"
        in result.output
    ), result.output


def test_a_mistake_in_the_table_stops_the_build_at_its_line(tree: SiteTree) -> None:
    table = (tree.root / "content/places.yaml").read_text(encoding="utf-8")
    tree.write("content/places.yaml", table + "- en: Aktau\n  ru: Актау\n")
    result = tree.run("build")
    assert result.exit_code == 1
    assert "content/places.yaml:" in result.output
    assert "kk: the place's name is required" in result.output
    assert "Traceback" not in result.output


def test_a_table_that_is_a_link_is_not_read(tree: SiteTree) -> None:
    """A pull request's places.yaml pointing elsewhere on the machine is refused, not followed."""
    table = tree.root / "content/places.yaml"
    outside = tree.root / "outside.yaml"
    outside.write_text(table.read_text(encoding="utf-8"), encoding="utf-8")
    table.unlink()
    table.symlink_to(outside)
    result = tree.run("build")
    assert result.exit_code == 1
    assert "content/places.yaml" in result.output and "Traceback" not in result.output


def test_an_edited_table_reaches_every_page_it_changes(tree: SiteTree) -> None:
    """Region labels and search keys come from the table: a rebuild after an edit to it
    shows the new form, never a page kept from before."""
    site = tree.root.joinpath("content/site.yaml").read_text()
    tree.write("content/site.yaml", site + "languages: [en, ru, kk]\n")
    tree.prisoner("aigul-test", PERSON_IN_OSKEMEN)
    assert tree.run("build").exit_code == 0
    assert ">Алматинская область<" in tree.html("ru/search/index.html")
    table = tree.root / "content/places.yaml"
    edited = table.read_text(encoding="utf-8").replace(
        "ru: Алматинская область", "ru: Алматинская обл."
    )
    table.write_text(edited, encoding="utf-8")
    assert tree.run("build").exit_code == 0
    assert ">Алматинская обл.<" in tree.html("ru/search/index.html")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("- en: Aktau\n  ru: Актау\n", "places.yaml:1: kk: the place's name is required"),
        (
            "- en: Aktau\n  ru: Актау\n  kk: Ақтау\n  town: Aktau\n",
            "places.yaml:4: town: unknown field: a place has en, ru, kk, also",
        ),
        (
            "- en: Aktau\n  ru: Актау\n  kk: Ақтау\n- en: Aqtau\n  ru: Актау\n  kk: Ақтау\n",
            "places.yaml:4: 'Aqtau' is already a spelling of the place on line 1",
        ),
        ("- en: Aktau\n  ru: Актау\n  kk: Ақтау\n  also: 5\n", "places.yaml:4: also: must be"),
        ("en: Aktau\n", "places.yaml:1: must be a list of places"),
    ],
)
def test_a_mistake_in_the_table_is_named_by_line(tree: SiteTree, table: str, message: str) -> None:
    tree.write("content/places.yaml", table)
    result = tree.run("validate")
    assert result.exit_code == 1
    assert f"content/{message}" in result.output, result.output


def test_a_record_is_searched_by_every_spelling_of_its_places(tree: SiteTree) -> None:
    """The profile carries the keys of the place in each language and script: "Өскемен",
    "Oskemen" and "Усть-Каменогорск" all find a person whose record says Ust-Kamenogorsk."""
    tree.prisoner("aigul-test", PERSON_IN_OSKEMEN)
    assert tree.run("build").exit_code == 0
    page = tree.html("prisoners/aigul-test/index.html")
    (keys,) = re.findall(r'<span hidden data-pagefind-weight="10">⁂ ([^<]*)</span>', page)
    for spelling in ("Өскемен", "Oskemen", "Усть-Каменогорск", "Көкшетау", "Алматы облысы"):
        assert all(f"0{key}" in keys.split() for key in fold_typed(spelling)), spelling


def fold_typed(text: str) -> list[str]:
    """A query's keys as the search page makes them: one per word typed, folded whole."""
    return ["".join(fold(word)) for word in text.split()]


def test_region_filter_reads_in_the_pages_language(tree: SiteTree) -> None:
    """No "Almaty Region" on /ru/ or /kk/; the value a link names is the same everywhere."""
    site = tree.root.joinpath("content/site.yaml").read_text()
    tree.write("content/site.yaml", site + "languages: [en, ru, kk]\n")
    tree.prisoner("aigul-test", PERSON_IN_OSKEMEN)
    result = tree.run("build")
    assert result.exit_code == 0, result.output
    for language, label in (("ru", "Алматинская область"), ("kk", "Алматы облысы")):
        page = tree.html(f"{language}/search/index.html")
        assert f'<option value="Almaty Region">{label}</option>' in page
        assert ">Almaty Region<" not in page
        assert '<option value="Imprisoned">' in page  # as the statistics link it


def test_a_region_reads_in_the_pages_language_on_profiles_and_cases(tree: SiteTree) -> None:
    """A profile's and a case's region on /ru/ and /kk/ is the table's form for the language,
    not the English one marked lang="en"; a region the table lacks stays as written."""
    site = tree.root.joinpath("content/site.yaml").read_text()
    tree.write("content/site.yaml", site + "languages: [en, ru, kk]\n")
    tree.prisoner("aigul-test", PERSON_IN_OSKEMEN)
    tree.case("a-case", "---\ntitle: A case\nstatus: ongoing\nregion: Almaty Region\n"
              "sources: [report-2019]\n---\nA case.\n")  # fmt: skip
    tree.prisoner("elsewhere", prisoner("Else Where", region="Nowhere Region"))
    assert tree.run("build").exit_code == 0
    for language, label in (("ru", "Алматинская область"), ("kk", "Алматы облысы")):
        for page in ("prisoners/aigul-test", "cases/a-case"):
            html = tree.html(f"{language}/{page}/index.html")
            assert f"<dd>{label}</dd>" in html, (language, page)
            assert ">Almaty Region<" not in html  # the filter's value, hidden, stays the root's
        html = tree.html(f"{language}/prisoners/elsewhere/index.html")
        assert '<dd lang="en">Nowhere Region</dd>' in html
    assert "<dd>Almaty Region</dd>" in tree.html("prisoners/aigul-test/index.html")


def test_suggestions_come_from_the_names_and_places_the_site_holds(tree: SiteTree) -> None:
    tree.prisoner("aigul-test", PERSON_IN_OSKEMEN)
    tree.prisoner("zhanbolat-mamai", prisoner("Zhanbolat Mamai", name_variants="[Жанболат Мамай]"))
    assert tree.run("build").exit_code == 0
    script = tree.html("search/words.js")
    words = json.loads(script.split("=", 1)[1].strip().rstrip(";"))
    for pair in (["mamai", "Mamai"], ["mamai", "Мамай"], ["janbolat", "Жанболат"]):
        assert pair in words
    assert ["oskemen", "Өскемен"] in words and ["ustkamenogorsk", "Усть-Каменогорск"] in words
    assert 'data-words="words.js"' in tree.html("search/index.html")
