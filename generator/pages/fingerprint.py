"""Fingerprints of planned pages: the same fingerprint means the same bytes, so a rebuild
renders and writes only the pages whose fingerprint changed.

A fingerprint hashes what a page is made from: the rendering code and templates, the page's
address and template, and its context, serialised with pickle. Records and their events stand
in by the digest of their file; articles, sources, the site settings and the small objects
that many pages share (links, timeline entries, search entries) by a digest of their own,
computed once per build, so nothing is serialised again for every page that shows it.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import pickle
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from generator.content.frontmatter import MAX_FILE_BYTES
from generator.content.model import (
    Article,
    Catalog,
    Record,
    SiteSettings,
    Source,
    TimelineEntry,
)
from generator.files import read_regular, regular_files
from generator.pages.plan import Link, Page, SearchEntry
from generator.parallel import parallel_map

# Shared by many pages: digested once per build, on first sight.
_DIGESTED_ONCE = (Article, Source, SiteSettings, Link, TimelineEntry, SearchEntry)

_GENERATOR_DIR = Path(__file__).resolve().parent.parent


def render_digest(templates_dir: Path, *, offline: bool) -> bytes:
    """What every page depends on: the generator's code, the templates and strings, the mode."""
    digest = hashlib.blake2b(b"offline" if offline else b"online", digest_size=16)
    for folder in (_GENERATOR_DIR, templates_dir):
        for name, file in regular_files(folder):
            if not name.endswith(".pyc"):
                digest.update(name.encode() + b"\0")
                digest.update(read_regular(file, MAX_FILE_BYTES))
    return digest.digest()


def page_fingerprints(pages: Sequence[Page], tokens: Tokens, base: bytes) -> list[str]:
    """One fingerprint per page, in order, on every core; `base` is render_digest(), `tokens`
    record_tokens() of the catalog planned from."""
    # Shared objects' tokens go to a map of their own: they live for this call only, `tokens`
    # for as long as serve keeps the catalog.
    return list(parallel_map(partial(_fingerprint, tokens, {}, base), pages))


def _fingerprint(tokens: Tokens, shared: Tokens, base: bytes, page: Page) -> str:
    buffer = io.BytesIO()
    pickler = _TokenPickler(buffer, tokens, shared)
    pickler.dump((page.path, page.template, page.link_root, page.context))
    return hashlib.blake2b(base + buffer.getvalue(), digest_size=16).hexdigest()


Tokens = dict[int, bytes]  # by id() of an object the catalog keeps alive


def record_tokens(
    catalog: Catalog, last: tuple[Tokens, Sequence[tuple[Record, Record]]] | None = None
) -> Tokens:
    """The digest of each record and event of the catalog, by identity. Given the tokens of the
    last catalog and the records replaced since, (old, new) (serve: an edit replaces a few, and
    the map of 50,000 took 0.2 s to make), only those are looked at."""
    if last is None:
        return _add_tokens({}, _records(catalog))
    tokens, replaced = dict(last[0]), last[1]
    for old, _ in replaced:
        for obj in (old, *old.events):
            tokens.pop(id(obj), None)
    return _add_tokens(tokens, (new for _, new in replaced))


def _records(catalog: Catalog) -> Iterable[Record]:
    return itertools.chain(catalog.prisoners.values(), catalog.cases.values())


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
