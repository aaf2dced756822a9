"""Search that forgives, the parts a build decides (issue 38): the table of places and what it
puts in the index, filter labels in the page's language, the words suggestions come from. How a
reader meets them in Chromium is in tests/browser/test_search_forgiving.py."""

from __future__ import annotations

import json
import re

import pytest

from generator.content.frontmatter import parse_yaml
from generator.pages import places
from generator.pages.spellings import fold

from .conftest import REPO, SiteTree, prisoner

PERSON_IN_OSKEMEN = prisoner(
    "Aigul Test",
    region="Almaty Region",
    city="Ust-Kamenogorsk",
    events="\n  - date: 2020-01-01\n    type: detained\n    summary: Detained.\n"
    "    place: Kokshetau",
)


def test_the_bundled_table_of_places_is_valid() -> None:
    assert places.problems() == []


def test_every_place_the_bundled_records_name_is_in_the_table() -> None:
    """A city or an event's place in any language's record is a place of the table: found by
    every spelling on every language's search."""
    # Not places but descriptions; the districts of a city are left to the city's text.
    descriptions = {
        "Zachagan District Police Station",
        "отделение полиции Зачаганского района",
        "Зачаған ауданының полиция бөлімшесі",
    }
    table = places.gazetteer()
    missing = []
    for record in sorted((REPO / "content").glob("*/*.md")):
        front, _ = parse_yaml(str(record), record.read_text(encoding="utf-8").split("---")[1])
        fields = front.value if front else {}
        named = [fields["city"].value] if "city" in fields else []
        for event in fields["events"].value if "events" in fields else []:
            if "place" in event.value:
                named.append(event.value["place"].value)
        missing += [
            (record.name, place)
            for place in named
            if place not in descriptions and not table.keys_of([place])
        ]
    assert missing == []


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
def test_a_mistake_in_the_table_is_named_by_line(table: str, message: str) -> None:
    _, problems = places.parse(table, "places.yaml")
    assert any(str(problem).startswith(message) for problem in problems), problems


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
