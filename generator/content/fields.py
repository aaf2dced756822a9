"""Validate stage, the parts: converters that turn one YAML node into a typed value or a message.

A converter is `convert(reader, field, node) -> value`, raising Invalid for its own node. Composite
converters (lists, nested mappings) record their items' problems and go on, so that one run
reports every mistake.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
import re
import typing
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from generator.content.dates import PartialDate, Term
from generator.content.frontmatter import Node
from generator.files import LINK_MESSAGE
from generator.problems import MOST_SHOWN_PER_FILE, Problem, closest, did_you_mean, one_of
from generator.publish.images import photo_problem

T = TypeVar("T")
# What word processors type for quotes: YAML takes them for part of the text. Not « »: Russian
# and Kazakh write a name in them («Наше право»), and a whole value may be one.
_OPENING_QUOTES = "“”„‘’‚"
_CLOSING_QUOTES = "”“‘’"
# \Z, not $: '$' also matches before a final line break ('abc\n').
_SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"  # JSON Schema's pattern; anchored() for Python


def anchored(pattern: str) -> re.Pattern[str]:
    """A JSON Schema pattern ("^...$") as Python matches a whole text with it (its "$" would
    let a trailing line break through): the validator and the schema share one pattern."""
    return re.compile(r"\A(?:" + pattern.removeprefix("^").removesuffix("$") + r")\Z")


SLUG = anchored(_SLUG_PATTERN)
_DATE = re.compile(r"\A(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt; unicodedata has no such
# property, and the set has barely changed since Unicode 4): what a renderer shows as nothing
# when it has no glyph for it. Joiners, direction marks, variation selectors, tags, fillers.
DEFAULT_IGNORABLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
# Characters that show as nothing, or change the direction of the text around them: a name with
# U+202E shows reversed, one with U+200B or U+2800 looks blank or like another. The default
# ignorables, every other format character (Unicode category Cf), controls but tab and line
# break, separators that break lines in scripts, and the letters that render as blanks. No
# exception for the joiners (U+200C, U+200D): no name or biography here needs them.
INVISIBLE = re.compile(
    f"[{DEFAULT_IGNORABLE}\x00-\x08\x0b-\x1f\x7f-\x9f\u0600-\u0605\u06dd\u070f\u0890"
    "\u0891\u08e2\u2028\u2029\u2800\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f]"
)
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


class Invalid(Exception):
    """A converter's complaint about its node."""

    def __init__(self, message: str) -> None:
        self.message = message


class _Reported(Invalid):
    """The problems are already recorded; the caller only needs to skip the value."""

    def __init__(self) -> None:
        super().__init__("")


@dataclass(frozen=True)
class KnownIds:
    """Ids that references may name, gathered before validation so that every reference is
    checked where it is written, with its line."""

    ids: dict[str, frozenset[str]] = field(default_factory=dict)  # by kind's key (kinds.KINDS)
    content_dir: Path = Path("content")
    languages: frozenset[str] = frozenset({"en"})  # those the interface has words for
    # Tables that could not be read (their problem is reported): references to them are not
    # checked, so that one mistake in sources.yaml is one message, not one per citation.
    unreadable: frozenset[str] = frozenset()


@dataclass
class Reader:
    """Reads the fields of one file, collecting its problems."""

    path: str
    known: KnownIds
    problems: list[Problem] = field(default_factory=list)
    suggested: int = 0  # how many times closest() was asked

    def report(self, line: int, name: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, name, message))

    def closest(self, value: str, choices: Iterable[str]) -> str | None:
        """problems.closest, for as many mistakes of the file as validate prints: a suggestion
        costs comparisons, and one for a problem not printed would be thrown away."""
        self.suggested += 1
        return closest(value, choices) if self.suggested <= MOST_SHOWN_PER_FILE else None

    def convert(self, name: str, node: Node, convert: Converter[T]) -> T | None:
        try:
            return convert(self, name, node)
        except _Reported:
            return None
        except Invalid as invalid:
            self.report(node.line, name, invalid.message)
            return None


Converter = Callable[[Reader, str, Node], T]

# --- JSON Schema ---------------------------------------------------------------------------
# Each converter says what it accepts as JSON Schema (draft-07, which editors' YAML extensions
# read), next to its definition: content/json_schema.py builds the published schemas from the
# declarations in content/model.py through these, never from a table of its own. A schema is
# given as a function, so that a nested record's is made only when asked for.
JsonSchema = dict[str, Any]
_SCHEMAS: dict[Callable[..., Any], Callable[[], JsonSchema]] = {}
C = TypeVar("C", bound=Callable[..., Any])


def described(schema: JsonSchema | Callable[[], JsonSchema]) -> Callable[[C], C]:
    """Attach to a converter the JSON Schema of the values it accepts."""

    def attach(convert: C) -> C:
        _SCHEMAS[convert] = schema if callable(schema) else lambda: dict(schema)
        return convert

    return attach


def json_schema(convert: Converter[Any]) -> JsonSchema:
    """The JSON Schema of what a converter accepts (as YAML gives it: text, numbers, lists)."""
    return _SCHEMAS[convert]()


def specs_schema(specs: Mapping[str, Spec]) -> JsonSchema:
    """A mapping of declared fields: each field's schema, the required ones, no other key. A
    field that is not required may be left empty (`region:`), as read_fields allows."""
    properties = {name: _field_schema(spec) for name, spec in specs.items()}
    schema: JsonSchema = {"type": "object", "properties": properties}
    required = [name for name, spec in specs.items() if spec.required]
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    return schema


def _field_schema(spec: Spec) -> JsonSchema:
    schema = json_schema(spec.convert) if spec.required else _or_empty(json_schema(spec.convert))
    described = " ".join(filter(None, (spec.help, schema.get("description"))))
    return {**schema, "description": described} if described else schema  # editors show it


def _or_empty(schema: JsonSchema) -> JsonSchema:
    """The schema, or nothing: `field:` (null) or `field: ""`."""
    empty = [{"type": "null"}, {"const": ""}]
    if "anyOf" in schema:
        return {**schema, "anyOf": [*schema["anyOf"], *empty]}
    return {"anyOf": [schema, *empty]}


_TEXT = r"\S"  # not empty, nor only spaces
_DATE_PATTERN = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
_TEXT_SCHEMA: JsonSchema = {
    "anyOf": [{"type": "string", "pattern": _TEXT}, {"type": "number"}],
    "description": "Text (plain, on one line unless quoted).",
}


@dataclass(frozen=True)
class Spec:
    """One field a volunteer writes: its converter, whether it must be there, whether it is text
    that a translation gives in another language (content/translate.py), what a volunteer is
    told of it (the README, `new`, editors) and a valid value, as YAML gives it."""

    convert: Converter[Any]
    required: bool = False
    translatable: bool = False
    help: str = ""
    example: Any = None


_SPEC = "spec"


def declared(
    convert: Converter[Any],
    *,
    required: bool = False,
    default: Any = MISSING,
    translatable: bool = False,
    help: str = "",
    example: Any = None,
) -> Any:
    """A dataclass field that content files give, with the converter that checks it: the one
    place a field is declared (content/model.py); `default` is its value when left out;
    `translatable`: text that translations give in their language (a list of texts or of
    nested records is translated item by item); `help` and `example`: what the README, the
    files of `new` and the JSON Schemas say of it."""
    spec = Spec(convert, required, translatable, help, example)
    return dataclasses.field(default=default, metadata={_SPEC: spec})


@functools.cache
def specs_of(kind: type) -> dict[str, Spec]:
    """The declared fields of a record kind, its own first, then those it inherits."""
    declared_fields = [f for f in dataclasses.fields(kind) if _SPEC in f.metadata]
    own = getattr(kind, "__annotations__", {})
    ordered = sorted(declared_fields, key=lambda f: f.name not in own)  # a stable sort
    return {f.name: f.metadata[_SPEC] for f in ordered}


def record_example(kind: type) -> dict[str, Any]:
    """A nested record's example (an event's, the letters'): each of its fields' own."""
    return {name: spec.example for name, spec in specs_of(kind).items()}


@functools.cache
def translation_specs(kind: type) -> dict[str, Spec]:
    """The fields a translation of a record kind may give: its translatable ones, none required.
    A list of texts is translated item for item; a list of nested records (events, charges) as
    a list of the same length whose items give the nested records' translatable fields. An item
    not translated is '- {}'."""
    hints = typing.get_type_hints(kind)
    specs = {}
    for name, spec in specs_of(kind).items():
        if not spec.translatable:
            continue
        item = _list_item(hints[name])
        most = most_items(spec.convert)  # a translated list is as long as its original
        if item is str:
            specs[name] = Spec(list_of(_translated_text, unique=False, most=most))
        elif item is not None:
            specs[name] = Spec(list_of(_translated_item(item), unique=False, most=most))
        else:
            specs[name] = Spec(spec.convert)
    return specs


def _list_item(hint: Any) -> Any:
    """tuple[X, ...] -> X; None for a field that is not a list."""
    args = typing.get_args(hint)
    return args[0] if typing.get_origin(hint) is tuple and args[1:] == (Ellipsis,) else None


def _translated_text(reader: Reader, name: str, node: Node) -> str:
    """One item of a translated list of texts; "" for one not translated ('- {}' or '-')."""
    if node.value is None or node.value == {}:
        return ""
    return text(reader, name, node)


def _translated_item(kind: type) -> Converter[dict[str, Any]]:
    """One item of a translated list of records: the item's translated fields, by name."""

    def convert(reader: Reader, name: str, node: Node) -> dict[str, Any]:
        if node.value is None or node.value == {}:
            return {}  # '- {}' or '-': this item is not translated
        before = len(reader.problems)
        values = read_fields(reader, name, node, translation_specs(kind))
        if len(reader.problems) > before:
            raise _Reported()
        return values

    return convert


def read_fields(reader: Reader, name: str, node: Node, specs: Mapping[str, Spec]) -> dict[str, Any]:
    """Check a mapping against its specs: unknown keys, missing required ones, each value.

    Returns the converted values of the fields that are present and valid, plus the defaults.
    """
    prefix = f"{name}." if name else ""
    if not isinstance(node.value, dict):
        reader.report(node.where, name or "front matter", "expected fields as 'name: value' lines")
        return {}
    values: dict[str, Any] = {}
    misspelt: set[str] = set()  # required fields that an unknown key is a typo of
    for key, child in node.value.items():
        if key not in specs:
            match = reader.closest(key, specs)
            hint = f" (did you mean '{match}'?)" if match else f"; known fields: {', '.join(specs)}"
            reader.report(child.where, prefix + key, f"unknown field{hint}")
            misspelt.add(match or "")
            continue
        if child.value is None or child.value == "":
            if specs[key].required:
                reader.report(child.where, prefix + key, "is empty; it is required")
            continue
        converted = reader.convert(prefix + key, child, specs[key].convert)
        if converted is not None:
            values[key] = converted
    for key, spec in specs.items():
        if key in values:
            continue
        if spec.required and key not in node.value and key not in misspelt:
            reader.report(node.where, prefix + key, "is missing; it is required")
    return values


def field_lines(node: Node) -> dict[str, int]:
    return (
        {key: child.where for key, child in node.value.items()}
        if isinstance(node.value, dict)
        else {}
    )


# --- scalars -------------------------------------------------------------------------------


@described(_TEXT_SCHEMA)
def text(reader: Reader, name: str, node: Node) -> str:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        found = _describe(value)
        raise Invalid(
            f"expected text, found {found}; put the value in quotes if it is meant as text"
        )
    result = str(value).strip()
    if not result:
        raise Invalid("is empty")
    hidden = invisible_character(result)
    if hidden:
        raise Invalid(invisible_message(hidden[1], f"character {hidden[0] + 1}"))
    if len(result) > 1 and result[0] in _OPENING_QUOTES and result[-1] in _CLOSING_QUOTES:
        raise Invalid(
            f"is wrapped in typographic quotes ({result[0]}...{result[-1]}), which would be"
            ' published: YAML reads only straight quotes; remove them, or use "..."'
        )
    return result


def invisible_character(value: str) -> tuple[int, str] | None:
    """The place (0 = first) and description of the first invisible or direction-changing
    character in a text, if there is one."""
    if value.isascii() and value.replace("\n", "").replace("\t", "").isprintable():
        return None  # most text, decided in C: a search costs 10 times as much
    found = INVISIBLE.search(value)
    if found is None:
        return None
    char = found.group()
    return found.start(), f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character')})"


def invisible_message(character: str, place: str) -> str:
    return (
        f"has an invisible character, {character}, at {place}: delete it (it can hide text,"
        " or show it reversed)"
    )


@described({"type": "string", "pattern": _TEXT, "description": "Text in Latin script."})
def latin_text(reader: Reader, name: str, node: Node) -> str:
    value = text(reader, name, node)
    for char in value:
        if char.isalpha() and not unicodedata.name(char, "").startswith("LATIN"):
            raise Invalid(
                f"must be written in Latin script ('{char}' is not); "
                "put other scripts and spellings in name_variants"
            )
    return value


@described({"type": "boolean"})
def boolean(reader: Reader, name: str, node: Node) -> bool:
    if not isinstance(node.value, bool):
        raise Invalid(f"expected true or false, found {_describe(node.value)}")
    return node.value


@described({"type": "string", "pattern": _SLUG_PATTERN, "description": "An id: a-z, 0-9, -."})
def slug(reader: Reader, name: str, node: Node) -> str:
    if isinstance(node.value, str) and node.value != node.value.strip():
        raise Invalid(
            f"{node.value!r} has spaces or line breaks around it: write the id without them"
        )
    value = text(reader, name, node)
    if not SLUG.match(value):
        raise Invalid(f"'{value}' is not a valid id: use lowercase a-z, 0-9 and '-' (e.g. cc-405)")
    return value


def choice(options: Iterable[str], meanings: Mapping[str, str] | None = None) -> Converter[str]:
    """One of the options; a common word for one of them (`meanings`: arrested -> detained) is
    suggested by meaning, others by spelling."""
    allowed = tuple(options)
    meanings = meanings or {}

    def convert(reader: Reader, name: str, node: Node) -> str:
        value = text(reader, name, node)
        if value not in allowed:
            meant = meanings.get(value.lower().replace("_", " "))
            hint = f" (did you mean '{meant}'?)" if meant else did_you_mean(value, allowed)
            raise Invalid(f"'{value}' is not allowed{hint}; use one of: {one_of(allowed)}")
        return value

    return described({"type": "string", "enum": list(allowed)})(convert)


@described(
    {
        "anyOf": [
            {"type": "string", "pattern": _DATE_PATTERN},
            {"type": "integer", "minimum": 1800, "maximum": 2200},
        ],
        "description": "A date, partial or not: YYYY, YYYY-MM or YYYY-MM-DD.",
    }
)
def partial_date(reader: Reader, name: str, node: Node) -> PartialDate:
    value = node.value
    if isinstance(value, datetime.date):  # YAML reads 2019-11-05 unquoted as a date
        _in_range(value.year, value.isoformat())
        return _not_in_future(PartialDate(value.year, value.month, value.day), value.isoformat())
    raw = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else None
    match = _DATE.match(raw.strip()) if raw is not None else None
    if raw is None or match is None:
        shown = raw if raw is not None else _describe(value)
        raise Invalid(f"'{shown}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019-11)")
    year, month, day = (int(group) if group else 0 for group in match.groups())
    given_month, given_day = (group is not None for group in match.groups()[1:])
    try:  # a month or day written as 00 is no date (only one left out is unknown)
        datetime.date(year, month if given_month else 1, day if given_day else 1)
    except ValueError:
        raise Invalid(f"'{raw}' is not a real date: check the month and the day") from None
    _in_range(year, raw)
    return _not_in_future(PartialDate(year, month, day), raw)


def _in_range(year: int, raw: str) -> None:
    if not 1800 <= year <= 2200:
        raise Invalid(f"'{raw}': the year {year} is out of range")


def _not_in_future(date: PartialDate, raw: str) -> PartialDate:
    # A date can only become valid with time, never invalid: validate stays green as days pass.
    if date.earliest > datetime.date.today():
        raise Invalid(f"'{raw}' is in the future: check the year")
    return date


_TERM_PATTERN = "^ *([0-9]{1,4} *(years?|months?|days?) *,? *(and +)?){1,3}$"
_TERM = anchored(_TERM_PATTERN)
_LONGEST_TERM = Term(years=100)  # a life sentence is written as the sentence, not a term
_TERM_PART = re.compile(r"([0-9]{1,4}) *(years?|months?|days?)")


@described(
    {
        "type": "string",
        "pattern": _TERM_PATTERN,
        "description": "A length, as reported: 15 days, 1 year, 7 years 6 months.",
    }
)
def term(reader: Reader, name: str, node: Node) -> Term:
    """A length such as '15 days', '1 year' or '7 years 6 months'."""
    value = text(reader, name, node)
    if not _TERM.match(value):
        raise Invalid(
            f"'{value[:40]}' is not a length: write it as 15 days, 10 months, 1 year or"
            " 7 years 6 months"
        )
    amounts = {"year": 0, "month": 0, "day": 0}
    for number, unit in _TERM_PART.findall(value):
        amounts[unit.rstrip("s")] += int(number)
    term = Term(amounts["year"], amounts["month"], amounts["day"])
    if not term.days_at_most:
        raise Invalid(f"'{value}' is no length: give the number of days, months or years")
    if term.days_at_most > _LONGEST_TERM.days_at_most:
        raise Invalid(f"'{value}' is longer than any term ({_LONGEST_TERM}): check the number")
    return term


def web_address_error(value: str) -> str | None:
    """Why a value is not an http(s) address, or None when it is one."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError as error:
        return f"'{value}' is not a valid web address ({error}): check it character by character"
    spaced = any(char.isspace() for char in value)
    if parts.scheme not in ("http", "https") or not parts.hostname or spaced:
        return f"'{value}' is not a web address: it must start with https:// or http://"
    return None


# A site's path: folders of letters, digits and -._~ (no '//', no '.' or '..', no '\').
_SITE_PATH = re.compile(r"/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*")


def site_address_error(value: str) -> str | None:
    """Why a value is not a site's public address (base_url, --base-url), or None. Its path is
    a plain path: pages shown at any address (404) link from it, and 'https://a.org//b.org/'
    would make them link to another host."""
    error = web_address_error(value)
    if error:
        return error
    parts = urlsplit(value)
    if parts.username is not None or parts.password is not None:
        return f"'{value}' has a user name in it: write the address as visitors type it"
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        return f"'{value}' has a '?' or '#' part: the address of a site is its host and folder"
    if not _SITE_PATH.fullmatch(as_site_address(parts.path or "/")):
        return (
            f"'{value}': the folder part must be plain folders (letters, digits, '-', '_', '.',"
            " '~'), with no '//', '.', '..' or '\\' (e.g. https://example.org/prisoners/)"
        )
    return None


def as_site_address(value: str) -> str:
    """A site's public address always ends with '/', so that page paths can follow it."""
    return value if value.endswith("/") else value + "/"


@described({"type": "string", "pattern": "^https?://[^\\s/?#]+[^\\s]*$", "format": "uri"})
def http_url(reader: Reader, name: str, node: Node) -> str:
    value = text(reader, name, node)
    error = web_address_error(value)
    if error:
        raise Invalid(error)
    return value


def correction_address_error(value: str) -> str | None:
    """Why a value is not where corrections are sent (a form's https address, or an email's
    mailto:), or None: a link every record's page carries, so never javascript: or data:."""
    parts = urlsplit(value)
    if parts.scheme == "mailto" and re.fullmatch(r"mailto:[^\s@/?#]+@[^\s@/?#]+", value):
        return None
    if parts.scheme == "https" and web_address_error(value) is None:
        return None
    return (
        f"'{value[:80]}' is not where corrections can be sent: it must start with https:// or"
        " mailto: (e.g. mailto:corrections@example.org)"
    )


@described(
    {"type": "string", "pattern": "^(https://[^\\s/?#]+[^\\s]*|mailto:[^\\s@/?#]+@[^\\s@/?#]+)$"}
)
def correction_address(reader: Reader, name: str, node: Node) -> str:
    value = text(reader, name, node)
    error = correction_address_error(value)
    if error:
        raise Invalid(error)
    return value


@described({"type": "string", "pattern": "^https?://[^\\s/?#@]+(/[^\\s?#]*)?$", "format": "uri"})
def base_url(reader: Reader, name: str, node: Node) -> str:
    value = text(reader, name, node)
    error = site_address_error(value)
    if error:
        raise Invalid(error)
    return as_site_address(value)


# A language's code: the subset of BCP 47 the site supports, a language (2 or 3 lowercase
# letters: ru, kk) and perhaps a script (kk-Latn); a region goes in the interface words' `locale`
# (en_GB). The one rule for every code the build reads: the names of templates/strings/*.yaml,
# site.yaml's language and languages, translations' file names (x.ru.md, articles.kk.yaml) and
# the codes turned into CLDR locales. A code becomes a folder of the site (/ru/) and is printed
# in pages (lang="ru"), so nothing else may pass: no '.', '/', ':', quote or space.
_LANGUAGE_PATTERN = "^[a-z]{2,3}(-[A-Z][a-z]{3})?$"
LANGUAGE_CODE = anchored(_LANGUAGE_PATTERN)


def is_language_code(value: str) -> bool:
    """Whether a text is a language code the site supports (see _LANGUAGE_PATTERN)."""
    return LANGUAGE_CODE.match(value) is not None


def language_code_error(value: str) -> str | None:
    """Why a text is not a language code the site supports, or None when it is one."""
    if is_language_code(value):
        return None
    return (
        f"'{value[:60]}' is not a language code: write the language in 2 or 3 lowercase letters"
        " (ru, kk), a script after it if needed (kk-Latn)"
    )


@described(
    {
        "type": "string",
        "pattern": _LANGUAGE_PATTERN,
        "description": "A language of the interface: templates/strings/<language>.yaml.",
    }
)
def interface_language(reader: Reader, name: str, node: Node) -> str:
    """A language the interface has words for (templates/strings/<language>.yaml)."""
    value = text(reader, name, node)
    error = language_code_error(value)
    if error:
        raise Invalid(error)
    languages = reader.known.languages
    if value not in languages:
        hint = did_you_mean(value, languages)
        raise Invalid(
            f"'{value}' is not a language of the interface{hint}; use one of:"
            f" {one_of(languages)} (the words are in templates/strings/<language>.yaml)"
        )
    return value


@described(
    lambda: {
        "type": "object",
        "propertyNames": {"pattern": _LANGUAGE_PATTERN},
        "additionalProperties": json_schema(text),
        "description": "The name as each language of the interface writes it (ru: ...).",
    }
)
def names_by_language(reader: Reader, name: str, node: Node) -> tuple[tuple[str, str], ...]:
    """A name as each language writes it: 'ru: Жанболат Мамай' lines, one per language."""
    if not isinstance(node.value, dict):
        raise Invalid(
            f"expected 'language: name' lines (e.g. ru: ...), found {_describe(node.value)}"
        )
    names = []
    for language, child in node.value.items():
        if not is_language_code(language) or language not in reader.known.languages:
            known = one_of(sorted(reader.known.languages))
            message = f"'{language}' is not a language of the interface; use one of: {known}"
            reader.report(child.where, f"{name}.{language}", message)
            continue
        value = reader.convert(f"{name}.{language}", child, text)
        if value is not None:
            names.append((language, value))
    return tuple(names)


@described(
    lambda: {
        "type": "object",
        "propertyNames": {"pattern": _LANGUAGE_PATTERN},
        "additionalProperties": {"type": "array", "items": json_schema(interface_language)},
        "description": "The languages each language's pages show a text from where their own"
        " translation has none, in order (kk: [ru]); the original language always comes last.",
    }
)
def fallback_chains(
    reader: Reader, name: str, node: Node
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """'kk: [ru]' lines: where a text is not translated into a language, the languages whose
    translation its pages show instead, in order, before the original."""
    if not isinstance(node.value, dict):
        raise Invalid(
            f"expected 'language: [languages]' lines (e.g. kk: [ru]), found {_describe(node.value)}"
        )
    chains = []
    for language, child in node.value.items():
        key = reader.convert(f"{name}.{language}", Node(language, child.where), interface_language)
        chain = reader.convert(f"{name}.{language}", child, list_of(interface_language))
        if key is not None and chain is not None:
            chains.append((key, chain))
    return tuple(chains)


_VERSION = re.compile(r"\A[0-9a-f]{10}\Z")


def version(reader: Reader, name: str, node: Node) -> str:
    """The version of an original that a translation was made from (translate.version)."""
    value = text(reader, name, node)  # one of digits only is a number, read back as text
    if not _VERSION.match(value):
        raise Invalid(
            f"'{value[:40]}' is not a version: copy the one `validate` gives (ten letters and"
            " digits, like 3f9a2c1e07)"
        )
    return value


_PART_PATTERN = "^[0-9]{1,4}([-.][0-9]{1,4}){0,3}$"
_PART = anchored(_PART_PATTERN)


@described(
    {
        "anyOf": [
            {"type": "string", "pattern": _PART_PATTERN},
            {"type": "integer", "minimum": 0, "maximum": 9999},
        ],
        "description": "A part of the article: its number (2, 2-1).",
    }
)
def part(reader: Reader, name: str, node: Node) -> str:
    """A part of a law article: 2, "2", "2-1" all allowed."""
    value = text(reader, name, node)
    if not _PART.match(value):
        raise Invalid(
            f"'{value[:40]}' is not a part of an article: write its number (e.g. 2 or 2-1)"
        )
    return value


@described(
    {
        "anyOf": [
            {"type": "integer", "minimum": 1, "maximum": 120},
            {"type": "string", "pattern": "^([1-9]|[1-9][0-9]|1[01][0-9]|120)$"},
        ],
        "description": "A number of months, 1 to 120.",
    }
)
def months(reader: Reader, name: str, node: Node) -> int:
    """A number of months, 1 to 120."""
    value = text(reader, name, node)
    if not value.isdigit() or not 1 <= int(value) <= 120:
        raise Invalid(f"'{value[:40]}' is not a number of months: write one from 1 to 120")
    return int(value)


@described(
    {
        "type": "string",
        "pattern": "^[^/\\\\].*\\.([jJ][pP][eE]?[gG]|[pP][nN][gG]|[wW][eE][bB][pP])$",
        "description": "An image beside this file: JPEG, PNG or WebP.",
    }
)
def photo(reader: Reader, name: str, node: Node) -> Path:
    value = text(reader, name, node)
    content_dir = Path(os.path.abspath(reader.known.content_dir))
    # Lexically, not resolved: a link on the way is refused, never followed.
    relative = Path(os.path.normpath(Path(reader.path).relative_to("content").parent / value))
    if relative.is_absolute() or relative.parts[:1] == ("..",) or "\\" in value:
        raise Invalid(f"'{value}' is outside content/: keep photos inside the content folder")
    file = content_dir / relative
    if file.suffix.lower() not in PHOTO_SUFFIXES:
        raise Invalid(f"'{value}' must be a {', '.join(PHOTO_SUFFIXES)} image")
    for depth in range(1, len(relative.parts) + 1):
        if content_dir.joinpath(*relative.parts[:depth]).is_symlink():
            raise Invalid(f"'{value}' {LINK_MESSAGE}")
    if not file.is_file():
        raise Invalid(f"'{value}' does not exist (paths are relative to this file)")
    problem = photo_problem(file)
    if problem:
        raise Invalid(problem)
    return file


# --- references ----------------------------------------------------------------------------


def ref(kind: str) -> Converter[str]:
    """An id that must name a known record of a kind (its key in kinds.KINDS: articles ...)."""

    def where() -> str:  # kinds.py names the model's classes, which are declared with refs
        from generator.content.kinds import BY_KEY

        return BY_KEY[kind].original().removesuffix(".md")

    def convert(reader: Reader, name: str, node: Node) -> str:
        value = text(reader, name, node)
        known = reader.known.ids.get(kind, frozenset())
        if value not in known and kind not in reader.known.unreadable:
            match = reader.closest(value.lower(), known)
            hint = f" (did you mean '{match}'?)" if match else ""
            raise Invalid(f"unknown {kind[:-1]} '{value}'{hint}; it must be defined in {where()}")
        return value

    def schema() -> JsonSchema:
        described_as = f"The id of a {kind[:-1]} in {where()}."
        return {"type": "string", "pattern": _SLUG_PATTERN, "description": described_as}

    return described(schema)(convert)


# --- composites ----------------------------------------------------------------------------


# The most items a list may hold unless its field says otherwise: far more than any record
# needs, and a bound on what one list costs to check.
MOST_ITEMS = 1_000
_MOST_ITEMS: dict[Callable[..., Any], int] = {}  # each list converter's bound
_NESTED: dict[Callable[..., Any], Callable[..., Any]] = {}  # the record a converter reads


def list_of(
    item: Converter[T], *, unique: bool = True, most: int = MOST_ITEMS
) -> Converter[tuple[T, ...]]:
    """A YAML list; each item is checked, and reported as field[1], field[2]... (1 = first).
    A list of more than `most` items is a problem, and the items past it are not checked."""

    def convert(reader: Reader, name: str, node: Node) -> tuple[T, ...]:
        if not isinstance(node.value, list):
            raise Invalid(
                f"expected a list, found {_describe(node.value)} (write [a, b] or '- a' lines)"
            )
        if len(node.value) > most:
            reader.report(
                node.value[most].line,
                name,
                f"lists {len(node.value):,} items; at most {most:,} are allowed: remove the"
                f" extra ones (those after item {most:,} were not checked)",
            )
        results: list[T] = []
        seen: set[Any] = set()
        for index, child in enumerate(node.value[:most], start=1):
            value = reader.convert(f"{name}[{index}]", child, item)
            if value is None:
                continue
            if unique and _listed_before(value, seen, results):
                reader.report(child.line, f"{name}[{index}]", f"'{value}' is listed twice")
                continue
            results.append(value)
        return tuple(results)

    def schema() -> JsonSchema:
        listed: JsonSchema = {"type": "array", "items": json_schema(item)}
        return listed | {"uniqueItems": True} if unique else listed

    _MOST_ITEMS[convert] = most
    if item in _NESTED:
        _NESTED[convert] = _NESTED[item]
    return described(schema)(convert)


def _listed_before(value: Any, seen: set[Any], results: list[Any]) -> bool:
    """Whether an equal value is already in the list: looked up in a set, so that a long list
    costs one step an item; an unhashable value (none today) is compared with each."""
    try:
        if value in seen:
            return True
        seen.add(value)
        return False
    except TypeError:
        return value in results


def most_items(convert: Converter[Any]) -> int:
    """The most items a list converter accepts (MOST_ITEMS for any other converter)."""
    return _MOST_ITEMS.get(convert, MOST_ITEMS)


def nested_record(convert: Converter[Any]) -> type | None:
    """The record a converter reads, alone or in a list (Event for events), or None."""
    nested = _NESTED.get(convert)
    return nested if isinstance(nested, type) else None


def record_of(kind: Callable[..., T]) -> Converter[T]:
    """A nested mapping (a charge, an event) built into its dataclass once its fields pass."""

    def convert(reader: Reader, name: str, node: Node) -> T:
        before = len(reader.problems)
        values = read_fields(reader, name, node, specs_of(kind))
        if len(reader.problems) > before:
            raise _Reported()
        return kind(**values)

    _NESTED[convert] = kind
    return described(lambda: specs_schema(specs_of(kind)))(convert)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if value is None:
        return "nothing"
    return f"'{value}'"
