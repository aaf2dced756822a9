"""The whole pipeline on one screen.

check():  load -> validate -> link                  (nothing is written; all problems at once)
plan():   pages and redirects; no collisions, no published address lost
build():  check -> plan -> render -> write -> index  (into a staging folder, swapped in at the end)
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from generator.content.link import link
from generator.content.load import load_content
from generator.content.model import Catalog
from generator.content.schema import known_ids, validate
from generator.pages.plan import SitePlan, find_collisions, plan_site
from generator.pages.published import broken_urls, published_file, unlisted_urls
from generator.pages.render import make_environment, render_pages
from generator.problems import ContentError, Problem
from generator.publish.images import ImageError, publish_photo
from generator.publish.offline import write_zip
from generator.publish.search import index_search
from generator.publish.staging import copy_tree, staged_output, write_files
from generator.settings import Project

Progress = Callable[[str], None]
T = TypeVar("T")
PROGRESS_EVERY = 1000


def _silent(message: str) -> None:
    pass


@dataclass(frozen=True)
class BuildReport:
    pages: int
    seconds: float
    out_dir: Path
    unlisted_urls: tuple[str, ...]  # new addresses not yet in the published list


def check(project: Project) -> Catalog:
    """Load, validate and link all content; raise ContentError listing every problem."""
    raw, problems = load_content(project.content_dir)
    validated, validation_problems = validate(raw, known_ids(raw, project.content_dir))
    catalog, link_problems = link(validated)
    problems += validation_problems + link_problems
    if problems or catalog is None:
        raise ContentError(problems)
    return catalog


def describe(catalog: Catalog) -> str:
    """'6 prisoners, 3 cases, 2 articles, 3 sources'."""
    return (
        f"{len(catalog.prisoners)} prisoners, {len(catalog.cases)} cases, "
        f"{len(catalog.articles)} articles, {len(catalog.sources)} sources"
    )


def plan(project: Project, catalog: Catalog, *, offline: bool = False) -> SitePlan:
    """Every page to write; raise ContentError if two collide or a published address is lost."""
    site_plan = plan_site(catalog, offline=offline)
    problems = find_collisions(site_plan)
    problems += broken_urls(site_plan, published_file(project.content_dir))
    if problems:
        raise ContentError(problems)
    return site_plan


def build(
    project: Project,
    out_dir: Path,
    *,
    base_url: str | None = None,  # overrides site.yaml; ends with '/'
    search: bool = True,
    offline: bool = False,
    progress: Progress = _silent,
) -> BuildReport:
    """Build the site into out_dir. Offline, links name index.html files and search runs on an
    index shipped as a script (Pagefind cannot load from file://)."""
    started = time.perf_counter()
    catalog = check(project)
    if base_url:
        site = dataclasses.replace(catalog.site, base_url=base_url)
        catalog = dataclasses.replace(catalog, site=site)
    progress(f"Checked {describe(catalog)}")
    site_plan = plan(project, catalog, offline=offline)
    images = _publish_images(site_plan)  # before writing: a bad photo stops the build early
    env = make_environment(project.templates_dir, catalog.site, offline=offline)
    with staged_output(out_dir) as stage:
        progress(f"Rendering {len(site_plan.pages)} pages")
        rendered = render_pages(env, site_plan.pages)
        pages = write_files(stage, _counted(rendered, len(site_plan.pages), progress))
        write_files(stage, images)
        copy_tree(project.assets_dir, stage / "assets")
        if search and not offline:
            progress("Indexing for search (Pagefind)")
            index_search(stage)
    unlisted = tuple(unlisted_urls(site_plan, published_file(project.content_dir)))
    return BuildReport(pages, time.perf_counter() - started, out_dir, unlisted)


def build_offline(project: Project, zip_path: Path, *, progress: Progress = _silent) -> int:
    """Build the offline copy and zip it; returns the zip's size in bytes."""
    with tempfile.TemporaryDirectory(prefix="ppdb-offline-") as scratch:
        site_dir = Path(scratch) / "site"
        build(project, site_dir, offline=True, progress=progress)
        progress(f"Writing {zip_path}")
        return write_zip(site_dir, zip_path, folder=zip_path.stem)


def _counted(items: Iterable[T], total: int, progress: Progress) -> Iterator[T]:
    """Pass items through, reporting every PROGRESS_EVERY of them: long builds show progress."""
    for count, item in enumerate(items, start=1):
        yield item
        if count % PROGRESS_EVERY == 0:
            progress(f"  {count} of {total} pages")


def _publish_images(plan: SitePlan) -> list[tuple[str, bytes]]:
    published, problems = [], []
    for image in plan.images:
        try:
            published.append((image.path, publish_photo(image.source)))
        except ImageError as error:
            problems.append(Problem(image.record_path, image.record_line, "photo", str(error)))
    if problems:
        raise ContentError(problems)
    return published
