"""Names are found by any common spelling: the folding rules, and the bundled people's keys
against the shared table of spellings (spellings.json, also run in Chromium)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.build import check
from generator.content.model import Catalog, Prisoner
from generator.pages.spellings import fold, search_keys
from generator.settings import Project

from ..conftest import REPO

PAIRS: list[list[str]] = json.loads(
    (Path(__file__).with_name("spellings.json")).read_text(encoding="utf-8")
)["pairs"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return check(Project(REPO))


def keys_of(prisoner: Prisoner) -> tuple[str, ...]:
    return search_keys((prisoner.name, *prisoner.name_variants))


def matched_by(query: str, catalog: Catalog) -> list[str]:
    """The people whose names a query's keys all start, as both searches match names."""
    wanted = search_keys((query,))
    return [
        slug
        for slug, prisoner in catalog.prisoners.items()
        if wanted and all(any(key.startswith(w) for key in keys_of(prisoner)) for w in wanted)
    ]


@pytest.mark.parametrize(
    ("spelling", "folded"),
    [
        # Cyrillic, Russian and Kazakh letters, to the Latin that the press writes
        ("Жексебаев", "jeksebaev"),
        ("Мұхамедкәрім", "muhamedkarim"),
        ("Лұқпан", "lukpan"),
        ("Қарлығаш", "karligash"),
        ("Жаңаөзен", "janaozen"),
        ("Түсбеков", "tusbekov"),
        ("Шаһмардан", "shahmardan"),
        ("Фёдоров", "fedorov"),
        ("Объедков", "obedkov"),
        ("Ильяшев", "iliashev"),
        ("Щербаков", "sherbakov"),
        ("Цой", "tsoi"),
        # the usual Latin alternations
        ("Dzhakhin", "jahin"),
        ("Djakhin", "jahin"),
        ("Jakhin", "jahin"),
        ("Zhanbolat", "janbolat"),
        ("Mamay", "mamai"),
        ("Kaiyrly", "kairli"),
        ("Aliya", "alia"),
        ("Alia", "alia"),
        ("Aleksey", "aleksei"),
        ("Yerlan", "erlan"),
        ("Zheksebayev", "jeksebaev"),
        ("Zheksebaiev", "jeksebaev"),
        ("Valiyev", "valiev"),
        ("Ivanow", "ivanov"),
        ("Mukhammedov", "muhamedov"),
        ("Luqpan", "lukpan"),
        ("Nourlan", "nurlan"),
        ("Sarsenbajuly", "sarsenbaiuli"),
        # diacritics and apostrophes of other romanisations
        ("Qarlyğash", "karligash"),
        ("Şynar", "shinar"),
        ("Il'yashev", "iliashev"),
        ("Zhanaözen", "janaozen"),
    ],
)
def test_spellings_fold_to_one_key(spelling: str, folded: str) -> None:
    assert fold(spelling) == [folded]


def test_a_name_folds_word_by_word_and_numbers_make_no_keys() -> None:
    assert fold("Kyzyl-Orda, 2019") == ["kizil", "orda", "2019"]
    assert search_keys(("Жанболат Мамай", "Zhanbolat Mamai", "No. 7")) == (
        "janbolat",
        "mamai",
        "no",
    )


def test_the_table_has_enough_spellings_with_kazakh_letters() -> None:
    assert len(PAIRS) >= 60
    kazakh = [query for query, _ in PAIRS if set(query) & set("әғқңөұүһі")]
    assert len(kazakh) >= 10


@pytest.mark.parametrize(("query", "slug"), PAIRS)
def test_each_spelling_finds_its_person_and_no_one_else(
    query: str, slug: str, catalog: Catalog
) -> None:
    assert matched_by(query, catalog) == [slug]


def test_no_one_else_matches_a_persons_full_name(catalog: Catalog) -> None:
    for slug, prisoner in catalog.prisoners.items():
        for name in (prisoner.name, *prisoner.name_variants):
            if re.search(r"\b\w\.", name):
                # A surname and an initial, as some reports print a person, may fit another
                # person too ("Okhasov O.", Orynbai Okhasov): finding both is right.
                assert slug in matched_by(name, catalog), name
                continue
            assert matched_by(name, catalog) == [slug], name
