"""Fingerprints of planned pages: the same fingerprint means the same bytes, so a rebuild
renders and writes only the pages whose fingerprint changed.

A fingerprint hashes what a page is made from: the render digest (the generator's code, the
templates and interface words, the assets, the site settings, the mode), the page's address,
renderer and template, and its context, serialised with pickle. Records and their events stand
in by the digest of their file; articles, sources, the site settings and the small objects
that many pages share (links, timeline entries, search entries) by a digest of their own,
computed once per build, so nothing is serialised again for every page that shows it.
A SHA256SUMS is fingerprinted by the files it sums.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import pickle
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import babel

from generator.content.model import (
    Article,
    Catalog,
    Record,
    SiteSettings,
    Source,
    TimelineEntry,
)
from generator.content.places import Gazetteer
from generator.files import read_regular, regular_files
from generator.pages import markdown, urls
from generator.pages.plan import Checksums, Link, Page, SearchEntry
from generator.parallel import parallel_map
from generator.publish.staging import MAX_ASSET_BYTES
from generator.settings import Project

# Shared by many pages: digested once per build, on first sight.
_DIGESTED_ONCE = (Article, Source, SiteSettings, Link, TimelineEntry, SearchEntry)

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
    hashing)."""

    base: bytes = b""
    pages: dict[str, tuple[Page, str]] = field(default_factory=dict)


def page_fingerprints(
    pages: Sequence[Page], catalog: Catalog, base: bytes, cache: FingerprintCache | None = None
) -> dict[str, str]:
    """Site file -> fingerprint of every page, the new ones hashed on every core; `base` is the
    render_digest() of the build, `catalog` the one planned from."""
    known = cache.pages if cache is not None and cache.base == base else {}
    fresh = [page for page in pages if known.get(page.path, (None,))[0] != page]
    # Shared objects' tokens go to a map of their own, for this call only; the records' map is
    # made only if some page needs hashing (a rebuild that changed nothing hashes none).
    tokens = _add_tokens({}, _records(catalog)) if fresh else {}
    printed = dict(
        zip(
            (page.path for page in fresh),
            parallel_map(partial(_fingerprint, tokens, {}, base), fresh, doing="comparing pages"),
            strict=True,
        )
    )
    prints = {page.path: printed.get(page.path) or known[page.path][1] for page in pages}
    if cache is not None:
        cache.base = base
        cache.pages = {page.path: (page, prints[page.path]) for page in pages}
    return {urls.output_file(path): print_ for path, print_ in prints.items()}


def _fingerprint(tokens: Tokens, shared: Tokens, base: bytes, page: Page) -> str:
    buffer = io.BytesIO()
    pickler = _TokenPickler(buffer, tokens, shared)
    pickler.dump((page.path, page.renderer.name, page.template, page.link_root, page.context))
    return hashlib.blake2b(base + buffer.getvalue(), digest_size=16).hexdigest()


Tokens = dict[int, bytes]  # by id() of an object the catalog keeps alive


def checksums_fingerprint(sums: Checksums, prints: Mapping[str, str]) -> str:
    """From the fingerprints of the files it sums (`prints`, by site file): it changes exactly
    when one of theirs does."""
    digest = hashlib.blake2b(sums.path.encode(), digest_size=16)
    for file in sums.files:
        digest.update(prints[file].encode())
    return digest.hexdigest()


def _records(catalog: Catalog) -> Iterable[Record]:
    """Every record of every language (a translated one has a digest of its own)."""
    return itertools.chain.from_iterable(
        itertools.chain(local.prisoners.values(), local.cases.values())
        for local in (catalog, *catalog.translated.values())
    )


def _add_tokens(tokens: Tokens, records: Iterable[Record]) -> Tokens:
    for record in records:
        if not record.digest:  # not read from a file: serialised in full instead
            continue
        token = record.digest.encode()
        tokens[id(record)] = token
        for index, event in enumerate(record.events):
            tokens[id(event)] = token + b"#%d" % index
    return tokens


class _TokenPickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, tokens: Tokens, shared: Tokens) -> None:
        super().__init__(file, protocol=5)
        self._tokens = tokens  # records and events: never written here
        self._shared = shared

    def reducer_override(self, obj: Any) -> Any:
        token = self._tokens.get(id(obj)) or self._shared.get(id(obj))
        if token is None:
            if type(obj) is TimelineEntry and id(obj.event) in self._tokens:
                # an event with its record's kind, slug and title: all from the same file
                token = self._tokens[id(obj.event)] + b"@"
            elif isinstance(obj, _DIGESTED_ONCE):
                token = hashlib.blake2b(pickle.dumps(obj, 5), digest_size=16).digest()
            else:
                return NotImplemented
            # Safe to know by id: every object in the plan lives until fingerprinting ends.
            self._shared[id(obj)] = token
        return (bytes, (token,))
