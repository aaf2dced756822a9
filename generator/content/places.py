"""Places across languages and scripts: the table (content/places.yaml) names each place the
records name in English, Russian and Kazakh, and the spellings readers type. A record's place, in
whichever form its text gives, is searched by the keys of every form (as a name is by its
spellings, see spellings.py), so "Жаңаөзен" on /kk/ finds the person shown in Zhanaozen; and a
region reads in the page's language. A place a record names that the table lacks is a warning:
it is found only as typed, in the record's own language."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.content.frontmatter import Node
from generator.pages import spellings
from generator.problems import Problem

if TYPE_CHECKING:  # the model holds a table; the table's warnings read the model
    from generator.content.model import Case, Prisoner

SHOWN_PATH = "content/places.yaml"
WARNING = "unknown-place"  # a record silences it for a place that is a description
LANGUAGES = ("en", "ru", "kk")  # each place has a form in each
FIELDS = (*LANGUAGES, "also")


@dataclass(frozen=True)
class Place:
    forms: Mapping[str, str]  # by language
    also: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (*self.forms.values(), *self.also)


class Gazetteer:
    """The table, looked up by folded spelling."""

    def __init__(self, places: tuple[Place, ...] = ()) -> None:
        self.places = places
        self._by_spelling = {
            tuple(spellings.fold(spelling)): place
            for place in places
            for spelling in place.spellings
        }
        # Each spelling under its first word, longest first: 'Almaty Region' is the region,
        # not the city.
        starts: dict[str, list[tuple[tuple[str, ...], Place]]] = {}
        for spelled, place in self._by_spelling.items():
            if spelled:
                starts.setdefault(spelled[0], []).append((spelled, place))
        self._starts = {
            word: sorted(found, key=lambda pair: -len(pair[0])) for word, found in starts.items()
        }

    def __bool__(self) -> bool:
        return bool(self.places)

    def knows(self, text: str) -> bool:
        """Whether `text` names a place of the table ("institution No. 65, Kokshetau" does)."""
        return bool(self._named([text]))

    def has(self, text: str) -> bool:
        """Whether `text` is itself a spelling of a place of the table (a region, which the
        page writes in its language: "Karaganda Region" is not "Karaganda")."""
        return tuple(spellings.fold(text)) in self._by_spelling

    def keys_of(self, texts: Iterable[str]) -> tuple[str, ...]:
        """The search keys of every spelling of every place named in `texts` ("institution No.
        65, Kokshetau" names Kokshetau)."""
        spelled = [spellings.token_keys(place.spellings) for place in self._named(texts)]
        return tuple(dict.fromkeys(key for keys in spelled for key in keys))

    def in_language(self, text: str, language: str) -> str:
        """The place's form in `language` where `text` is a spelling of a place in the table
        ('Almaty Region' -> 'Алматинская область' in ru); otherwise `text` as it is."""
        place = self._by_spelling.get(tuple(spellings.fold(text)))
        return place.forms.get(language, text) if place else text

    def _named(self, texts: Iterable[str]) -> list[Place]:
        found: dict[int, Place] = {}
        for text in texts:
            words = spellings.fold(text)
            at = 0
            while at < len(words):
                spelled, place = next(
                    (
                        (spelled, place)
                        for spelled, place in self._starts.get(words[at], ())
                        if tuple(words[at : at + len(spelled)]) == spelled
                    ),
                    ((), None),
                )
                if place is not None:
                    found.setdefault(id(place), place)
                at += len(spelled) or 1
        return list(found.values())


def from_yaml(root: Node | None, path: str = SHOWN_PATH) -> tuple[Gazetteer, list[Problem]]:
    """The table from its parsed YAML (None: no table, so no place is known in other forms), and
    what is wrong with it, each a `path:line: field: message`."""
    problems: list[Problem] = []
    if root is None:
        return Gazetteer(), problems
    if not isinstance(root.value, list):
        return Gazetteer(), [*problems, Problem(path, root.line, "", "must be a list of places")]
    places: list[Place] = []
    owners: dict[tuple[str, ...], int] = {}  # folded spelling -> line of its place
    for item in root.value:
        place = _place(item, path, problems)
        if place is None:
            continue
        for spelling in place.spellings:
            folded = tuple(spellings.fold(spelling))
            earlier = owners.setdefault(folded, item.line)
            if earlier != item.line:
                message = f"'{spelling}' is already a spelling of the place on line {earlier}"
                problems.append(Problem(path, item.line, "", message))
        places.append(place)
    return Gazetteer(tuple(places)), problems


def _place(item: Node, path: str, problems: list[Problem]) -> Place | None:
    if not isinstance(item.value, dict):
        problems.append(Problem(path, item.line, "", "a place is en:, ru:, kk: and also:"))
        return None
    fields: dict[str, Node] = item.value
    before = len(problems)
    for name, node in fields.items():
        if name not in FIELDS:
            message = f"unknown field: a place has {', '.join(FIELDS)}"
            problems.append(Problem(path, node.where, name, message))
    forms = {}
    for language in LANGUAGES:
        form = fields.get(language)
        if form is None or not isinstance(form.value, str) or not spellings.fold(form.value):
            where = form.where if form else item.line
            problems.append(Problem(path, where, language, "the place's name is required"))
        else:
            forms[language] = form.value.strip()
    also = fields.get("also")
    others: list[str] = []
    if also is not None:
        values = also.value if isinstance(also.value, list) else [also]
        for node in values:
            if isinstance(node.value, str) and spellings.fold(node.value):
                others.append(node.value.strip())
            else:
                problems.append(Problem(path, node.where, "also", "must be a list of names"))
    return Place(forms, tuple(others)) if len(problems) == before else None


def unknown_places(records: Iterable[Prisoner | Case], table: Gazetteer) -> Iterator[Problem]:
    """A warning for each region the table does not have, and each city or event place that
    names no place of the table: a reader who types it in another language or script does not
    find the record, and a region outside the table reads in English on every page."""
    if not table:
        return  # a site without a table: nothing to add to
    for record in records:
        if record.silences(WARNING):
            continue
        named = [("region", record.region), ("city", getattr(record, "city", ""))]
        named += [(f"events[{n}].place", e.place) for n, e in enumerate(record.events, start=1)]
        for field, place in named:
            known = table.has(place) if field == "region" else table.knows(place)
            if place and not known:
                line = record.line_of("events" if field.startswith("events") else field)
                yield Problem(
                    record.path,
                    line,
                    field,
                    f"'{place}' is not in {SHOWN_PATH}: add it there with its Russian and Kazakh"
                    " names (so search finds it in every language), or, if it is a description"
                    " rather than a place, say so:"
                    f" silenced: [{{warning: {WARNING}, reason: ...}}]",
                    warning=True,
                )
