"""The Russian and Kazakh texts use the glossary's forms (docs/glossary.md): none of the wrong
forms listed in docs/glossary-wrong-forms.yaml appears in a translation or an interface file,
so a reader never sees a criminal-procedure word for an administrative arrest, an unofficial
article title or a second spelling of an organisation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from tests.languages import translated_languages

WRONG_FORMS = REPO / "docs/glossary-wrong-forms.yaml"
LANGUAGES = translated_languages()


@dataclass(frozen=True)
class WrongForm:
    pattern: re.Pattern[str]
    right: str
    languages: tuple[str, ...]


def wrong_forms() -> list[WrongForm]:
    entries = yaml.safe_load(WRONG_FORMS.read_text(encoding="utf-8"))
    return [
        WrongForm(re.compile(entry["wrong"]), entry["right"], tuple(entry["languages"]))
        for entry in entries
    ]


def texts_in(language: str) -> list[Path]:
    """Every file a reader of the language sees words of: translations and interface words."""
    content = REPO / "content"
    translations = sorted(
        path for path in content.rglob(f"*.{language}.*") if path.suffix in {".md", ".yaml"}
    )
    return [*translations, REPO / "templates/strings" / f"{language}.yaml"]


def joined(text: str) -> tuple[str, list[int]]:
    """The text with each run of whitespace, line breaks included, made one space (so a wrong
    form wrapped over two lines is still one phrase), and each character's line number."""
    characters: list[str] = []
    lines: list[int] = []
    line = 1
    for character in text:
        if not character.isspace():
            characters.append(character)
            lines.append(line)
        elif not characters or characters[-1] != " ":
            characters.append(" ")
            lines.append(line)
        if character == "\n":
            line += 1
    return "".join(characters), lines


def uses_of(form: WrongForm, path: Path) -> list[str]:
    text, lines = joined(path.read_text(encoding="utf-8"))
    shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    return [
        f"{shown}:{lines[match.start()]}: «{match.group()}» (use «{form.right}»)"
        for match in form.pattern.finditer(text)
    ]


def test_the_wrong_forms_file_is_well_formed() -> None:
    forms = wrong_forms()
    assert forms
    for form in forms:
        assert form.right and set(form.languages) <= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_wrong_form_is_left_in_the_texts_of(language: str) -> None:
    found = [
        use
        for form in wrong_forms()
        if language in form.languages
        for path in texts_in(language)
        for use in uses_of(form, path)
    ]
    assert not found, "wrong forms (see docs/glossary.md):\n" + "\n".join(found)


def test_a_wrong_form_is_found_where_a_reader_would_see_it() -> None:
    """The check itself: an administrative arrest written as a criminal sentence under the
    Russian Federation's code is caught twice, and the right wording not at all."""
    russian = [form for form in wrong_forms() if "ru" in form.languages]
    wrong = "Приговорён к 15 суткам ареста по статье 488 КоАП."
    right = "Подвергнут административному аресту на 15 суток по статье 488 КоАП РК."
    assert [form.right for form in russian if form.pattern.search(wrong)] == [
        "подвергнут(а) административному аресту на 15 суток",
        "КоАП РК",
    ]
    assert not [form for form in russian if form.pattern.search(right)]


def test_a_wrong_form_wrapped_over_two_lines_is_found(tmp_path: Path) -> None:
    """Translations are wrapped at about 100 characters, so a wrong form often starts on one
    line and ends on the next; it is found all the same, on the line where it starts."""
    translation = tmp_path / "oyan.ru.md"
    translation.write_text(
        "---\noriginal: 0123456789\n---\nДвижение «Оян,\n  Казахстан!» призвало выйти на улицы.\n",
        encoding="utf-8",
    )
    (movement,) = [form for form in wrong_forms() if form.right == "Оян, Казахстан"]
    assert uses_of(movement, translation) == [
        f"{translation}:4: «Оян, Казахстан!» (use «{movement.right}»)"
    ]
