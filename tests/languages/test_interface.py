"""Every interface word in every language, and no English interface word on the pages of the
others (checked over the bundled site)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel import Locale

from generator.content.dates import PartialDate
from generator.content.model import EVENT_TYPES, PRISONER_STATUSES
from generator.pages.render import REFERENCE_LANGUAGE, _formatted_date
from tests.conftest import REPO
from tests.languages import bundled_languages, translated_languages

STRINGS = REPO / "templates/strings"
LANGUAGES = sorted(file.stem for file in STRINGS.glob("*.yaml"))
# Keys that are language data, not words: each language may have them or not.
DATA_KEYS = {"alphabet", "locale", "language_name"}


def words(language: str) -> dict[str, Any]:
    return yaml.safe_load((STRINGS / f"{language}.yaml").read_text(encoding="utf-8"))


def is_plural(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and "other" in value
        and set(value) <= {"zero", "one", "two", "few", "many", "other"}
    )


def is_gendered(value: Any) -> bool:
    """Words that take a person's gender ({female, male, other}): as text, its 'other'."""
    return (
        isinstance(value, dict) and "other" in value and set(value) <= {"female", "male", "other"}
    )


def shape(table: Any) -> Any:
    """The key tree, plural tables as one leaf, words by gender as text."""
    if isinstance(table, dict) and not is_plural(table) and not is_gendered(table):
        return {key: shape(value) for key, value in table.items() if key not in DATA_KEYS}
    return "plural" if is_plural(table) else "text"


def leaves(table: Any, path: str = "") -> dict[str, str]:
    if is_gendered(table):
        return {path: str(table["other"])}
    if isinstance(table, dict):
        found = {}
        for key, value in table.items():
            if key not in DATA_KEYS:
                found |= leaves(value, f"{path}.{key}" if path else key)
        return found
    return {path: str(table)}


def test_every_language_of_the_site_has_its_interface_words() -> None:
    assert set(bundled_languages()) <= set(LANGUAGES)


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != REFERENCE_LANGUAGE])
def test_every_interface_key_exists_in_every_language(language: str) -> None:
    assert shape(words(language)) == shape(words(REFERENCE_LANGUAGE))


@pytest.mark.parametrize("language", LANGUAGES)
def test_plurals_have_every_form_the_language_needs_and_keep_their_placeholders(
    language: str,
) -> None:
    locale = Locale.parse(words(language).get("locale", language))
    english = leaves(words(REFERENCE_LANGUAGE))
    for key, text in leaves(words(language)).items():
        model = english.get(key) or english[key.rsplit(".", 1)[0] + ".other"]  # plural forms
        assert re.findall(r"\{\w+\}", text) == re.findall(r"\{\w+\}", model), (key, text)

    def plurals(table: Any) -> list[dict[str, str]]:
        if is_plural(table):
            return [table]
        return (
            [p for value in table.values() for p in plurals(value)]
            if isinstance(table, dict)
            else []
        )

    for forms in plurals(words(language)):
        assert set(locale.plural_form.tags) | {"other"} <= set(forms), forms


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_status_and_event_type_has_a_label(language: str) -> None:
    table = words(language)
    assert set(table["status"]) == set(PRISONER_STATUSES)
    assert set(table["event"]) == set(EVENT_TYPES)
    assert all(table["status"].values()) and all(table["event"].values())


DATES = [
    ("en", PartialDate(2025, 11, 18), "18 November 2025"),
    ("en", PartialDate(2019, 11, 0), "November 2019"),
    ("en", PartialDate(2019, 0, 0), "2019"),
    ("ru", PartialDate(2025, 11, 18), "18 ноября 2025\u202fг."),
    ("ru", PartialDate(2019, 11, 0), "ноябрь 2019\u202fг."),
    ("ru", PartialDate(2019, 0, 0), "2019"),
    ("kk", PartialDate(2025, 11, 18), "2025\u202fж. 18 қараша"),
    ("kk", PartialDate(2019, 11, 0), "2019\u202fж. қараша"),
    ("kk", PartialDate(2019, 0, 0), "2019"),
]


@pytest.mark.parametrize(("language", "date", "shown"), DATES)
def test_partial_dates_as_each_language_writes_them(
    language: str, date: PartialDate, shown: str
) -> None:
    locale = Locale.parse(words(language).get("locale", language))
    assert _formatted_date(date, locale) == shown


_ADDRESS = re.compile(r"^https?:|/|\.json|\.csv")


class _Text(HTMLParser):
    """The text of a page and the words of its attributes people read, outside any element in
    another language than the page's (a record's text not translated yet) or in none
    (translate="no": file and column names). Not the <meta> of sharing: an untranslated
    record's summary is there, where no lang can say so."""

    READ = ("aria-label", "alt", "title", "placeholder")
    VOID = {"meta", "link", "img", "input", "br", "hr", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # per open element: in another language
        self.page_lang = ""
        self.parts: list[str] = []
        self.script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.page_lang = values.get("lang") or ""
        foreign = (
            bool(self.stack and self.stack[-1])
            or values.get("lang", self.page_lang) != self.page_lang
            or values.get("translate") == "no"
        )
        if tag not in self.VOID:
            self.stack.append(foreign)
        self.script = tag in ("script", "style", "title")  # a <title> can carry no lang
        if not foreign and tag != "link":  # a feed's <link> is named by its record
            self.parts += [values[name] or "" for name in self.READ if values.get(name)]

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()
        self.script = False

    def handle_data(self, data: str) -> None:
        if not self.script and not (self.stack and self.stack[-1]):
            # Not addresses, paths and file names (https://..., /cases/<id>/record.json).
            self.parts += [word for word in data.split() if not _ADDRESS.search(word)]


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.build import build
    from generator.settings import Project

    out = tmp_path_factory.mktemp("bundled") / "site"
    build(Project(REPO), out, search=False)
    return out


@pytest.mark.parametrize("language", translated_languages())
def test_no_english_interface_words_on_the_pages_of_another_language(
    bundled_site: Path, language: str
) -> None:
    theirs = leaves(words(language))
    english = {
        text
        for key, text in leaves(words("en")).items()
        if text != theirs[key] and len(text) > 3 and not text.isupper()
    }
    pieces = {piece.strip(" :") for text in english for piece in re.split(r"\{\w+\}", text)}
    pieces = {piece for piece in pieces if len(piece) > 3}
    pages = sorted((bundled_site / language).rglob("*.html"))
    assert len(pages) > 80
    for file in pages:
        parser = _Text()
        parser.feed(file.read_text(encoding="utf-8"))
        text = " ".join(parser.parts)
        found = sorted(
            piece for piece in pieces if re.search(rf"(?<![\w-]){re.escape(piece)}(?![\w-])", text)
        )
        assert found == [], file.relative_to(bundled_site)
