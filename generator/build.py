"""The whole pipeline on one screen.

check():  load -> validate -> link                  (nothing is written; all problems at once)
plan():   pages and redirects; no collisions, no published address lost
build():  check -> plan -> fingerprint -> render -> write -> index
          (only pages whose fingerprint changed are rendered; the output is a new folder swapped
          in at the end, or, for serve, the same folder updated file by file; serve also keeps
          the last build, and plans again only the pages an edit can show on)
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from jinja2 import Environment

from generator.content.frontmatter import MAX_FILE_BYTES
from generator.content.link import link, relink
from generator.content.load import FileStamp, Seen, edited_record_files, file_stamp, load_content
from generator.content.model import Catalog, Edit, SiteSettings
from generator.content.schema import FileCache, Validated, known_ids, revalidate, validate
from generator.files import UnsafeFile, read_regular, refused_entries, regular_files
from generator.memory import collector_paused
from generator.pages import urls
from generator.pages.fingerprint import Tokens, page_fingerprints, record_tokens, render_digest
from generator.pages.plan import Groups, Image, Page, SitePlan, find_collisions, plan_site
from generator.pages.published import audit, published_file
from generator.pages.render import interface_languages, make_environment, render_pages
from generator.pages.replan import record_edits, same_addresses, unchanged_groups
from generator.problems import ContentError, Problem
from generator.publish.images import MAX_PHOTO_BYTES, ImageError, publish_photo
from generator.publish.offline import write_zip
from generator.publish.search import index_search
from generator.publish.staging import (
    MAX_ASSET_BYTES,
    OutputError,
    files_under,
    staged_output,
    updated_in_place,
    write_fingerprints,
)
from generator.settings import Project

Progress = Callable[[str], None]
T = TypeVar("T")
PROGRESS_EVERY = 1000


def _silent(message: str) -> None:
    pass


@dataclass(frozen=True)
class BuildReport:
    pages: int
    written: int  # files (pages and photos) whose bytes changed; the rest were kept
    changed_pages: frozenset[str]  # the site files of pages among them
    searchable: tuple[str, ...]  # the files search indexes
    seconds: float
    out_dir: Path
    unlisted_urls: tuple[str, ...]  # new addresses not yet in the published list


@dataclass(frozen=True)
class LastBuild:
    """A build as the next one compares with it."""

    validated: Validated
    catalog: Catalog
    plan: SitePlan
    fingerprints: dict[str, str]  # site file -> fingerprint
    base: bytes  # render_digest() of that build
    tokens: Tokens  # record_tokens() of the catalog
    published: FileStamp  # the stat of the list of published addresses checked against
    unlisted: tuple[str, ...]  # the plan's addresses not in that list
    seen: Seen | None  # serve's look at the files that the build was made from


@dataclass
class BuildMemory:
    """What a long-lived process (`serve`) keeps from one build to the next."""

    files: FileCache = field(default_factory=FileCache)
    last: LastBuild | None = None
    # Templates compiled for one render_digest() and site settings: compiling takes 0.2 s.
    environment: tuple[tuple[bytes, SiteSettings], Environment] | None = None


@collector_paused()
def check(project: Project, files: FileCache | None = None) -> Catalog:
    """Load, validate and link all content; raise ContentError listing every problem."""
    return _checked(project, files, None).catalog


@dataclass(frozen=True)
class _Checked:
    validated: Validated
    catalog: Catalog
    edits: list[Edit] | None  # the records replaced since the last build, if nothing else changed
    reuse: Groups  # the groups of pages of the last build that those edits cannot show on


def _checked(
    project: Project, files: FileCache | None, last: LastBuild | None, seen: Seen | None = None
) -> _Checked:
    """check(), and what changed since the `last` build: after edits of some records, only what
    they were or are part of is linked again."""
    validated, catalog, edits = _checked_edits(project, files, last, seen) or _checked_all(
        project, files, last, seen
    )
    if last is None or edits is None:
        return _Checked(validated, catalog, None, {})
    reuse = unchanged_groups(last.plan, last.catalog, catalog, edits)
    return _Checked(validated, catalog, edits, reuse)


# The records checked, their catalog, and the records replaced since the last build (if only that).
_Linked = tuple[Validated, Catalog, list[Edit] | None]


def _checked_all(
    project: Project, files: FileCache | None, last: LastBuild | None, seen: Seen | None
) -> _Linked:
    """Every file looked at (those checked before as they are now taken from `files`), every
    problem reported."""
    raw, problems = load_content(project.content_dir, files.tables if files else None, seen)
    problems += _refused_project_files(project)
    known = known_ids(raw, project.content_dir, interface_languages(project.templates_dir))
    validated, validation_problems = validate(raw, known, cache=files)
    problems += validation_problems
    edits = record_edits(last.validated, validated) if last and not problems else None
    if last and edits is not None:
        catalog, link_problems = relink(last.catalog, edits, validated)
    else:
        catalog, link_problems = link(validated)
    problems += link_problems
    if problems or catalog is None:
        raise ContentError(problems)
    return validated, catalog, edits


def _checked_edits(
    project: Project, files: FileCache | None, last: LastBuild | None, seen: Seen | None
) -> _Linked | None:
    """Only the record files serve's watcher saw change since the last build read, checked and
    linked again, if nothing else changed and each of them still passes. None otherwise: then
    _checked_all() reports every problem."""
    if last is None or files is None or seen is None or last.seen is None:
        return None
    edited = edited_record_files(project.content_dir, last.seen, seen)
    revalidated = None if edited is None else revalidate(last.validated, edited, files)
    if revalidated is None:
        return None
    validated, edits = revalidated
    if any(old.draft or new.draft for old, new in edits):
        return None
    catalog, _ = relink(last.catalog, edits, validated)
    return None if catalog is None else (validated, catalog, edits)


def _refused_project_files(project: Project) -> list[Problem]:
    """Links, special files and files over their limit among the templates and assets
    (content/ is checked as it is read): the build follows no link out of them."""
    problems = []
    for folder, shown, limit in (
        (project.templates_dir, "templates", MAX_FILE_BYTES),
        (project.assets_dir, "assets", MAX_ASSET_BYTES),
    ):
        problems += refused_entries(folder, shown, recursive=True)
        for name, file in regular_files(folder):
            if file.stat().st_size > limit:
                message = f"is {file.stat().st_size:,} bytes; the limit is {limit:,}"
                problems.append(Problem(f"{shown}/{name}", 0, "", message))
    return problems


def describe(catalog: Catalog) -> str:
    """'6 prisoners, 3 cases, 2 articles, 3 sources'."""
    return (
        f"{len(catalog.prisoners)} prisoners, {len(catalog.cases)} cases, "
        f"{len(catalog.articles)} articles, {len(catalog.sources)} sources"
    )


def plan(project: Project, catalog: Catalog, *, offline: bool = False) -> SitePlan:
    """Every page to write; raise ContentError if two collide or a published address is lost."""
    site_plan = plan_site(catalog, offline=offline)
    _check_addresses(site_plan, published_file(project.content_dir))
    return site_plan


def _check_addresses(site_plan: SitePlan, published: Path) -> tuple[str, ...]:
    """The plan's addresses not yet in the published list; raise ContentError if two pages
    collide or a published address is lost."""
    lost, unlisted = audit(site_plan, published)
    problems = find_collisions(site_plan) + lost
    if problems:
        raise ContentError(problems)
    return tuple(unlisted)


@collector_paused()
def build(
    project: Project,
    out_dir: Path,
    *,
    base_url: str | None = None,  # overrides site.yaml; ends with '/'
    search: bool = True,
    in_place: bool = False,  # update out_dir file by file instead of swapping in a new folder
    offline: bool = False,
    progress: Progress = _silent,
    memory: BuildMemory | None = None,
    seen: Seen | None = None,  # the content files' stat as serve's watcher just took it
) -> BuildReport:
    """Build the site into out_dir. Offline, links name index.html files and search runs on an
    index shipped as a script (Pagefind cannot load from file://).

    Pages whose fingerprint matches the last build's are kept, not rendered again."""
    started = time.perf_counter()
    remembers = memory is not None and not base_url and not offline  # serve's builds
    last = memory.last if memory and remembers else None
    checked = _checked(project, memory.files if memory else None, last, seen)
    catalog, reuse = checked.catalog, checked.reuse
    if base_url:
        site = dataclasses.replace(catalog.site, base_url=base_url)
        catalog = dataclasses.replace(catalog, site=site)
    progress(f"Checked {describe(catalog)}")
    published = published_file(project.content_dir)
    published_stamp = file_stamp(str(published))
    site_plan = plan_site(catalog, offline=offline, reuse=reuse)
    if last and last.published == published_stamp and same_addresses(last.plan, site_plan, reuse):
        unlisted = last.unlisted  # the same addresses, checked against the same list
    else:
        unlisted = _check_addresses(site_plan, published)
    searchable = site_plan.searchable
    base = render_digest(project.templates_dir, offline=offline)
    replaced = (last.tokens, checked.edits) if last and checked.edits is not None else None
    tokens = record_tokens(catalog, replaced)
    fingerprints = _fingerprints(site_plan, tokens, base, last)
    if in_place:
        last_written = last.fingerprints if last else None
        output_to = updated_in_place(out_dir, fingerprints, last_written, project.root)
    else:
        output_to = staged_output(out_dir, project.root)
    with _writing_to(out_dir), output_to as output:
        kept = {path for path, print_ in fingerprints.items() if output.keep(path, print_)}
        to_render = [page for page in site_plan.pages if urls.output_file(page.path) not in kept]
        to_encode = [image for image in site_plan.images if image.path not in kept]
        written = output.write(_publish_images(to_encode))  # a bad photo stops it before rendering
        progress(f"Rendering {len(to_render)} of {len(site_plan.pages)} pages")
        env = _environment(project, catalog.site, base, offline, memory)
        rendered = _counted(
            render_pages(env, to_render, output.write_file), len(to_render), progress
        )
        changed = frozenset(
            urls.output_file(page.path)
            for page, rewritten in zip(to_render, rendered, strict=True)
            if rewritten
        )
        written += len(changed)
        written += output.write(files_under(project.assets_dir, "assets/"))
        write_fingerprints(output.folder, fingerprints)
        if search and not offline:
            progress("Indexing for search (Pagefind)")
            index_search(output.folder, searchable)
    if memory and remembers:
        memory.last = LastBuild(
            checked.validated,
            catalog,
            site_plan,
            fingerprints,
            base,
            tokens,
            published_stamp,
            unlisted,
            seen,
        )
    seconds = time.perf_counter() - started
    return BuildReport(
        len(site_plan.pages), written, changed, searchable, seconds, out_dir, unlisted
    )


@contextmanager
def _writing_to(out_dir: Path) -> Iterator[None]:
    """A file system that refuses a write (full, read-only) is one clear error, not a bug; the
    previous site stays (a build swaps in its new folder only once every file is written)."""
    try:
        yield
    except OSError as error:
        where = error.filename or out_dir
        raise OutputError(f"cannot write {where}: {error.strerror or error}") from error


def build_offline(project: Project, zip_path: Path, *, progress: Progress = _silent) -> int:
    """Build the offline copy and zip it; returns the zip's size in bytes."""
    with tempfile.TemporaryDirectory(prefix="ppdb-offline-") as scratch:
        site_dir = Path(scratch) / "site"
        build(project, site_dir, offline=True, progress=progress)
        progress(f"Writing {zip_path}")
        return write_zip(site_dir, zip_path, folder=zip_path.stem)


def _environment(
    project: Project, site: SiteSettings, base: bytes, offline: bool, memory: BuildMemory | None
) -> Environment:
    """The Jinja environment, compiled once for as long as templates and settings stay
    (`base`, the render_digest(), covers the templates and the offline mode)."""
    key = (base, site)
    if memory and memory.environment and memory.environment[0] == key:
        return memory.environment[1]
    env = make_environment(project.templates_dir, site, offline=offline)
    if memory:
        memory.environment = (key, env)
    return env


def _counted(items: Iterable[T], total: int, progress: Progress) -> Iterator[T]:
    """Pass items through, reporting every PROGRESS_EVERY of them: long builds show progress."""
    for count, item in enumerate(items, start=1):
        yield item
        if count % PROGRESS_EVERY == 0:
            progress(f"  {count} of {total} pages")


def _fingerprints(
    site_plan: SitePlan, tokens: Tokens, base: bytes, last: LastBuild | None
) -> dict[str, str]:
    """Site file -> fingerprint, for every page and photo. The pages of a group taken over from
    the last build keep their fingerprints, as does a page equal to the last build's (comparing
    is cheaper than hashing): only the rest are hashed."""
    if last is None or last.base != base:
        pages = site_plan.pages
        printed = page_fingerprints(pages, tokens, base)
        fingerprints = dict(zip(map(_file, pages), printed, strict=True))
    else:
        fingerprints = _fingerprints_since(last, site_plan, tokens, base)
    for image in site_plan.images:
        fingerprints[image.path] = _image_fingerprint(image, base)
    return fingerprints


def _fingerprints_since(
    last: LastBuild, site_plan: SitePlan, tokens: Tokens, base: bytes
) -> dict[str, str]:
    """The last build's fingerprints, with those of the groups planned again since made again."""
    before, after = last.plan.groups, site_plan.groups
    replanned = [key for key, pages in after.items() if before.get(key) is not pages]
    dropped = [*(before.keys() - after.keys()), *(key for key in replanned if key in before)]
    old_pages = {page.path: page for key in dropped for page in before[key]}
    fingerprints = dict(last.fingerprints)
    for path in (*old_pages, *(image.path for image in last.plan.images)):
        fingerprints.pop(urls.output_file(path), None)
    to_print = []
    for page in itertools.chain.from_iterable(after[key] for key in replanned):
        old = old_pages.get(page.path)
        if old == page:  # a dataclass compares field by field
            fingerprints[_file(page)] = last.fingerprints[_file(old)]
        else:
            to_print.append(page)
    printed = page_fingerprints(to_print, tokens, base)
    fingerprints.update(zip(map(_file, to_print), printed, strict=True))
    return fingerprints


def _file(page: Page) -> str:
    return urls.output_file(page.path)


def _image_fingerprint(image: Image, base: bytes) -> str:
    try:
        data = read_regular(image.source, MAX_PHOTO_BYTES)
    except (OSError, UnsafeFile):
        return ""  # never matches: publishing reports the problem
    return hashlib.blake2b(base + data, digest_size=16).hexdigest()


def _publish_images(images: Iterable[Image]) -> list[tuple[str, bytes]]:
    published, problems = [], []
    for image in images:
        try:
            published.append((image.path, publish_photo(image.source)))
        except ImageError as error:
            problems.append(Problem(image.record_path, image.record_line, "photo", str(error)))
    if problems:
        raise ContentError(problems)
    return published
