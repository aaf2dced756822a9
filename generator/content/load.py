"""Load stage: find content files, decode them and parse their YAML, without judging the fields."""

from __future__ import annotations

import hashlib
import os
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.fields import PHOTO_SUFFIXES, SLUG, is_language_code
from generator.content.frontmatter import (
    MAX_FILE_BYTES,
    Node,
    SourceText,
    decode,
    parse_yaml,
    split_front_matter,
)
from generator.content.kinds import FOLDERS, TABLES, spoken
from generator.files import (
    TOO_DEEP,
    UnsafeFile,
    read_regular,
    refusal,
    refused_entries,
    too_deep,
    walk,
)
from generator.problems import Problem, printable

RECORD_FOLDERS = {kind.name: kind.key for kind in FOLDERS}


@dataclass(frozen=True)
class RawFile:
    """One content file, parsed but not yet checked."""

    path: str  # as shown to volunteers: content/prisoners/x.md
    slug: str
    front: Node | None
    body: str = ""
    body_line: int = 1
    digest: str = ""  # of the path and the bytes read (record files only)
    language: str = ""  # a translation's (site.ru.yaml, x.ru.md); "" for an original


@dataclass(frozen=True)
class RecordFile:
    """A prisoner or case file found but not yet read: records are read where they are
    validated, one file at a time, on every core."""

    path: str  # as shown to volunteers
    file: str  # the file's own path (a string: made for every file on every rebuild)
    slug: str
    stamp: FileStamp = None  # its stat as serve's watcher just took it; None: not taken
    language: str = ""  # a translation's (x.ru.md); "" for an original


@dataclass(frozen=True)
class RawContent:
    """Each kind's files (kinds.KINDS), by the kind's key: the site's settings and each table of
    entries parsed (None: unreadable), each folder's records found."""

    tables: dict[str, RawFile | None] = field(default_factory=dict)
    records: dict[str, tuple[RecordFile, ...]] = field(default_factory=dict)
    # Translations: of records (<folder>/<slug>.<language>.md) and of the tables
    # (site.<language>.yaml, articles.<language>.yaml, sources.<language>.yaml).
    translations: tuple[RecordFile, ...] = ()
    table_translations: tuple[RawFile, ...] = ()
    places: RawFile | None = None  # places.yaml, if the site has one (content/places.py)


FileStamp = tuple[int, int, int] | None  # modification time (ns), size, inode; None: unreadable
# The stat of every file of some folders, by folder path and file name, as serve's watcher takes
# it (serve.snapshot): the load stage lists record files from it instead of looking again.
Seen = dict[str, dict[str, tuple[int, int, int]]]


# Two changes of a file within the clock's granularity can leave it the same stat (modification
# time, size, inode): a stat keys a cached result only once the file is this much older.
SETTLED_NS = 2_000_000_000


def settled(stamp: FileStamp) -> FileStamp:
    """The stamp to cache a file's result under: None (it never matches, so the file is read
    again) while the file is recent enough to change again unseen."""
    if stamp is None or stamp[0] > time.time_ns() - SETTLED_NS:
        return None
    return stamp


def file_stamp(file: str) -> FileStamp:
    try:
        stat = os.stat(file)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


@dataclass
class ParsedTables:
    """site.yaml, articles.yaml and sources.yaml as an earlier build in the same process (serve)
    parsed them: a file whose stat is unchanged is not parsed again (sources.yaml holds
    thousands of entries), and the same RawFile comes back, so validation can tell."""

    parsed: dict[str, tuple[FileStamp, RawFile | None, list[Problem]]] = field(default_factory=dict)


def load_content(
    content_dir: Path, tables: ParsedTables | None = None, seen: Seen | None = None
) -> tuple[RawContent, list[Problem]]:
    problems: list[Problem] = []
    if not content_dir.is_dir():
        return RawContent(), [
            Problem("content", 0, "", "folder not found: run the command from the project root")
        ]
    if content_dir.is_symlink():  # nothing is read through a link
        return RawContent(), refused_folders(content_dir)
    problems += _stray_files(content_dir)
    tables = ParsedTables() if tables is None else tables
    parsed = {
        kind.key: _load_table(content_dir, f"{kind.key}.yaml", tables, problems) for kind in TABLES
    }
    records = {kind.key: _find_records(content_dir, kind.key, problems, seen) for kind in FOLDERS}
    places = (
        _load_table(content_dir, PLACES, tables, problems)
        if (content_dir / PLACES).exists() or (content_dir / PLACES).is_symlink()
        else None
    )
    translations = tuple(
        record for files in records.values() for record in files if record.language
    )
    table_translations = tuple(
        table
        for name in _table_translation_names(content_dir, problems)
        if (table := _load_table(content_dir, name, tables, problems)) is not None
    )
    originals = {
        key: tuple(record for record in files if not record.language)
        for key, files in records.items()
    }
    return RawContent(parsed, originals, translations, table_translations, places), problems


TABLE_FILES = [f"{kind.key}.yaml" for kind in TABLES]
PLACES = "places.yaml"  # one file: each place in every language, no translations


def _table_translation_names(content_dir: Path, problems: list[Problem]) -> list[str]:
    """site.ru.yaml, articles.kk.yaml ...: the translations of the tables, by name. Any other
    YAML file there is a problem: it would be ignored, and someone meant it to be read."""
    with os.scandir(content_dir) as entries:
        names = sorted(entry.name for entry in entries if entry.is_file(follow_symlinks=False))
    found = []
    for name in names:
        table, _, language = name.removesuffix(".yaml").partition(".")
        if not name.endswith((".yaml", ".yml")) or name in (*TABLE_FILES, PLACES):
            continue
        if name.endswith(".yaml") and f"{table}.yaml" in TABLE_FILES and is_language_code(language):
            found.append(name)
        else:
            message = (
                f"the build reads no such file: the tables are {spoken(TABLE_FILES)}, and their"
                " translations <table>.<language>.yaml (e.g. articles.ru.yaml), and places.yaml"
            )
            problems.append(Problem(f"content/{printable(name)}", 0, "", message))
    return found


# What content/ may hold, as a problem with any other file says.
CONTENT_HOLDS = (
    f"content/ holds only {', '.join(TABLE_FILES)} and their translations, places.yaml,"
    f" published-urls.txt, the records in {spoken([f'{kind.key}/' for kind in FOLDERS])}, and"
    f" photos ({', '.join(PHOTO_SUFFIXES)})"
)
HIDDEN = (
    "is hidden: no build reads it, and some (.gitattributes) change how git and GitHub show the"
    f" other files' changes: remove it; {CONTENT_HOLDS}"
)
STRAY = f"the build reads no such file: remove it; {CONTENT_HOLDS}"


def _stray_files(content_dir: Path) -> list[Problem]:
    """One walk of the content folder: anything in it the content model does not name (hidden
    files included: a .gitattributes changes how GitHub shows the other files), links and
    special files (the build reads through none), folders nested too deep to walk, and record
    files in a folder under a record folder (no build reads them). Files directly in content/
    and in a record folder are judged where they are read (_table_translation_names,
    _find_records)."""
    problems = []
    record_folders = set(RECORD_FOLDERS.values())
    for name, entry in walk(content_dir):
        parts = name.split("/")
        if any(part.startswith(".") for part in parts[:-1]):
            continue  # inside a hidden folder, which is the problem
        path = f"content/{printable(name)}"
        message = refusal(entry) or _stray(parts, entry, record_folders)
        if message:
            problems.append(Problem(path, 0, "", message))
    return problems


def _stray(parts: list[str], entry: os.DirEntry[str], record_folders: set[str]) -> str | None:
    """Why the content model has no place for this entry of content/, if it has none."""
    if parts[-1].startswith("."):
        return HIDDEN
    if too_deep("/".join(parts), entry):
        return TOO_DEEP
    if entry.is_dir(follow_symlinks=False):
        return None  # its files are judged one by one; an empty folder is not in git
    if len(parts) == 1 and (
        parts[0] == "published-urls.txt" or parts[0].endswith((".yaml", ".yml"))
    ):
        return None  # the tables and their translations, judged as they are found
    if parts[0] in record_folders and len(parts) == 2:
        return None  # records and their translations, judged as they are found
    if parts[0] in record_folders and parts[-1].endswith(".md"):
        return (
            f"record files belong directly in content/{parts[0]}/, where the build reads them:"
            " move it there (a record left out on purpose belongs outside content/)"
        )
    return None if _is_photo(parts[-1]) else STRAY


def _is_photo(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in PHOTO_SUFFIXES


def refused_folders(content_dir: Path) -> list[Problem]:
    """The content folder and its record folders must be folders, not links to elsewhere."""
    folders = [("content", content_dir)]
    folders += [(f"content/{kind.key}", content_dir / kind.key) for kind in FOLDERS]
    return [
        problem
        for shown, folder in folders
        for problem in refused_entries(folder, shown, recursive=False)
    ]


def display_path(content_dir: Path, file: Path) -> str:
    return "content/" + file.relative_to(content_dir).as_posix()


def _load_table(
    content_dir: Path, name: str, tables: ParsedTables, problems: list[Problem]
) -> RawFile | None:
    """A required YAML file of the content folder, parsed or taken from `tables`."""
    file = content_dir / name
    path = display_path(content_dir, file)
    stamp = file_stamp(str(file))
    cached = tables.parsed.get(path)
    if stamp is None or cached is None or cached[0] != stamp:
        cached = (settled(stamp), *_parse_table(file, path))
        tables.parsed[path] = cached
    problems.extend(cached[2])
    return cached[1]


def _parse_table(file: Path, path: str) -> tuple[RawFile | None, list[Problem]]:
    if not file.is_file() and not file.is_symlink():
        return None, [Problem(path, 0, "", "file is missing")]
    problems: list[Problem] = []
    read = _read_source(file, path, problems)
    if read is None:
        return None, problems
    root, yaml_problems = parse_yaml(path, read[0].text)
    problems += yaml_problems
    if root is None and yaml_problems:
        return None, problems
    stem, _, language = file.stem.partition(".")
    return RawFile(path, stem, root or Node({}, 1), language=language), problems


def _find_records(
    content_dir: Path, folder: str, problems: list[Problem], seen: Seen | None
) -> tuple[RecordFile, ...]:
    directory = content_dir / folder
    files = _files_in(str(directory), seen)
    if files is None:
        return ()
    records = []
    prefix = display_path(content_dir, directory) + "/"
    # Plain string work: this runs over every file on every rebuild.
    for name, stamp in files:
        if name.startswith("."):
            continue
        stem, suffix = (name[:-3], ".md") if name.endswith(".md") else os.path.splitext(name)
        if suffix.lower() in PHOTO_SUFFIXES:
            continue
        path = prefix + printable(name)
        if suffix != ".md":
            problems.append(Problem(path, 0, "", "only .md files (and photos) belong here"))
            continue
        slug, dot, language = stem.rpartition(".")
        if dot and SLUG.match(slug) and is_language_code(language):  # a translation
            records.append(RecordFile(path, f"{directory}/{name}", slug, stamp, language))
            continue
        if not SLUG.match(stem):
            suggestion = slugify(stem) or "name-in-latin-letters"
            message = (
                "the file name must be lowercase a-z, 0-9 and '-' (it becomes the page address);"
                f" rename it to {suggestion}.md (a translation: {suggestion}.<language>.md)"
            )
            problems.append(Problem(path, 0, "", message))
            continue
        records.append(RecordFile(path, f"{directory}/{name}", stem, stamp))
    return tuple(records)


def _files_in(directory: str, seen: Seen | None) -> list[tuple[str, FileStamp]] | None:
    """(name, stamp) of the files in a folder by name, stamps as `seen` has them (else None:
    not taken); None if there is no such folder."""
    if seen is not None and directory in seen:
        return sorted(seen[directory].items())
    if not os.path.isdir(directory) or os.path.islink(directory):
        return None
    with os.scandir(directory) as entries:
        return sorted((entry.name, None) for entry in entries if not entry.is_dir())


def read_record(record: RecordFile) -> tuple[RawFile | None, list[Problem]]:
    """Read one prisoner or case file: front matter as located YAML, and the Markdown body."""
    problems: list[Problem] = []
    read = _read_source(Path(record.file), record.path, problems)
    if read is None:
        return None, problems
    source, data = read
    split = split_front_matter(source)
    if isinstance(split, Problem):
        return None, [*problems, split]
    front_text, body, body_line = split
    root, yaml_problems = parse_yaml(record.path, front_text, first_line=2)
    problems += yaml_problems
    if root is None and yaml_problems:
        return None, problems
    digest = hashlib.blake2b(record.path.encode() + b"\0" + data, digest_size=16).hexdigest()
    front = root or Node({}, 2)
    raw = RawFile(record.path, record.slug, front, body, body_line, digest, record.language)
    return raw, problems


def _read_source(file: Path, path: str, problems: list[Problem]) -> tuple[SourceText, bytes] | None:
    """The decoded text and the bytes it came from."""
    try:
        data = read_regular(file, MAX_FILE_BYTES)
    except UnsafeFile as refused:
        problems.append(Problem(path, 0, "", refused.message))
        return None
    except OSError as error:
        problems.append(Problem(path, 0, "", f"cannot be read: {error.strerror}"))
        return None
    source, decode_problems = decode(path, data)
    problems.extend(decode_problems)
    return None if source is None else (source, data)


def slugify(name: str) -> str:
    """'Zhanbolat Mamai' -> 'zhanbolat-mamai'; letters outside a-z are dropped after unaccenting."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
