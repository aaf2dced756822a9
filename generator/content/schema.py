"""Validate stage: the fields of each kind of record, and the check of every file against them."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from generator.content.dates import PartialDate
from generator.content.fields import (
    KnownIds,
    Reader,
    Spec,
    field_lines,
    invisible_character,
    invisible_message,
    read_fields,
    slug,
    specs_of,
    translation_specs,
)
from generator.content.frontmatter import Node
from generator.content.kinds import BY_KEY, ENTRIES, FOLDERS, Kind
from generator.content.load import (
    FileStamp,
    ParsedTables,
    RawContent,
    RawFile,
    RecordFile,
    file_stamp,
    read_record,
    settled,
)
from generator.content.model import (
    DETENTION_EVENTS,
    Article,
    Event,
    SiteSettings,
    Translation,
)
from generator.content.places import Gazetteer, from_yaml
from generator.pages.markdown import limit_exceeded, render_markdown
from generator.parallel import parallel_map
from generator.problems import Problem


@dataclass(frozen=True)
class Validated:
    """The records whose own fields passed, each kind's (kinds.KINDS, but the site's settings)
    by the kind's key: a folder's by slug, a table's entries by id. A file with problems is left
    out of linking."""

    site: SiteSettings | None
    records: dict[str, dict[str, Any]]
    translations: tuple[Translation, ...] = ()
    places: Gazetteer = field(default_factory=Gazetteer)


def known_ids(
    raw: RawContent, content_dir: Path, languages: frozenset[str] = frozenset({"en"})
) -> KnownIds:
    """Every id a reference may name, so that references are checked where they are written;
    `languages`, those the interface has words for."""
    tables = {kind.key: raw.tables.get(kind.key) for kind in ENTRIES}
    ids = {key: frozenset(_top_level_keys(table)) for key, table in tables.items()}
    ids |= {key: frozenset(record.slug for record in files) for key, files in raw.records.items()}
    unreadable = frozenset(key for key, table in tables.items() if table is None)
    return KnownIds(ids, content_dir, languages, unreadable)


@dataclass
class FileCache:
    """Content files read and checked by an earlier build in the same process (`serve`).

    A record file whose stat is unchanged is not read again, as long as the ids that references
    may name are unchanged too; its record object is reused, so later stages can tell it is the
    same. site.yaml, articles.yaml and sources.yaml are parsed again only when their stat
    changes (`tables`), and the last two checked again only when they were parsed again."""

    known: KnownIds | None = None
    checked: dict[str, tuple[FileStamp, Any, list[Problem]]] = field(default_factory=dict)
    tables: ParsedTables = field(default_factory=ParsedTables)
    checked_tables: dict[str, tuple[RawFile, Any, list[Problem]]] = field(default_factory=dict)

    def holds(self, file: str, stamp: FileStamp) -> bool:
        """Whether the record file was checked as it is now."""
        return stamp is not None and self.checked.get(file, (None,))[0] == stamp


def validate(
    raw: RawContent, known: KnownIds, jobs: int | None = None, cache: FileCache | None = None
) -> tuple[Validated, list[Problem]]:
    """Check every file; record files are read and checked on every core (`jobs`)."""
    problems: list[Problem] = []
    cache = FileCache() if cache is None else cache
    site = _validate_site(raw.tables.get("site"), known, problems)
    records = {
        kind.key: _checked_table(raw.tables.get(kind.key), kind.record, cache, problems)
        for kind in ENTRIES
    }
    files = {kind.key: raw.records.get(kind.key, ()) for kind in FOLDERS}
    _forget_stale(cache, known, sum(files.values(), raw.translations))
    check = partial(_checked_files, known=known, cache=cache, jobs=jobs, problems=problems)
    for key, found in files.items():
        records[key] = {record.slug: record for record in check(found, key)}
    translations = check(raw.translations, "translations")
    for table in raw.table_translations:
        translations += _table_translations(table, problems)
    places, place_problems = _checked_places(raw.places, cache)
    problems += place_problems
    return Validated(site, records, tuple(translations), places), problems


def translation_fields(kind: type) -> dict[str, Spec]:
    """What a translation of a kind of file may give: its own fields, and the kind's text."""
    return specs_of(Translation) | translation_specs(kind)


def _checked_files(
    files: tuple[RecordFile, ...],
    key: str,
    known: KnownIds,
    cache: FileCache,
    jobs: int | None,
    problems: list[Problem],
) -> list[Any]:
    """The records of one kind's files (`key`, or "translations") that passed: those changed
    since the cache checked them read and checked again, on every core."""
    stamps = {file.file: file.stamp or file_stamp(file.file) for file in files}
    changed = [file for file in files if not cache.holds(file.file, stamps[file.file])]
    if key == "translations":
        check_file: Any = partial(_check_translation_file, known=known)
    else:
        check_file = partial(_check_record_file, kind=BY_KEY[key], known=known)
    results = parallel_map(check_file, changed, jobs, f"checking {key}")
    for file, result in zip(changed, results, strict=True):
        cache.checked[file.file] = (settled(stamps[file.file]), *result)
    checked = [cache.checked[file.file] for file in files]
    problems.extend(problem for _, _, found in checked for problem in found)
    return [record for _, record, _ in checked if record is not None]


def _forget_stale(cache: FileCache, known: KnownIds, files: tuple[RecordFile, ...]) -> None:
    """Drop files that are gone; drop everything if the ids references may name changed."""
    if cache.known != known:
        cache.known, cache.checked = known, {}
    else:
        cache.checked = {f.file: cache.checked[f.file] for f in files if f.file in cache.checked}


def _check_record_file(file: RecordFile, kind: Kind, known: KnownIds) -> tuple[Any, list[Problem]]:
    raw, problems = read_record(file)
    if raw is None:
        return None, problems
    record = _validate_record(raw, kind, known, problems)
    return record, problems


def _check_translation_file(file: RecordFile, known: KnownIds) -> tuple[Any, list[Problem]]:
    """A record's translation: its fields as the translation specs of the record's kind."""
    raw, problems = read_record(file)
    if raw is None or raw.front is None:
        return None, problems
    kind = BY_KEY[file.path.split("/")[1]]
    reader = Reader(raw.path, known)
    values = read_fields(reader, "", raw.front, translation_fields(kind.record))
    hidden = invisible_character(raw.body)
    if hidden:
        line = raw.body_line + raw.body.count("\n", 0, hidden[0])
        reader.report(line, "", "the text " + invisible_message(hidden[1], f"line {line}"))
    _check_markdown(reader, kind.body, raw.body, raw.body_line)
    problems.extend(reader.problems)
    if reader.problems:
        return None, problems
    lines = field_lines(raw.front) | {"body": raw.body_line}
    return _translation(raw, raw.slug, values, lines), problems


def _translation(
    file: RawFile, key: str, values: dict[str, Any], lines: dict[str, int]
) -> Translation:
    """What a translation file (or one entry of it: `key`) gives."""
    own = {name: values.pop(name) for name in specs_of(Translation) if name in values}
    return Translation(
        file.language, file.path, key, **own, values=tuple(values.items()), body=file.body,
        lines=lines, digest=file.digest,
    )  # fmt: skip


def _table_translations(file: RawFile, problems: list[Problem]) -> tuple[Translation, ...]:
    """site.<language>.yaml (one translation) or articles/sources.<language>.yaml (one per
    entry, named by the entry's id)."""
    if file.front is None:
        return ()
    specs = translation_fields(BY_KEY[file.slug].record)
    reader = Reader(file.path, KnownIds())
    if file.slug == "site":
        values = read_fields(reader, "", file.front, specs)
        problems.extend(reader.problems)
        return () if reader.problems else (_translation(file, "", values, field_lines(file.front)),)
    translations = tuple(
        _translation(file, key, values, {"": node.where} | field_lines(node))
        for key, node, values in _entries(reader, file, specs, BY_KEY[file.slug].record)
    )
    problems.extend(reader.problems)
    return translations


def _entries(
    reader: Reader, file: RawFile, specs: dict[str, Spec], kind: type, ids: bool = False
) -> Iterator[tuple[str, Node, dict[str, Any]]]:
    """The `<id>: {fields}` entries of a table (or of its translation) that passed; `ids`:
    each id is checked as one."""
    assert file.front is not None
    if not isinstance(file.front.value, dict):
        reader.report(file.front.line, "", "expected entries of the form 'id: {fields}'")
        return
    for key, node in file.front.value.items():
        before = len(reader.problems)
        if ids:
            reader.convert(key, Node(key, node.where), slug)
        values = read_fields(reader, key, node, specs)
        _check_markdown_fields(reader, key, node, values, kind)
        if len(reader.problems) == before:
            yield key, node, values


def _top_level_keys(file: RawFile | None) -> list[str]:
    if file is None or file.front is None or not isinstance(file.front.value, dict):
        return []
    return list(file.front.value)


def _validate_site(
    file: RawFile | None, known: KnownIds, problems: list[Problem]
) -> SiteSettings | None:
    if file is None or file.front is None:
        return None
    reader = Reader(file.path, known)
    values = read_fields(reader, "", file.front, specs_of(SiteSettings))
    problems.extend(reader.problems)
    problems.extend(_fallback_problems(file, values))
    return None if reader.problems else SiteSettings(**values)


def _fallback_problems(file: RawFile, values: dict[str, Any]) -> Iterator[Problem]:
    """Each language of `fallback` (and each it falls back to) is one of the site's, not the
    original's (it always comes last)."""
    original = values.get("language", "")
    languages = {original, *values.get("languages", ())}
    assert file.front is not None and isinstance(file.front.value, dict)
    node = file.front.value.get("fallback")
    for language, chain in values.get("fallback", ()):
        line = node.value[language].where if node else 0
        for code in dict.fromkeys((language, *chain)):
            if code == original:
                message = (
                    f"'{code}' is the language of the originals, which every language shows last"
                    " anyway: leave it out"
                )
            elif code not in languages:
                message = f"'{code}' is not one of the site's languages: add it to 'languages'"
            else:
                continue
            yield Problem(file.path, line, f"fallback.{language}", message)
        if language in chain:
            yield Problem(
                file.path, line, f"fallback.{language}", f"'{language}' cannot fall back to itself"
            )


def _checked_table(
    file: RawFile | None, build: Any, cache: FileCache, problems: list[Problem]
) -> dict[str, Any]:
    """A table file's entries (articles.yaml, sources.yaml), checked again only if it was parsed
    again (a table's fields refer to no other file)."""
    if file is None or file.front is None:
        return {}
    cached = cache.checked_tables.get(file.path)
    if cached is None or cached[0] is not file:
        reader = Reader(file.path, KnownIds())
        entries = _entries(reader, file, specs_of(build), build, ids=True)
        checked = {key: build(id=key, **values) for key, _, values in entries}
        cached = cache.checked_tables[file.path] = (file, checked, reader.problems)
    problems.extend(cached[2])
    return cached[1]


_NO_PLACES = Gazetteer()  # no content/places.yaml: no place known in other forms


def _checked_places(file: RawFile | None, cache: FileCache) -> tuple[Gazetteer, list[Problem]]:
    """The table of places, made again only if it was parsed again: the same table comes back,
    so later stages (serve's RecordMemo) can tell it is the same."""
    if file is None:
        return _NO_PLACES, []
    cached = cache.checked_tables.get(file.path)
    if cached is None or cached[0] is not file:
        cached = cache.checked_tables[file.path] = (file, *from_yaml(file.front))
    return cached[1], cached[2]


# (event type, the event types it cannot come before, what to call each): a release before any
# detention, a sentence before any charge, is a mistyped date far more often than a fact.
_ORDER_RULES = (
    ("released", DETENTION_EVENTS, "the release", "the first detention"),
    ("sentenced", ("charged",), "the sentence", "the charge"),
)


def _check_dates_in_order(reader: Reader, front: Node, values: dict[str, Any]) -> None:
    """Dates that cannot be right together, each named with both lines: a birth after an
    event, a release before the first detention, a sentence before the charge."""
    events: tuple[Event, ...] = values.get("events", ())
    nodes = front.value.get("events") if isinstance(front.value, dict) else None
    if nodes is None or not isinstance(nodes.value, list) or len(nodes.value) != len(events):
        return  # the events have problems of their own
    lines = [_date_line(node) for node in nodes.value]
    born: PartialDate | None = values.get("born")
    for number, event in enumerate(events, start=1):
        if born and event.date.surely_before(born):
            reader.report(
                lines[number - 1],
                f"events[{number}].date",
                f"{event.date} comes before the birth ({born}, line {front.value['born'].where}):"
                " check both dates",
            )
    for kind, earlier_kinds, later_name, earlier_name in _ORDER_RULES:
        earlier = [
            (e.date, line) for e, line in zip(events, lines, strict=True) if e.type in earlier_kinds
        ]
        if not earlier:
            continue
        first, first_line = min(earlier, key=lambda pair: pair[0].earliest)
        for number, event in enumerate(events, start=1):
            if event.type == kind and event.date.surely_before(first):
                reader.report(
                    lines[number - 1],
                    f"events[{number}].date",
                    f"{later_name} ({event.date}) comes before {earlier_name} ({first}, line"
                    f" {first_line}): check both dates",
                )


def _check_status_date(reader: Reader, front: Node, values: dict[str, Any]) -> None:
    """A status as of a date needs the source that says so, and holds after every event; a
    sentence ends after it starts."""
    as_of: PartialDate | None = values.get("status_as_of")
    written = front.value if isinstance(front.value, dict) else {}
    source = "status_source" in written  # given, even if it names no known source
    # An inferred status is dated by the latest report the inference starts from.
    if "status_as_of" in written and not source and "status_inferred" not in written:
        reader.report(
            front.value["status_as_of"].line,
            "status_as_of",
            "name the source that reports the status on this date: add status_source: <source id>"
            " (or, where no report states it, say why it is inferred: status_inferred: ...)",
        )
    if source and "status_as_of" not in written:
        reader.report(
            front.value["status_source"].line,
            "status_source",
            "give the date this source reports the status on: add status_as_of: YYYY-MM-DD"
            " (or YYYY-MM, YYYY)",
        )
    start, end = values.get("sentence_start"), values.get("sentence_end")
    if start and end and end.surely_before(start):
        reader.report(
            front.value["sentence_end"].line,
            "sentence_end",
            f"the sentence ends ({end}) before it starts ({start}): check both dates",
        )
    events: tuple[Event, ...] = values.get("events", ())
    later = [event for event in events if as_of and as_of.surely_before(event.date)]
    if later:
        newest = max(later, key=lambda event: event.date.sort_key)
        reader.report(
            front.value["status_as_of"].line,
            "status_as_of",
            f"the status is given as of {as_of}, before the event of {newest.date}: give the date"
            " of the latest report that gives the status, or check both dates",
        )


def _date_line(node: Node) -> int:
    date = node.value.get("date") if isinstance(node.value, dict) else None
    return date.where if date is not None else node.line


def _validate_record(file: RawFile, kind: Kind, known: KnownIds, problems: list[Problem]) -> Any:
    assert file.front is not None
    reader = Reader(file.path, known)
    values = read_fields(reader, "", file.front, specs_of(kind.record))
    lines = field_lines(file.front)
    sources_node = file.front.value.get("sources") if isinstance(file.front.value, dict) else None
    if sources_node is not None and sources_node.value == [] and not values.get("draft"):
        reader.report(
            lines.get("sources", 1),
            "sources",
            "cite at least one source: nothing unsourced is published (a draft may have none yet)",
        )
    hidden = invisible_character(file.body)
    if hidden:
        offset, character = hidden
        line = file.body_line + file.body.count("\n", 0, offset)
        column = offset - file.body.rfind("\n", 0, offset)
        reader.report(line, "", "the text " + invisible_message(character, f"column {column}"))
    _check_markdown(reader, kind.body, file.body, file.body_line)
    _check_dates_in_order(reader, file.front, values)
    _check_status_date(reader, file.front, values)
    if file.slug in values.get("former_slugs", ()):
        reader.report(
            lines["former_slugs"], "former_slugs", f"'{file.slug}' is this record's own slug"
        )
    problems.extend(reader.problems)
    if reader.problems:
        return None
    return kind.record(
        slug=file.slug,
        path=file.path,
        body=file.body,
        lines=lines | {"body": file.body_line},
        digest=file.digest,
        **values,
    )


# --- Markdown --------------------------------------------------------------------------------

# The fields of tables that are Markdown, besides record files' text.
MARKDOWN_FIELDS: dict[type, tuple[str, ...]] = {Article: ("description",)}
_CHARACTER_REFERENCE = re.compile(
    r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});"
)


def _check_markdown_fields(
    reader: Reader, key: str, node: Node, values: dict[str, Any], kind: type
) -> None:
    for name in MARKDOWN_FIELDS.get(kind, ()):
        if values.get(name):
            _check_markdown(reader, f"{key}.{name}", values[name], node.value[name].where)


def _check_markdown(reader: Reader, name: str, text: str, first_line: int) -> None:
    """A Markdown text as the site publishes it: within the renderer's bounds (a text over one
    is never rendered: it could crash the build, or take minutes), rendered, and with no
    invisible character in what it renders (`&#x202E;` is written in plain ASCII)."""
    exceeded = limit_exceeded(text)
    if exceeded:
        line, message = exceeded
        reader.report(first_line + line, name, message)
        return
    try:
        rendered = render_markdown(text)
    except Exception as error:  # the renderer's failure, found here rather than in build
        reader.report(
            first_line,
            name,
            f"cannot be rendered ({type(error).__name__}): simplify the text around its unusual"
            " Markdown, and report it",
        )
        return
    hidden = invisible_character(rendered)
    if hidden and invisible_character(text) is None:  # one in the text itself is reported
        offset, written = _invisible_reference(text) or (0, "a character reference")
        line = first_line + text.count("\n", 0, offset)
        reader.report(
            line,
            name,
            f"{written} is an invisible character, {hidden[1]}, once published: delete it (it"
            " can hide text, or show it reversed)",
        )


def _invisible_reference(text: str) -> tuple[int, str] | None:
    """The first character reference (&#8203;, &#x202E;, &shy;) in a text that stands for an
    invisible character, and where it is."""
    for reference in _CHARACTER_REFERENCE.finditer(text):
        if invisible_character(html.unescape(reference.group())):
            return reference.start(), f"'{reference.group()}'"
    return None
