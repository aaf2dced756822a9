"""Fingerprints of planned pages: the same fingerprint means the same bytes, so a rebuild
renders and writes only the pages whose fingerprint changed.

A fingerprint hashes what a page is made from: the render digest (the generator's code, the
templates and interface words, the assets, the site settings, the mode), the page's address,
renderer and template, and its context, serialised with pickle. A record read from a file stands
in by its digest (its file's path and bytes, and its translations'), so its fields are not
serialised again for every page that shows it; everything else is serialised as it is, so a
fingerprint rests on content alone, never on which objects carry it.
A SHA256SUMS is fingerprinted by the files it sums.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import babel

from generator.content.kinds import ENTRIES, FOLDERS
from generator.content.model import Catalog, Record, SiteSettings
from generator.content.places import Gazetteer
from generator.files import read_regular, regular_files
from generator.pages import markdown, urls
from generator.pages.plan import Checksums, Link, Page
from generator.parallel import parallel_map
from generator.publish.staging import MAX_ASSET_BYTES
from generator.settings import Project

_GENERATOR_DIR = Path(__file__).resolve().parent.parent


def render_digest(
    project: Project,
    sites: Mapping[str, SiteSettings],
    footers: Mapping[str, tuple[Link, ...]] | None = None,
    *,
    offline: bool,
    places: Gazetteer | None = None,
) -> bytes:
    """What every page depends on besides its context: the generator's code, the templates and
    interface words, the assets, the site settings of each language (title, address...), the
    links of every footer, the table of places (region names), the mode and the Markdown
    renderers' versions."""
    digest = hashlib.blake2b(b"offline" if offline else b"online", digest_size=16)
    digest.update(markdown.RENDERERS.encode())
    digest.update(f"babel {babel.__version__}".encode())  # plural forms, language names
    table = places.places if places else ()
    digest.update(pickle.dumps((dict(sites), dict(footers or {}), table), 5))
    for folder in (_GENERATOR_DIR, project.templates_dir, project.assets_dir):
        digest.update(b"\0folder\0")
        for name, file in regular_files(folder):
            if not name.endswith(".pyc"):
                digest.update(name.encode() + b"\0")
                digest.update(read_regular(file, MAX_ASSET_BYTES))
    return digest.digest()


@dataclass
class FingerprintCache:
    """The last build's fingerprint of each page, for one render digest (serve): a page equal
    to the one fingerprinted, field by field, has its fingerprint (comparing costs less than
    hashing). Equal is not the same where a text has the same letters in another language
    (Translated("Almaty") == "Almaty", and so are the pages that show it): `catalogs`, the
    last build's in each other language, tell whether a text changed language."""

    base: bytes = b""
    pages: dict[str, tuple[Page, str]] = field(default_factory=dict)
    catalogs: dict[str, Catalog] = field(default_factory=dict)


def page_fingerprints(
    pages: Sequence[Page], catalog: Catalog, base: bytes, cache: FingerprintCache | None = None
) -> dict[str, str]:
    """Site file -> fingerprint of every page, the new ones hashed on every core; `base` is the
    render_digest() of the build, `catalog` the one planned from."""
    known = cache.pages if cache is not None and cache.base == base else {}
    moved = _texts_moved(catalog, cache.catalogs) if known and cache else set()
    fresh = [
        page for page in pages if page.language in moved or known.get(page.path, (None,))[0] != page
    ]
    printed = dict(
        zip(
            (page.path for page in fresh),
            parallel_map(partial(_fingerprint, base), fresh, doing="comparing pages"),
            strict=True,
        )
    )
    prints = {page.path: printed.get(page.path) or known[page.path][1] for page in pages}
    if cache is not None:
        cache.base = base
        cache.pages = {page.path: (page, prints[page.path]) for page in pages}
        cache.catalogs = dict(catalog.translated)
    return {urls.output_file(path): print_ for path, print_ in prints.items()}


def _texts_moved(catalog: Catalog, last: Mapping[str, Catalog]) -> set[str]:
    """The other languages in which a text may now be shown in another language with the same
    letters (a translation that gave the original's words removed): their pages are hashed
    again, as equal pages may not be the same."""
    return {
        language
        for language, local in catalog.translated.items()
        if language not in last
        or any(_languages_differ(old, new) for old, new in _changed(last[language], local))
    }


def _changed(before: Catalog, after: Catalog) -> Iterator[tuple[Any, Any]]:
    """(last build's, this build's) of each record whose digest changed, and of each entry of
    a table that is another object: only what changed is read."""
    for kind in (*FOLDERS, *ENTRIES):
        old_entries = getattr(before, kind.key)
        for key, new in getattr(after, kind.key).items():
            old = old_entries.get(key)
            if old is not None and (
                old.digest != new.digest if isinstance(new, Record) else old is not new
            ):
                yield old, new


Text = tuple[str, type, str]  # a text, its kind (str, Translated, Borrowed) and its language


def _languages_differ(old: Any, new: Any) -> bool:
    """Whether a text of `old` is in `new` with the same letters in another language."""
    before, after = _by_letters(old), _by_letters(new)
    return any(kinds != after[letters] for letters, kinds in before.items() if letters in after)


def _by_letters(value: Any) -> dict[str, set[Text]]:
    """The texts of a record or a table entry, by their letters."""
    found: dict[str, set[Text]] = {}
    for text in _texts(value, []):
        found.setdefault(text[0], set()).add(text)
    return found


def _texts(value: Any, found: list[Text]) -> list[Text]:
    """Every text in a record or a table, in order, with its kind and language."""
    if isinstance(value, str):
        found.append((value, type(value), getattr(value, "language", "")))
    elif isinstance(value, tuple | list):
        for item in value:
            _texts(item, found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _texts(key, found)
            _texts(item, found)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for each in dataclasses.fields(value):
            _texts(getattr(value, each.name), found)
    return found


def _fingerprint(base: bytes, page: Page) -> str:
    buffer = io.BytesIO()
    _DigestPickler(buffer, protocol=5).dump(
        (page.path, page.renderer.name, page.template, page.link_root, page.context)
    )
    return hashlib.blake2b(base + buffer.getvalue(), digest_size=16).hexdigest()


def checksums_fingerprint(sums: Checksums, prints: Mapping[str, str]) -> str:
    """From the fingerprints of the files it sums (`prints`, by site file): it changes exactly
    when one of theirs does."""
    digest = hashlib.blake2b(sums.path.encode(), digest_size=16)
    for file in sums.files:
        digest.update(prints[file].encode())
    return digest.hexdigest()


class _DigestPickler(pickle.Pickler):
    """A record read from a file is written as its digest (its file's path and bytes, and its
    translations'), not field by field: its events, body and every other field follow from it."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Record) and obj.digest:
            return (bytes, (obj.digest.encode(),))
        return NotImplemented
