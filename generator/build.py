"""The whole pipeline on one screen, the same for every build, serve's included.

check():  load -> validate -> link              (nothing is written; all problems at once)
plan():   every page and redirect; no collisions, no published address lost
build():  check -> plan -> fingerprint -> render what changed -> write -> checksums -> index
(each stage timed by a Timings recorder: build --timings prints them)

A page's fingerprint covers everything its rendering reads (its context, the site settings,
the templates and interface words, the assets, the generator's code), so a page is rendered
again exactly when it can have changed. serve keeps caches beneath the same stages, each keyed
by what it was computed from: files by their stat, checked records by file, fingerprints by
page and render digest, templates and card fonts by render digest, git dates by HEAD's commit.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from jinja2 import Environment

from generator.content.frontmatter import MAX_FILE_BYTES
from generator.content.history import History, commit_date, history
from generator.content.link import link
from generator.content.load import Seen, load_content
from generator.content.model import Catalog, PartialDate, Prisoner, SiteSettings
from generator.content.periods import latest_news
from generator.content.schema import FileCache, Validated, known_ids, validate
from generator.content.translate import (
    alphabet_order,
    check_translations,
    confirmed,
    translate,
)
from generator.files import (
    UnsafeFile,
    read_regular,
    refused_entries,
    regular_files,
    write_regular,
)
from generator.memory import RecordMemo, collector_paused
from generator.pages import share_card, status, urls
from generator.pages.fingerprint import (
    FingerprintCache,
    checksums_fingerprint,
    page_fingerprints,
    render_digest,
)
from generator.pages.plan import (
    Download,
    Image,
    Link,
    SitePlan,
    find_collisions,
    plan_site,
)
from generator.pages.published import audit, published_file
from generator.pages.render import (
    interface_languages,
    load_strings,
    make_environment,
    render_pages,
    strings_problems,
)
from generator.pages.status import newest_content_date
from generator.problems import ContentError, Problem
from generator.publish.checksums import Known, write_checksums
from generator.publish.downloads import download_files, read_downloads
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
    pages: int  # the files the plan makes (pages, data, feeds, checksums), but photos
    written: int  # files (pages and photos) whose bytes changed; the rest were kept
    changed_pages: frozenset[str]  # the site files of pages among them
    searchable: tuple[tuple[str, tuple[str, ...]], ...]  # the files search indexes, by language
    seconds: float
    out_dir: Path
    unlisted_urls: tuple[str, ...]  # new addresses not yet in the published list
    warnings: tuple[Problem, ...] = ()  # likely mistakes, which do not stop a build
    site: SiteSettings | None = None  # the originals' settings, --base-url applied
    languages: tuple[str, ...] = ()  # the site's, the originals' first
    date: datetime.date | None = None  # the build's (build_date)


class Timings:
    """Each stage's wall time, in the order the stages ended (build --timings prints them).
    A stage inside another is counted once, in its own line: the outer one counts the rest."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.seconds: dict[str, float] = {}
        self._inner = [0.0]  # per open stage, the time of the stages finished inside it

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        self._inner.append(0.0)
        try:
            yield
        finally:
            spent = time.perf_counter() - started
            self.seconds[name] = self.seconds.get(name, 0.0) + spent - self._inner.pop()
            self._inner[-1] += spent

    def lines(self) -> list[str]:
        """One line per stage, then the total since the recorder was made."""
        total = time.perf_counter() - self.started
        rows = [*self.seconds.items(), ("total", total)]
        return [f"{name:<12}{seconds:8.3f} s" for name, seconds in rows]


@dataclass
class BuildMemory:
    """Caches a long-lived process (`serve`) keeps beneath the pipeline, from one build to the
    next; each is keyed by what it was computed from."""

    files: FileCache = field(default_factory=FileCache)  # by file stat
    fingerprints: FingerprintCache = field(default_factory=FingerprintCache)  # by page
    # Templates compiled for one render digest: compiling takes 0.2 s.
    environment: tuple[bytes, Environment] | None = None
    # What this process last wrote into a folder it updates in place, and which folder: while
    # that folder still lists exactly that, its files are taken to be there (looking costs a
    # stat per page).
    written: tuple[Path, dict[str, str]] | None = None
    # The SHA-256 of each file a SHA256SUMS covers, with the fingerprint of what was hashed.
    checksums: Known = field(default_factory=dict)
    history: History | None = None  # the records' dates from git, by HEAD's commit id
    records: RecordMemo = field(default_factory=RecordMemo)  # what planning made of each record


# Where share cards find their fonts (with their licence), in assets/: read, not published.
CARD_FONTS = share_card.FONTS + "/"
# What assets/ may publish. Not HTML or SVG: a page of the site's own that runs script.
ASSET_SUFFIXES = (".css", ".js", ".woff2", ".woff", ".png", ".jpg", ".jpeg", ".webp", ".ico")


@collector_paused()
def check(
    project: Project,
    files: FileCache | None = None,
    seen: Seen | None = None,
    memo: RecordMemo | None = None,
) -> Catalog:
    """Load, validate and link all content; raise ContentError listing every problem.
    `seen`: the content files' stat as serve's watcher just took it; `files` and `memo`: what
    an earlier build (serve) read and made of each file."""
    raw, problems = load_content(project.content_dir, files.tables if files else None, seen)
    problems += _refused_project_files(project)
    languages, misnamed = interface_languages(project.templates_dir)
    words = strings_problems(project.templates_dir, languages)  # missing ones: warnings
    problems += misnamed + [problem for problem in words if not problem.warning]
    known = known_ids(raw, project.content_dir, languages)
    validated, validation_problems = validate(raw, known, cache=files)
    catalog, link_problems = link(validated, memo=memo)
    translations = check_translations(validated)
    problems += validation_problems + link_problems + translations.problems
    if problems or catalog is None:
        raise ContentError(problems)
    catalog = translate(catalog, validated, translations, partial(_linked, project))
    untranslated = tuple(problem for problem in words if problem.warning)
    return dataclasses.replace(catalog, warnings=catalog.warnings + untranslated)


def confirm_translations(project: Project, files: Iterable[str]) -> list[str]:
    """Set `original:` in each translation file to its original's version as it is now (see
    translate.confirmed); returns the files changed. Raises ContentError for a file that is not
    a translation the build reads, or that has problems of its own."""
    raw, problems = load_content(project.content_dir)
    known = known_ids(raw, project.content_dir, interface_languages(project.templates_dir)[0])
    validated, validation_problems = validate(raw, known)
    wanted = {os.path.normpath(file).replace(os.sep, "/") for file in files}
    readable = {t.path for t in validated.translations}
    problems = [p for p in problems + validation_problems if p.path in wanted]
    problems += [
        Problem(
            path,
            0,
            "",
            "is not a translation: confirm names files like content/prisoners/<slug>.ru.md",
        )
        for path in sorted(wanted - readable)
        if not any(p.path == path for p in problems)
    ]
    if problems:
        raise ContentError(problems)

    def read(path: str) -> str:
        return read_regular(project.root / path, MAX_FILE_BYTES).decode("utf-8")

    texts = confirmed(validated, wanted, read)
    changed = [path for path, text in sorted(texts.items()) if text != read(path)]
    for path in changed:
        write_regular(project.root / path, texts[path].encode("utf-8"))
    return changed


def _linked(project: Project, validated: Validated, language: str) -> Catalog:
    """The site in one of its other languages, its people and cases in its alphabet's order."""
    alphabet = load_strings(project.templates_dir, language).get("alphabet", "")
    catalog, _ = link(validated, alphabet_order(alphabet) if alphabet else str.casefold)
    assert catalog is not None  # the originals linked
    return catalog


def _refused_project_files(project: Project) -> list[Problem]:
    """Links, special files, hard links and files over their limit among the templates and
    assets (content/ is checked as it is read): the build follows no link out of them. An
    asset must be a stylesheet, a script, a font or an image."""
    templates, assets = project.templates_dir, project.assets_dir
    problems = refused_entries(templates, "templates", recursive=True, limit=MAX_FILE_BYTES)
    problems += refused_entries(assets, "assets", recursive=True, limit=MAX_ASSET_BYTES)
    kinds = f"is not a stylesheet, script, font or image ({', '.join(ASSET_SUFFIXES)})"
    for name, file in regular_files(assets):
        if name.startswith(CARD_FONTS):
            continue  # the build's own, never published
        if not name.endswith(ASSET_SUFFIXES) and not file.name.startswith("."):
            problems.append(Problem(f"assets/{name}", 0, "", kinds))
    for face in (share_card.REGULAR, share_card.BOLD):
        if not (assets / share_card.FONTS / face).is_file():
            missing = "is missing: share cards are drawn with it (see assets/fonts/OFL.txt)"
            problems.append(Problem(f"assets/{share_card.FONTS}/{face}", 0, "", missing))
    return problems


def published_assets(project: Project) -> Iterator[tuple[str, bytes]]:
    """The assets the site serves: all but the fonts share cards are drawn with (a font
    published would be half a megabyte for nothing: no page uses it)."""
    for path, content in files_under(project.assets_dir, "assets/"):
        if not path.startswith("assets/" + CARD_FONTS):
            yield path, content


def describe(catalog: Catalog) -> str:
    """'6 prisoners, 3 cases, 2 articles, 3 sources' (and ', 2 pages' where there are any)."""
    pages = f", {len(catalog.pages)} pages" if catalog.pages else ""
    return (
        f"{len(catalog.prisoners)} prisoners, {len(catalog.cases)} cases, "
        f"{len(catalog.articles)} articles, {len(catalog.sources)} sources{pages}"
    )


def plan(
    project: Project,
    catalog: Catalog,
    *,
    offline: bool = False,
    as_of: datetime.date | None = None,
    downloads: tuple[Download, ...] = (),
    memory: BuildMemory | None = None,
) -> tuple[SitePlan, tuple[str, ...], tuple[Problem, ...]]:
    """Every page to write, the addresses not yet in the published list, and warnings about
    the history's dates (each dropped); raise ContentError if two pages collide or a published
    address is lost."""
    dated = history(project.root, memory.history if memory else None)
    if memory:
        memory.history = dated
    today = build_date(project, catalog, as_of)
    site_plan = plan_site(
        catalog,
        dated.dates,
        offline=offline,
        today=today,
        downloads=downloads,
        memo=memory.records if memory else None,
    )
    lost, unlisted = audit(site_plan, published_file(project.content_dir), catalog.drafts)
    problems = find_collisions(site_plan) + lost
    if problems:
        raise ContentError(problems)
    return site_plan, tuple(unlisted), dated.warnings


def build_date(
    project: Project, catalog: Catalog, as_of: datetime.date | None = None
) -> datetime.date:
    """The date the site is built as of, against which a status is old news: `as_of` (build
    --as-of), else the date of the commit being built (never before the newest date the
    content gives), else that newest date. Never the clock: two builds of one commit are the
    same."""
    if as_of:
        return as_of
    newest = newest_content_date(catalog)
    return max(commit_date(project.root) or newest, newest)


def due_for_check(
    catalog: Catalog, today: datetime.date
) -> list[tuple[Prisoner, PartialDate | None]]:
    """The people whose custody is old news and not checked since, with the date of that
    news, oldest first (undated first of all)."""
    due = [
        (person, latest_news(person))
        for person in catalog.prisoners.values()
        if status.due_for_check(person, catalog.site, today)
    ]
    return sorted(due, key=lambda pair: (pair[1].sort_key if pair[1] else (0, 0, 0), pair[0].path))


def with_repository(site: SiteSettings, repository: str) -> SiteSettings:
    """site.yaml's corrections_url and edit_url, or where one is empty, the repository's issue
    form and edit page: the deploy workflow passes the repository, which GitHub knows."""
    return dataclasses.replace(
        site,
        corrections_url=site.corrections_url or f"{repository}/issues/new?template=correction.yml",
        edit_url=site.edit_url or f"{repository}/edit/main/",
    )


@collector_paused()
def build(
    project: Project,
    out_dir: Path,
    *,
    base_url: str | None = None,  # overrides site.yaml; ends with '/'
    repository: str | None = None,  # https://github.com/OWNER/REPO: see with_repository
    as_of: datetime.date | None = None,  # the build's date (see build_date)
    search: bool = True,
    in_place: bool = False,  # update out_dir file by file instead of swapping in a new folder
    offline: bool = False,
    progress: Progress = _silent,
    memory: BuildMemory | None = None,
    seen: Seen | None = None,  # the content files' stat as serve's watcher just took it
    downloads: Path | None = None,  # the zip and ZIM to publish beside the downloads page
    timings: Timings | None = None,  # records each stage's wall time
) -> BuildReport:
    """Build the site into out_dir. Offline, links name index.html files and search runs on an
    index shipped as a script (Pagefind cannot load from file://). Pages whose fingerprint is
    that of the file the output folder holds are kept, not rendered again."""
    started = time.perf_counter()
    memory = memory or BuildMemory(records=RecordMemo(keep=False))  # no build follows
    memory.records.next_build()
    timings = timings or Timings()
    with timings.stage("check"):
        catalog = check(project, memory.files, seen, memory.records)
    if base_url:
        catalog = dataclasses.replace(
            catalog, site=dataclasses.replace(catalog.site, base_url=base_url)
        )
    if repository:
        catalog = dataclasses.replace(catalog, site=with_repository(catalog.site, repository))
    progress(f"Checked {describe(catalog)}")
    with timings.stage("plan"):
        listed = read_downloads(downloads) if downloads else ()
        today = build_date(project, catalog, as_of)
        site_plan, unlisted, dates_dropped = plan(
            project, catalog, offline=offline, as_of=today, downloads=listed, memory=memory
        )
    with timings.stage("fingerprint"):
        sites = {lang: catalog.translated.get(lang, catalog).site for lang in site_plan.languages}
        base = render_digest(
            project, sites, site_plan.footers, offline=offline, places=catalog.places
        )
        fingerprints = page_fingerprints(site_plan.pages, catalog, base, memory.fingerprints)
        fingerprints |= {image.path: _image_fingerprint(image, base) for image in site_plan.images}
        fingerprints |= {
            sums.path: checksums_fingerprint(sums, fingerprints) for sums in site_plan.checksums
        }
    if in_place:
        last = memory.written[1] if memory.written and memory.written[0] == out_dir else None
        output_to = updated_in_place(out_dir, fingerprints, last, project.root)
    else:
        output_to = staged_output(out_dir, project.root)
    # "write": opening the output folder, assets, downloads, the fingerprint list and swapping
    # the folder in; pages, photos and checksums are written as they are made, in their own
    # stages.
    with timings.stage("write"), _writing_to(out_dir), output_to as output:
        kept = {path for path, print_ in fingerprints.items() if output.keep(path, print_)}
        to_render = [page for page in site_plan.pages if urls.output_file(page.path) not in kept]
        to_encode = [image for image in site_plan.images if image.path not in kept]
        with timings.stage("photos"):
            written = output.write(_publish_images(to_encode))  # a bad photo stops it first
        progress(f"Rendering {len(to_render)} of {len(site_plan.pages)} pages")
        with timings.stage("render"):
            env = _environment(project, catalog, sites, site_plan.footers, base, offline, memory)
            made = render_pages(env, to_render, output.write_file)
            rewritten = zip(to_render, _counted(made, len(to_render), progress), strict=True)
            changed = frozenset(urls.output_file(page.path) for page, new in rewritten if new)
        written += len(changed)
        written += output.write(published_assets(project))
        if downloads and listed:
            progress(f"Publishing {', '.join(d.name for d in listed)}")
            written += sum(
                output.write_file(path, pieces)
                for path, pieces in download_files(downloads, listed)
            )
        with timings.stage("checksums"):  # of files written (or kept) above
            written += sum(
                write_checksums(output, sums, fingerprints, memory.checksums)
                for sums in site_plan.checksums
                if sums.path not in kept
            )
        write_fingerprints(output.folder, fingerprints)
        if search and not offline:
            progress("Indexing for search (Pagefind)")
            with timings.stage("index"):
                index_search(output.folder, site_plan.search_groups)
    memory.written = (out_dir, fingerprints) if in_place else None
    seconds = time.perf_counter() - started
    return BuildReport(
        len(site_plan.pages) + len(site_plan.checksums),
        written,
        changed,
        site_plan.search_groups,
        seconds,
        out_dir,
        unlisted,
        catalog.warnings + dates_dropped + catalog.notices,
        catalog.site,
        site_plan.languages,
        today,
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


def build_offline(
    project: Project,
    zip_path: Path,
    *,
    base_url: str | None = None,
    progress: Progress = _silent,
    timings: Timings | None = None,
) -> int:
    """Build the offline copy and zip it; returns the zip's size in bytes."""
    timings = timings or Timings()
    with tempfile.TemporaryDirectory(prefix="ppdb-offline-") as scratch:
        site_dir = Path(scratch) / "site"
        build(
            project, site_dir, base_url=base_url, offline=True, progress=progress, timings=timings
        )
        progress(f"Writing {zip_path}")
        with timings.stage("package"):
            return write_zip(site_dir, zip_path, folder=zip_path.stem)


def build_zim(
    project: Project,
    zim_path: Path,
    *,
    base_url: str | None = None,
    progress: Progress = _silent,
    timings: Timings | None = None,
) -> int:
    """Build the offline copy and write it as a ZIM for Kiwix; returns the file's size."""
    try:  # an optional dependency (pip install -e ".[zim]"): no wheel for every machine
        from generator.publish import zim
    except ImportError as missing:
        message = f"the zim command needs libzim: pip install -e '.[zim]' ({missing})"
        raise OutputError(message) from None
    with tempfile.TemporaryDirectory(prefix="ppdb-zim-") as scratch:
        site_dir = Path(scratch) / "site"
        timings = timings or Timings()
        report = build(
            project, site_dir, base_url=base_url, offline=True, progress=progress, timings=timings
        )
        progress(f"Writing {zim_path} (with its search indexes)")
        assert report.site is not None and report.date is not None  # every build gives them
        words = [
            load_strings(project.templates_dir, code)["downloads"] for code in report.languages
        ]
        metadata = zim.metadata(report.site, words, report.date)
        icon = zim.illustration(project.assets_dir / ZIM_ICON)
        with timings.stage("package"):
            return zim.write_zim(site_dir, zim_path, metadata, icon)


ZIM_ICON = "icon-180.png"


def _environment(
    project: Project,
    catalog: Catalog,
    sites: Mapping[str, SiteSettings],
    footers: Mapping[str, tuple[Link, ...]],
    base: bytes,
    offline: bool,
    memory: BuildMemory,
) -> Environment:
    """The Jinja environment, compiled once for as long as `base` (the render digest: templates,
    words, site settings, footers, places, mode) stays the same."""
    if memory.environment and memory.environment[0] == base:
        return memory.environment[1]
    env = make_environment(
        project.templates_dir,
        sites,
        footers,
        offline=offline,
        assets=project.assets_dir,
        places=catalog.places,
    )
    memory.environment = (base, env)
    return env


def _counted(items: Iterable[T], total: int, progress: Progress) -> Iterator[T]:
    """Pass items through, reporting every PROGRESS_EVERY of them: long builds show progress."""
    for count, item in enumerate(items, start=1):
        yield item
        if count % PROGRESS_EVERY == 0:
            progress(f"  {count} of {total} pages")


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
