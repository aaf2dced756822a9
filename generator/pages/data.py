"""Open data: the database as files, planned and rendered like pages, but written with the csv
and json modules (no template: thousands of them in every build must cost little). One renderer
per kind of file (plan.Renderer): csv_table, database_json, record_json, schema_json.

Under data/: one CSV per table (TABLES), the whole database as one JSON file, the JSON Schemas
of the content model (content/json_schema.py), and SHA256SUMS of those files (written after
them: publish/checksums.py); beside each record's page, its own record.json. The data page
(data/, a template) describes every column.

Every file is deterministic: the same content gives the same bytes. CSV files are UTF-8 with a
byte order mark (so that Excel reads Cyrillic), and a cell that would start a formula in a
spreadsheet (= + - @, a tab or a carriage return first) starts with a ' instead; so does each
part of a cell after a ; , tab or line break (and any spaces), where a spreadsheet may split it.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from generator.content.fields import json_schema, specs_of
from generator.content.json_schema import schema, schema_bytes
from generator.content.kinds import FOLDERS
from generator.content.model import (
    Article,
    Case,
    Charge,
    Event,
    PartialDate,
    Prisoner,
    Recognition,
    SiteSettings,
    Source,
    Term,
)
from generator.files import Content
from generator.pages import urls
from generator.parallel import in_worker

if TYPE_CHECKING:  # plan.py plans the data files (data_files, record_files) with these
    from generator.pages.plan import Page

PAGE_TEMPLATE = "data.html"  # the data dictionary
DATABASE_FILE = "database.json"
CHECKSUMS_FILE = "SHA256SUMS"
LIST_SEPARATOR = "; "  # between the items of a list in a CSV cell
# Spreadsheets run a cell that starts with = + - @ (or a tab, a carriage return) as a formula,
# and importers that trim spaces do so after leading spaces too. So does a part of a cell that
# a spreadsheet may take for a cell of its own: after a ; (the list separator of Russian and
# Kazakh Excel), a comma, a tab or a line break. One rule for both: "Abc-Def" and "2019-11" are
# no such part, only what starts the cell or follows a separator (and any spaces) counts.
_FORMULA = re.compile(r"((?:\A|[;,\t\r\n]) *)(?=[=+\-@\t\r])")

# Every table's columns, in order: their names never change (the data page gives each one's
# meaning: strings data.columns.<table>.<column>). Each is the field of its name of the row's
# record (or list item), or `<field>_<its field>` of a nested one (_nested), unless the row
# gives it (_row): page_url, the page that shows the row; ids, numbers, linked records.
TABLES: dict[str, tuple[str, ...]] = {
    "people": (
        "id", "page_url", "name", "name_variants", "status", "status_as_of", "status_source",
        "born", "gender", "region", "city", "occupation", "affiliations", "sentence",
        "sentence_start", "sentence_end", "detention_place", "recognised_by", "cases",
        "sources", "former_slugs", "photo_url", "letters_address", "letters_checked",
        "letters_languages", "status_inferred", "checked",
    ),
    "cases": (
        "id", "page_url", "title", "summary", "status", "region", "start", "end", "people",
        "articles", "sources", "former_slugs",
    ),
    "charges": ("person", "page_url", "number", "article", "part", "note"),
    "recognitions": ("person", "page_url", "number", "by", "date", "source", "note"),
    "events": (
        "record_kind", "record", "page_url", "number", "date", "type", "summary", "place",
        "sources", "date_inferred", "term",
    ),
    "sources": (
        "id", "page_url", "title", "date", "publisher", "url", "archive_url", "language", "note",
    ),
    "articles": ("id", "page_url", "code", "number", "title", "description"),
}  # fmt: skip


# What each table's rows are made of (a record, or an item of a record's list): its declared
# fields are the columns' (tests/test_kinds.py: each one a column, or said why not).
ROWS_OF: dict[str, type] = {
    "people": Prisoner, "cases": Case, "charges": Charge, "recognitions": Recognition,
    "events": Event, "sources": Source, "articles": Article,
}  # fmt: skip
RECORD_KINDS = tuple(kind.name for kind in FOLDERS if "events" in specs_of(kind.record))


def _choices(table: str, column: str) -> tuple[str, ...]:
    """The values a column may hold, where its field allows only some (a choice)."""
    if column == "record_kind":
        return RECORD_KINDS
    spec = specs_of(ROWS_OF[table]).get(column)
    return tuple(json_schema(spec.convert).get("enum", ())) if spec else ()


# The data page lists them (their meaning is the words' data.columns.<table>.<column>).
COLUMN_VALUES = {
    (table, column): values
    for table, columns in TABLES.items()
    for column in columns
    if (values := _choices(table, column))
}


# --- rendering -----------------------------------------------------------------------------


def csv_table(page: Page, site: SiteSettings) -> Content:
    """A table (TABLES) as CSV, in pieces as its rows are made."""
    name = page.context["table"]
    return _csv(_ROWS[name](page.context, site.base_url), TABLES[name])


def record_json(page: Page, site: SiteSettings) -> bytes:
    """A record's record.json."""
    context = page.context
    key = (context["record"], context["linked"], context["photo"], site.base_url)
    return _RECORDS.made(key, _record_json) + b"\n"


def schema_json(page: Page, site: SiteSettings) -> bytes:
    """One of the content model's JSON Schemas (content/json_schema.py)."""
    return schema_bytes(schema(page.context["name"]))


def _csv(lines: Iterable[bytes], columns: tuple[str, ...]) -> Iterator[bytes]:
    """A table: the BOM (which tells Excel it is UTF-8), its columns' names, then its lines
    (csv_lines). Bytes throughout: a text with Cyrillic in it takes two bytes a letter."""
    yield b"\xef\xbb\xbf" + csv_lines([list(columns)])
    yield from lines


_BUFFER = io.StringIO()
_WRITER = csv.writer(_BUFFER)  # RFC 4180: quotes where needed, CRLF after each row


def csv_lines(rows: Iterable[list[str]]) -> bytes:
    """Rows as CSV text, each cell safe in a spreadsheet: one that starts with = + - @ (or a
    tab, a carriage return), after any spaces, gets a ' before it, and so does each such
    character inside it that follows a separator (_FORMULA). Inline: this runs for every cell
    of every table (half a million at 10,000 records), and most cells have nothing to
    neutralise."""
    _BUFFER.seek(0)
    _BUFFER.truncate()
    formula = _FORMULA.search
    _WRITER.writerows(
        [[_neutralised(cell) if formula(cell) else cell for cell in row] for row in rows]
    )
    return _BUFFER.getvalue().encode("utf-8")


def _neutralised(cell: str) -> str:
    """A cell with a ' before each character that would start a formula: at its start, and at
    the start of each part after a separator."""
    return _FORMULA.sub(r"\1'", cell)


K = TypeVar("K", bound=tuple[Any, ...])
V = TypeVar("V")


class _Made(Generic[K, V]):
    """What was made of each record, by the record's digest (of its file's path and bytes, and
    its translations': content/load.py, translate.py) and what else it was made from (key[0] is
    the record). A long-lived process (serve) sees most files unchanged, so after an edit only
    the records edited are made again; a build in a new process gains nothing, and loses
    nothing. A worker of parallel_map keeps nothing: it ends with the build, and at 50,000
    records what the tables and database.json are made of is hundreds of megabytes. A whole
    table keeps only the records it had (`each_made`); a record without a digest (made in
    code, not read from a file) is made every time."""

    def __init__(self) -> None:
        self._made: dict[str, tuple[tuple[Any, ...], V]] = {}

    def made(self, key: K, make: Callable[[K], V]) -> V:
        digest: str = key[0].digest
        known = self._made.get(digest) if digest else None
        if known is not None and known[0] == key[1:]:
            return known[1]
        value = make(key)
        if digest and not in_worker():  # a worker ends with the build: what it kept is lost
            self._made[digest] = (key[1:], value)
        return value

    def each_made(self, keys: list[K], make: Callable[[K], V]) -> Iterator[V]:
        """made() of every key, as it is wanted; records not among the keys (removed, or
        edited) are forgotten first."""
        if len(self._made) > len(keys):
            wanted = {key[0].digest for key in keys}
            self._made = {k: v for k, v in self._made.items() if k in wanted}
        return (self.made(key, make) for key in keys)


def _list(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def _cell(value: Any) -> str:
    """A field's value as a CSV cell: text as it is, a date or a term as written, a list's
    items joined; none, an empty cell."""
    if isinstance(value, str):
        return value
    if type(value) is tuple:
        return _list(map(_cell, value))
    if type(value) is PartialDate:
        return _iso(value)
    return "" if value is None else str(value)  # a Term: 15 days


def _nested(item: Any, column: str) -> Any:
    """A column no field of the item is named: `<field>_<its field>` of a nested record
    (letters_address; recognised_by, of each in a list)."""
    outer, _, inner = column.partition("_")
    value = getattr(item, outer)
    if type(value) is tuple:
        return tuple(getattr(entry, inner) for entry in value)
    return None if value is None else getattr(value, inner)


def _row(table: str, item: Any, given: dict[str, str]) -> list[str]:
    """A row of a table: each column as `given` (what no field of the item says: its address,
    its linked records), else the item's field of that name, or a nested one's (_nested)."""
    values = item.__dict__
    return [
        given[c] if c in given else _cell(values[c] if c in values else _nested(item, c))
        for c in TABLES[table]
    ]


# A table's CSV lines, from its page's context and the site's address.
Rows = Callable[[Mapping[str, Any], str], Iterable[bytes]]


def _people(context: Mapping[str, Any], base: str) -> Iterable[bytes]:
    photos, cases_of = context["photos"], context["cases_of"]
    keys = [(p, cases_of[p.slug], photos.get(p.slug, ""), base) for p in context["prisoners"]]
    return _PEOPLE.each_made(keys, _person_row)


def _person_row(key: tuple[Prisoner, tuple[str, ...], str, str]) -> bytes:
    p, cases, photo, base = key
    page, photo_url = base + urls.prisoner(p.slug), base + photo if photo else ""
    given = {"id": p.slug, "page_url": page, "cases": _list(cases), "photo_url": photo_url}
    return csv_lines([_row("people", p, given)])


def _cases(context: Mapping[str, Any], base: str) -> Iterable[bytes]:
    people_of = context["people_of"]
    keys = [(c, people_of[c.slug], base) for c in context["cases"]]
    return _CASES.each_made(keys, _case_row)


def _case_row(key: tuple[Case, tuple[str, ...], str]) -> bytes:
    c, people, base = key
    given = {"id": c.slug, "page_url": base + urls.case(c.slug), "people": _list(people)}
    return csv_lines([_row("cases", c, given)])


def _items(
    made: _Made[Any, bytes], table: str, field: str, kinds: tuple[str, ...],
    context: Mapping[str, Any], base: str,
) -> Iterable[bytes]:  # fmt: skip
    """A table of the items of one of the records' lists (their charges, their events)."""
    keys = [(record, base) for kind in kinds for record in context[kind]]
    return made.each_made(keys, partial(_item_rows, table, field))


def _item_rows(table: str, field: str, key: tuple[Prisoner | Case, str]) -> bytes:
    record, base = key
    kind = "prisoner" if isinstance(record, Prisoner) else "case"
    page = base + urls.record(kind, record.slug)
    given = {"person": record.slug, "record_kind": kind, "record": record.slug, "page_url": page}
    rows = []
    for number, item in enumerate(getattr(record, field), start=1):
        given["number"] = str(number)
        rows.append(_row(table, item, given))
    return csv_lines(rows)


def _entries(
    table: str, address: Callable[[str], str], context: Mapping[str, Any], base: str
) -> Iterable[bytes]:
    """A table of entries by id (sources, articles): one piece, made every build."""
    return [csv_lines(_row(table, e, {"page_url": base + address(e.id)}) for e in context[table])]


# What was made of each record: its CSV lines of each table, its JSON.
_PEOPLE: _Made[Any, bytes] = _Made()
_CASES: _Made[Any, bytes] = _Made()
_CHARGES: _Made[Any, bytes] = _Made()
_RECOGNITIONS: _Made[Any, bytes] = _Made()
_EVENTS: _Made[Any, bytes] = _Made()
_RECORDS: _Made[Any, bytes] = _Made()  # each record's JSON, for record.json and database.json


_ROWS: dict[str, Rows] = {
    "people": _people,
    "cases": _cases,
    "charges": partial(_items, _CHARGES, "charges", "charges", ("prisoners",)),
    "recognitions": partial(_items, _RECOGNITIONS, "recognitions", "recognised", ("prisoners",)),
    "events": partial(_items, _EVENTS, "events", "events", ("prisoners", "cases")),
    "sources": partial(_entries, "sources", urls.source),
    "articles": partial(_entries, "articles", urls.article),
}


# --- JSON ----------------------------------------------------------------------------------

# Fields a record file has that its data leaves out: drafts are never published, silenced
# warnings are for the validator, and the photo is given as its published address.
_NOT_DATA = frozenset({"draft", "silenced", "photo"})


def database_json(page: Page, site: SiteSettings) -> Iterator[bytes]:
    """data/database.json (json_schema.database_schema): the licence, the site's address,
    every record as its record.json gives it, and the tables; in pieces, each record's JSON
    as made for its record.json (_RECORDS)."""
    context = page.context
    base, photos = site.base_url, context["photos"]
    cases_of, people_of = context["cases_of"], context["people_of"]
    keys = [
        *((p, cases_of[p.slug], photos.get(p.slug, ""), base) for p in context["prisoners"]),
        *((c, people_of[c.slug], "", base) for c in context["cases"]),
    ]
    records = _RECORDS.each_made(keys, _record_json)
    head = {"licence": {"name": site.data_licence, "url": site.data_licence_url}, "site": base}
    yield _dumps(head)[:-1] + b',"prisoners":['
    yield from _separated(itertools.islice(records, len(context["prisoners"])))
    yield b'],"cases":['
    yield from _separated(records)
    yield b'],"articles":' + _dumps({a.id: _fields(a) for a in context["articles"]})
    yield b',"sources":' + _dumps({s.id: _fields(s) for s in context["sources"]}) + b"}\n"


def _separated(items: Iterable[bytes]) -> Iterator[bytes]:
    """The items with a comma between each two, as b",".join would join them."""
    for index, item in enumerate(items):
        if index:
            yield b","
        yield item


def _dumps(value: Any) -> bytes:
    # No indent: only then does json use its C encoder.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _record_json(key: tuple[Prisoner | Case, tuple[str, ...], str, str]) -> bytes:
    return _dumps(_record(*key))


def _record(
    record: Prisoner | Case, linked: tuple[str, ...], photo: str, base: str
) -> dict[str, Any]:
    """A record as its file gives it (record.json's schema: json_schema.record_schema), its
    links to other records both ways: a person's cases, a case's people."""
    kind = "prisoner" if isinstance(record, Prisoner) else "case"
    fields = _fields(record)
    link = "cases" if kind == "prisoner" else "people"
    if linked:
        fields[link] = list(linked)
    else:
        fields.pop(link, None)
    data: dict[str, Any] = {
        "kind": kind,
        "id": record.slug,
        "page_url": base + urls.record(kind, record.slug),
    }
    if photo:
        data["photo_url"] = base + photo
    data["fields"] = fields
    data["text"] = record.body
    return data


def _fields(value: Any) -> dict[str, Any]:
    """The declared fields that have a value, as plain JSON values (dates as written). Plain
    type tests, not isinstance: this runs for every field of every record, twice a build."""
    fields = {}
    values = value.__dict__
    for name in _declared(value.__class__):
        item = values[name]
        if not item:  # "", (), None, False: left out, as a file leaves them out
            continue
        kind = type(item)
        if kind is str:
            fields[name] = item
        elif kind is tuple:
            fields[name] = [entry if type(entry) is str else _plain(entry) for entry in item]
        else:
            fields[name] = _plain(item)
    return fields


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is bool:
        return value
    if kind is PartialDate:
        return _iso(value)
    if kind is Term:
        return str(value)  # as a volunteer writes it: 15 days
    if kind is tuple:
        return [_plain(item) for item in value]
    if dataclasses.is_dataclass(value):
        return _fields(value)
    raise TypeError(f"no data form for {kind.__name__}")


def _iso(date: PartialDate) -> str:
    """date.iso, in one step (a date in every event of every record)."""
    if not date.month:
        return f"{date.year:04d}"
    if not date.day:
        return f"{date.year:04d}-{date.month:02d}"
    return f"{date.year:04d}-{date.month:02d}-{date.day:02d}"


@functools.cache
def _declared(kind: type) -> tuple[str, ...]:
    """The declared fields of a kind that its data gives (not _NOT_DATA)."""
    return tuple(name for name in specs_of(kind) if name not in _NOT_DATA)
