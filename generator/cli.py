"""Command line: validate, build, new, serve. Problems print as messages, never tracebacks."""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import click

from generator import build as pipeline
from generator.content.fields import as_site_address, site_address_error
from generator.content.json_schema import REPOSITORY_FOLDER, write_file_schemas
from generator.content.load import Seen
from generator.pages.published import LIST_NAME, published_file, update_published
from generator.pages.urls import public_address
from generator.parallel import WorkerDied
from generator.problems import ContentError, Problem, printable, shortened, shown
from generator.publish.search import LiveIndex, SearchIndexError
from generator.publish.staging import OutputError
from generator.scaffold import NAMED_BY, ScaffoldError, new_record, write_reference
from generator.serve import Preview
from generator.serve import serve as serve_site
from generator.settings import Project

EXIT_PROBLEMS = 1
EXIT_FAILURE = 2


def _project() -> Project:
    return Project(Path.cwd())


def _progress(message: str) -> None:
    click.echo(message, err=True)


def _print_problems(error: ContentError, format: str = "text") -> None:
    """Every problem, or as many as problems.shown prints, and how many more there are."""
    for problem in shown(error.problems):
        click.echo(str(problem), err=True)
        if format == "github" and isinstance(problem, Problem):
            click.echo(_github_annotation(problem))  # on the line, in the pull request's diff


def _github_annotation(problem: Problem) -> str:
    """GitHub's workflow command for an error at a file's line; its values escaped as GitHub
    asks (a value could otherwise end the command and start another)."""

    def escaped(value: str, *, property: bool = False) -> str:
        value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return value.replace(":", "%3A").replace(",", "%2C") if property else value

    where = f"file={escaped(problem.path, property=True)}"
    if problem.line:
        where += f",line={problem.line}"
    level = "warning" if problem.warning else "notice" if problem.notice else "error"
    return f"::{level} {where}::{escaped(shortened(printable(problem.what)))}"


@contextmanager
def _reporting_problems(
    consequence: str = "; nothing was built", format: str = "text"
) -> Iterator[None]:
    """Turn every expected failure into a message and an exit code."""
    try:
        yield
    except ContentError as error:
        _print_problems(error, format)
        count = len(error.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''} found{consequence}.", err=True)
        sys.exit(EXIT_PROBLEMS)
    except (OutputError, SearchIndexError, ScaffoldError, WorkerDied) as error:
        click.echo(printable(f"Error: {error}"), err=True)
        sys.exit(EXIT_FAILURE)
    except OSError as error:  # the machine, not the generator: a full disk, a folder refused
        where = f"{error.filename}: " if error.filename else ""
        click.echo(printable(f"Error: {where}{error.strerror or error}"), err=True)
        sys.exit(EXIT_FAILURE)
    except KeyboardInterrupt:
        click.echo("Interrupted; the previous output is untouched.", err=True)
        sys.exit(130)
    except Exception as error:  # a bug in the generator, not in content
        command = click.get_current_context(silent=True)
        if command and command.find_root().params.get("debug"):
            raise
        click.echo(
            f"Internal error ({type(error).__name__}: {error}). This is a bug in the generator,"
            " not in your content: please report it, with the output of --debug.",
            err=True,
        )
        sys.exit(EXIT_FAILURE)


@click.group(help="Build the political prisoners database site from content/.")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for internal errors.")
def main(debug: bool) -> None:
    pass  # --debug is read where an internal error is caught: _reporting_problems


@main.command(help="Check all content and report every problem.")
@click.option(
    "--format",
    "format",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: also print each problem as an annotation for GitHub's pull request view.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too (the check workflow does).")
def validate(format: str, strict: bool) -> None:
    project = _project()
    with _reporting_problems("", format):
        catalog = pipeline.check(project)
        # Not --strict failures: a date in the main line's history cannot be fixed by an edit.
        _, unlisted, dates_dropped = pipeline.plan(project, catalog)
        if strict and catalog.warnings:
            raise ContentError(catalog.warnings)
    warnings = catalog.warnings + dates_dropped
    _print_warnings(warnings + catalog.notices, format)
    drafts = catalog.drafts
    unpublished = (
        f"; {len(drafts)} draft{'s' if len(drafts) != 1 else ''}, not published: " if drafts else ""
    )
    warned = f"; {_count(len(warnings), 'warning')}" if warnings else ""
    if catalog.notices:
        warned += f"; {_count(len(catalog.notices), 'translation')} may be out of date"
    click.echo(f"OK: {pipeline.describe(catalog)}{warned}{unpublished}{', '.join(drafts)}.")
    _remind_unlisted(unlisted)


def _print_warnings(warnings: Sequence[Problem], format: str = "text") -> None:
    """Likely mistakes, which do not stop a build (validate --strict fails on them), and
    notices (translations that may be out of date)."""
    _print_problems(ContentError(warnings), format)


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'s' if number != 1 else ''}"


# A date given on the command line: the build's date, instead of the commit's.
_AS_OF = click.DateTime(formats=["%Y-%m-%d"])
_BASE_URL = click.option(
    "--base-url",
    callback=lambda ctx, param, value: _web_address(value),
    help="Public address of the site, overriding content/site.yaml.",
)
_TIMINGS = click.option(
    "--timings", is_flag=True, help="Print each stage's wall time, and the total, after it."
)


def _print_timings(timings: pipeline.Timings | None) -> None:
    if timings:
        for line in timings.lines():
            click.echo(line, err=True)


@main.command(help="Validate, render and index the site into --out (default: site/).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Output folder.")
@_BASE_URL
@click.option("--no-search", is_flag=True, help="Skip the Pagefind search index (faster).")
@click.option(
    "--as-of",
    type=_AS_OF,
    help="The date to build as of (YYYY-MM-DD): statuses older than status_stale_months before"
    " it show as old news. Default: the date of the commit being built.",
)
@click.option(
    "--downloads",
    type=click.Path(path_type=Path),
    help="A folder holding the offline zip and the ZIM made of the same content: published"
    " under downloads/ with their SHA256SUMS, and listed on the downloads page.",
)
@click.option(
    "--repository",
    callback=lambda ctx, param, value: _repository_address(value),
    help="The repository's web address (https://github.com/OWNER/REPO): where 'Report a"
    " correction' and 'Edit this record' lead, unless content/site.yaml gives corrections_url"
    " and edit_url.",
)
@_TIMINGS
def build(
    out_dir: Path | None,
    base_url: str | None,
    repository: str | None,
    no_search: bool,
    as_of: datetime.datetime | None,
    downloads: Path | None,
    timings: bool,
) -> None:
    project = _project()
    recorder = pipeline.Timings() if timings else None
    with _reporting_problems():
        report = pipeline.build(
            project,
            out_dir or project.default_out,
            base_url=base_url,
            repository=repository,
            as_of=as_of.date() if as_of else None,
            search=not no_search,
            progress=_progress,
            downloads=downloads,
            timings=recorder,
        )
    _print_warnings(report.warnings)
    _print_timings(recorder)
    click.echo(
        f"Built {report.pages} pages into {report.out_dir} in {report.seconds:.2f} s"
        f" ({report.written} files changed)."
    )
    report_address = report.site.base_url if report.site else ""
    if not public_address(report_address):
        click.echo(
            f"Note: {report_address} is a placeholder address, so the pages name no address"
            " to be shared from (og:url, og:image): give the site's real one with --base-url"
            " or as base_url in content/site.yaml."
        )
    _remind_unlisted(report.unlisted_urls)


@main.command(help="Build the site for reading from file:// and write it as a zip.")
@click.option(
    "--out", "zip_path", type=click.Path(path_type=Path), required=True, help="The zip to write."
)
@_BASE_URL
@_TIMINGS
def offline(zip_path: Path, base_url: str | None, timings: bool) -> None:
    _package(pipeline.build_offline, zip_path, base_url, timings)


@main.command(
    help="Build the site for Kiwix and write it as a ZIM file: every page in every language,"
    " with Kiwix's title and full-text search."
)
@click.option(
    "--out", "zim_path", type=click.Path(path_type=Path), required=True, help="The ZIM to write."
)
@_BASE_URL
@_TIMINGS
def zim(zim_path: Path, base_url: str | None, timings: bool) -> None:
    _package(pipeline.build_zim, zim_path, base_url, timings)


def _package(make: Callable[..., int], path: Path, base_url: str | None, timings: bool) -> None:
    """Build the offline copy and write it as one file (`make`: build_offline, build_zim)."""
    recorder = pipeline.Timings() if timings else None
    with _reporting_problems():
        size = make(_project(), path, base_url=base_url, progress=_progress, timings=recorder)
    _print_timings(recorder)
    _wrote(path, size)


def _wrote(path: Path, size: int) -> None:
    shown = f"{size / 1024 / 1024:.1f} MiB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KiB"
    click.echo(f"Wrote {path} ({shown}, {size:,} bytes).")


@main.command(help=f"Add the site's new page addresses to content/{LIST_NAME}.")
def urls() -> None:
    project = _project()
    with _reporting_problems():
        site_plan, _, _ = pipeline.plan(project, pipeline.check(project))
        new = update_published(site_plan, published_file(project.content_dir))
    for address in new:
        click.echo(f"+ {address}")
    click.echo(f"{len(new)} new address(es) added to content/{LIST_NAME}.")


@main.command(
    help="List the people whose custody was last reported more than status_stale_months ago"
    " and not checked since, oldest news first: search for news of each, then set checked:."
)
@click.option("--as-of", type=_AS_OF, help="The date to count from (default: the commit's).")
def due(as_of: datetime.datetime | None) -> None:
    project = _project()
    with _reporting_problems():
        catalog = pipeline.check(project)
        today = pipeline.build_date(project, catalog, as_of.date() if as_of else None)
    listed = pipeline.due_for_check(catalog, today)
    for person, reported in listed:
        click.echo(
            f"{person.path}:{person.line_of('status')}: status: {person.status}, "
            f"{f'last reported {reported}' if reported else 'never dated'}"
            f"{f', checked {person.checked}' if person.checked else ''}: search for"
            " news of this person, update the record, then set checked: YYYY-MM"
        )
    click.echo(f"{_count(len(listed), 'record')} due for a check as of {today.isoformat()}.")


@main.command(
    help="Write the JSON Schemas of the files volunteers write into schema/ (for editors), and"
    " the examples of README.md's field reference, from the declarations of the fields."
)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Folder (schema/).")
def schema(out_dir: Path | None) -> None:
    folder = out_dir or Path.cwd() / REPOSITORY_FOLDER
    with _reporting_problems(""):
        written = write_file_schemas(folder)
        readme = write_reference(Path.cwd() / "README.md")
    click.echo(f"Wrote {len(written)} schemas into {folder}: {', '.join(written)}.")
    if readme:
        click.echo("Wrote the field reference of README.md.")


def _web_address(value: str | None) -> str | None:
    """--base-url is checked like base_url in content/site.yaml."""
    if value is None:
        return None
    error = site_address_error(value)
    if error:
        raise click.BadParameter(error)
    return as_site_address(value)


def _repository_address(value: str | None) -> str | None:
    """--repository: an https address of a repository's page, without query or fragment; empty
    as none (a workflow run outside GitHub has no repository to give)."""
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise click.BadParameter(f"expected https://HOST/OWNER/REPO, not {value!r}")
    return value.rstrip("/")


def _remind_unlisted(new: Sequence[str]) -> None:
    if new:
        click.echo(
            f"Note: {len(new)} new page address(es) are not in content/{LIST_NAME} yet, so nothing"
            " protects them: run `python -m generator urls` and commit the list.",
            err=True,
        )


@main.command(
    help="Say that translations match their originals as they are now: set each file's"
    " `original:` to the version validate gives (after updating the translation)."
)
@click.argument("files", nargs=-1, required=True)
def confirm(files: tuple[str, ...]) -> None:
    with _reporting_problems("; nothing was changed"):
        changed = pipeline.confirm_translations(_project(), files)
    for path in changed:
        click.echo(f"Confirmed {path}")
    if not changed:
        click.echo("Nothing to change: each names the version of its original as it is.")


@main.command(help="Create a draft record: new prisoner 'Full Name' or new case 'Title'.")
@click.argument("kind", type=click.Choice(list(NAMED_BY)))
@click.argument("name")
def new(kind: str, name: str) -> None:
    with _reporting_problems():
        file = new_record(_project().content_dir, kind, name)
    click.echo(
        f"Created {file.relative_to(Path.cwd()) if file.is_relative_to(Path.cwd()) else file}"
    )


@main.command(help="Preview the site on localhost, rebuilding when files change.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Output folder.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
def serve(out_dir: Path | None, host: str, port: int) -> None:
    project = _project()
    # Absolute, not resolved: a committed `site` link must stay visible, to be refused.
    out = Path(os.path.abspath(out_dir or project.default_out))
    watched = [project.content_dir, project.templates_dir, project.assets_dir]

    def ready(url: str) -> None:
        click.echo(f"Serving {out} at {url} (Ctrl-C to stop)", err=True)

    preview = Preview()  # what the served pages show of each rebuild
    with _reporting_problems(), _previewing(project, out, preview) as rebuild:
        serve_site(out, host, port, watched, rebuild, ready=ready, preview=preview)


@contextmanager
def _previewing(
    project: Project, out: Path, preview: Preview | None = None
) -> Iterator[Callable[[Seen], None]]:
    """serve's rebuild: only changed pages are rendered, and they are served as soon as they are
    written; the search index follows in the background. A broken edit prints its problems, and
    shows them on the open pages (`preview`), which keep the last good site."""
    memory = pipeline.BuildMemory()
    search = LiveIndex(out, say=_progress)

    def rebuild(seen: Seen) -> None:
        try:
            report = pipeline.build(
                project,
                out,
                search=False,
                in_place=True,
                progress=_progress,
                memory=memory,
                seen=seen,
            )
        except ContentError as error:
            _print_problems(error)
            click.echo("Fix the problems above; still serving the last good build.", err=True)
            if preview:
                preview.failed(map(str, shown(error.problems)))
            return
        if preview:
            preview.built()
        _print_warnings(report.warnings)
        click.echo(
            f"Rebuilt in {report.seconds:.2f} s: {report.written} files changed.",
            err=True,
        )
        search.update(report.searchable, report.changed_pages)

    try:
        yield rebuild
    finally:
        search.close()
