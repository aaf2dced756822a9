"""A warning for a Russian or Kazakh text that writes a person's name in Latin letters where
the record gives the name in that language's script (names:): "задержать Bukenov" and
"Inga Imanbai-дың" read as a machine's, and a reader searching the Cyrillic name misses them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from generator.content.model import Prisoner, Translation
from generator.content.schema import Validated
from generator.problems import Problem

WARNING = "latin-name"
# A word in Latin letters, apostrophes inside it kept (O'Brien); a hyphen ends it, as a Kazakh
# or Russian ending follows one ("Imanbai-дың").
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Not prose: how a source spells a name, quoted («Alnur Ulyashev»: the glossary's rule), and a
# page's address, bare or a Markdown link's.
_NOT_PROSE = re.compile(r"«[^«»]*»|https?://[^\s)>\]]+|\]\([^)\s]*\)")
# A surname alone ("задержать Bukenov") is looked for too, if it is at least this long: a
# shorter word in Latin letters may well be something else.
SHORTEST_SURNAME = 4
LONGEST_NAME = 6  # words: longer spellings are looked for by their surname only


class _Named(NamedTuple):
    local: str  # the name as the language writes it (names:)
    person: str  # the record's file


def latin_name_warnings(validated: Validated) -> Iterator[Problem]:
    """A warning for each Latin spelling of a person's name (name:, or a variant in Latin
    letters) in a translation into a language for which that person has a Cyrillic name, unless
    the translation's original silences 'latin-name'."""
    prisoners, cases = validated.records["prisoners"].values(), validated.records["cases"].values()
    people = [p for p in prisoners if p.names]
    silencing = {record.path for record in (*prisoners, *cases) if record.silences(WARNING)}
    by_language: dict[str, dict[tuple[str, ...], _Named | None]] = {}
    for translation in validated.translations:
        if _original_path(translation) in silencing:
            continue
        if translation.language not in by_language:
            by_language[translation.language] = _latin_spellings(people, translation.language)
        spellings = by_language[translation.language]
        if spellings:
            yield from _in_translation(translation, spellings)


def _original_path(translation: Translation) -> str:
    """content/prisoners/x.ru.md -> content/prisoners/x.md (tables' entries: no record)."""
    if not translation.path.endswith(".md"):
        return ""
    return translation.path.removesuffix(f".{translation.language}.md") + ".md"


def _latin_spellings(
    people: Iterable[Prisoner], language: str
) -> dict[tuple[str, ...], _Named | None]:
    """Each Latin spelling (its words, folded) of the people with a Cyrillic name in the
    language, and that name; surnames alone as well. None for a spelling two people share with
    different names: nothing to suggest."""
    found: dict[tuple[str, ...], _Named | None] = {}

    def add(words: tuple[str, ...], named: _Named) -> None:
        known = found.get(words, named)
        found[words] = named if known is not None and known.local == named.local else None

    for person in people:
        local = dict(person.names).get(language, "")
        if not _CYRILLIC.search(local):
            continue
        named = _Named(local, person.path)
        for spelling in (person.name, *person.name_variants):
            if _CYRILLIC.search(spelling):
                continue
            words = _words(spelling)
            if 1 < len(words) <= LONGEST_NAME:
                add(words, named)
            if words and len(words[-1]) >= SHORTEST_SURNAME:
                add(words[-1:], named)
    return found


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in _LATIN_WORD.findall(text))


def _in_translation(
    translation: Translation, spellings: dict[tuple[str, ...], _Named | None]
) -> Iterator[Problem]:
    for field, line, text in _texts(translation):
        seen: set[_Named] = set()  # one warning per person and text
        for start, spelling, named in _found(text, spellings):
            if named in seen:
                continue
            seen.add(named)
            lines_before = text.count("\n", 0, start) if field == "body" else 0
            written = " ".join(spelling.split())  # one line, as a message is
            yield Problem(
                translation.path,
                line + lines_before,
                _field_name(translation, field),
                f"contains the Latin name '{written}'; write '{named.local}' (declined) as"
                f" names: gives it ({named.person})",
                warning=True,
            )


def _field_name(translation: Translation, field: str) -> str:
    """As other messages name it: biography, text, events[2].summary, an entry's id first."""
    if field == "body":
        field = "biography" if translation.path.startswith("content/prisoners/") else "text"
    return f"{translation.key}.{field}" if translation.path.endswith(".yaml") else field


def _texts(translation: Translation) -> Iterator[tuple[str, int, str]]:
    """(field, line, text) of every text a translation gives."""
    for name, value in translation.values:
        line = translation.line_of(name)
        yield from _texts_of(name, line, value)
    if translation.body.strip():
        yield "body", translation.line_of("body"), translation.body


def _texts_of(name: str, line: int, value: Any) -> Iterator[tuple[str, int, str]]:
    if isinstance(value, str):
        yield name, line, value
    elif isinstance(value, tuple):
        for number, item in enumerate(value, start=1):
            if isinstance(item, dict):
                for key, text in item.items():
                    yield from _texts_of(f"{name}[{number}].{key}", line, text)
            elif item:
                yield from _texts_of(f"{name}[{number}]", line, item)


def _found(
    text: str, spellings: dict[tuple[str, ...], _Named | None]
) -> Iterator[tuple[int, str, _Named]]:
    """(where, spelling as the text writes it, the name to write) of each Latin name in a text,
    the longest first where one holds another (a full name, not its surname again)."""
    prose = _NOT_PROSE.sub(lambda quoted: " " * len(quoted.group()), text)  # places kept
    matches = list(_LATIN_WORD.finditer(prose))
    start = 0
    while start < len(matches):
        for length in range(min(LONGEST_NAME, len(matches) - start), 0, -1):
            run = matches[start : start + length]
            if any(not prose[a.end() : b.start()].isspace() for a, b in itertools.pairwise(run)):
                continue  # not one name: something other than spaces between the words
            named = spellings.get(tuple(m.group().casefold() for m in run))
            if named is not None:
                yield run[0].start(), text[run[0].start() : run[-1].end()], named
                start += length
                break
        else:
            start += 1
