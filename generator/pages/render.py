"""Render stage: planned pages -> HTML bytes, via Jinja2 with autoescape and strict undefined."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import babel
from babel import Locale
from babel.numbers import format_decimal
from jinja2 import (
    BaseLoader,
    Environment,
    StrictUndefined,
    TemplateNotFound,
    pass_context,
    select_autoescape,
)
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from markupsafe import Markup

from generator.content.frontmatter import MAX_FILE_BYTES, decode, parse_yaml, plain
from generator.content.model import Article, PartialDate, SiteSettings, Source
from generator.files import UnsafeFile, read_regular
from generator.pages import urls
from generator.pages.detention import address_may_be_old, latest_detention, status_tone
from generator.pages.markdown import excerpt, render_markdown
from generator.pages.plan import Link, Page, SearchEntry
from generator.parallel import parallel_map
from generator.problems import ContentError, Problem

# Scripts, styles, images and data only from the site itself; nothing inline, no plugins, no
# <base> tricks. Pagefind needs WebAssembly ('wasm-unsafe-eval') and fetches its index ('self').
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",  # Pagefind's UI draws its icons from data: URLs
        "connect-src 'self'",
        "worker-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)


STRINGS_FOLDER = "strings"


def interface_languages(templates_dir: Path) -> frozenset[str]:
    """The languages the interface has words for: templates/strings/<language>.yaml."""
    folder = templates_dir / STRINGS_FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return frozenset()
    with os.scandir(folder) as entries:
        return frozenset(
            entry.name.removesuffix(".yaml")
            for entry in entries
            if entry.name.endswith(".yaml") and entry.is_file(follow_symlinks=False)
        )


def load_strings(templates_dir: Path, language: str) -> dict[str, Any]:
    """The interface words for a language (templates/strings/<language>.yaml; validation
    checked that it exists), read like content: no link followed, no YAML tags or aliases."""
    path = f"templates/{STRINGS_FOLDER}/{language}.yaml"
    try:
        data = read_regular(templates_dir / STRINGS_FOLDER / f"{language}.yaml", MAX_FILE_BYTES)
    except UnsafeFile as refused:
        raise ContentError([Problem(path, 0, "", refused.message)]) from None
    source, problems = decode(path, data)
    root, yaml_problems = parse_yaml(path, source.text) if source else (None, [])
    table = plain(root)
    if problems or yaml_problems or not isinstance(table, dict):
        raise ContentError(problems + yaml_problems or [Problem(path, 1, "", "expected words")])
    return Strings(table)


class _TemplateLoader(BaseLoader):
    """Templates from one folder, read like content: no link followed, no '..' in a name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        file = os.path.join(self.folder, *split_template_path(template))
        try:
            data = read_regular(file, MAX_FILE_BYTES)
        except FileNotFoundError:
            raise TemplateNotFound(template) from None
        except UnsafeFile as refused:
            raise ContentError([Problem(f"templates/{template}", 0, "", refused.message)]) from None
        return data.decode("utf-8"), file, lambda: True


class Strings(dict[str, Any]):
    """A table of interface words that templates read as t.field.born or t.status[key]; each
    key is an attribute too, because Jinja tries attributes first (a miss costs an exception)."""

    def __init__(self, table: dict[str, Any]) -> None:
        super().__init__(
            (key, Strings(value) if isinstance(value, dict) else value)
            for key, value in table.items()
        )
        self.__dict__.update(self)


def make_environment(
    templates_dir: Path, site: SiteSettings, footer: Sequence[Link] = (), *, offline: bool = False
) -> Environment:
    env = Environment(
        loader=_TemplateLoader(templates_dir),
        # HTML and XML are escaped; the offline search index (.js) carries its data through
        # |tojson, robots.txt only the site's checked address.
        autoescape=select_autoescape(["html", "xml"], default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # an environment lives for one set of templates (see build.py)
    )
    strings = load_strings(templates_dir, site.language)
    env.globals.update(
        site=site,
        footer=footer,  # the site's own pages (content/pages/), on every page
        t=strings,
        urls=urls,
        offline=offline,
        csp=CONTENT_SECURITY_POLICY,
        search_index=partial(_search_index, strings=strings),
        status_tone=status_tone,
        detention_of=latest_detention,
        address_may_be_old=address_may_be_old,
    )
    env.filters.update(
        href=_href,
        markdown=lambda text: Markup(render_markdown(text)),
        excerpt=excerpt,
        plural=partial(plural, locale=Locale.parse(site.language)),
        language_name=partial(language_name, locale=Locale.parse(site.language)),
        date=partial(format_date, months=strings["months"]),
        filter_label=partial(filter_label, strings=strings),
        cited=cited,
    )
    return env


def render_page(env: Environment, page: Page) -> bytes:
    template = env.get_template(page.template)
    return template.render(page=page, **page.context).encode("utf-8")


def render_pages(
    env: Environment, pages: Sequence[Page], write: Write, jobs: int | None = None
) -> Iterator[bool]:
    """Render every page and write it with write(output file, HTML), on every core; yields what
    write() returned, page by page, in order. Pages are written where they are rendered, so that
    the HTML never travels between processes."""
    return parallel_map(partial(_render_file, env, write), pages, jobs)


Write = Callable[[str, bytes], bool]


def _render_file(env: Environment, write: Write, page: Page) -> bool:
    return write(urls.output_file(page.path), render_page(env, page))


def filter_label(raw: Any, name: str, strings: dict[str, Any]) -> str:
    """How a search filter value reads: 'Imprisoned', 'CC 405', 'Almaty', '2019'."""
    if name == "status":
        return str(strings["status"][raw])
    if isinstance(raw, Article):
        return f"{strings['code_short'][raw.code]} {raw.number}"
    return str(raw)


def _search_index(entries: Iterable[SearchEntry], strings: dict[str, Any]) -> dict[str, Any]:
    """The offline copy's search data, links relative to the search page, entries grouped by
    kind. Each filter value ([name, label]) is written once and entries name theirs by number:
    thousands of entries share a few hundred values, and the whole index loads with the search
    page; so empty fields are left out."""
    filters: dict[tuple[str, str], int] = {}  # in the order first used
    kinds: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        row = {
            "url": urls.relative(urls.SEARCH, entry.path, offline=True),
            "title": entry.title,
            "names": list(entry.names),
            "keys": " ".join(entry.keys),
            "places": list(entry.places),
            "status": strings["status"][entry.status] if entry.status else "",
            "excerpt": excerpt(entry.text),
            "filters": [
                filters.setdefault((name, filter_label(raw, name, strings)), len(filters))
                for name, raw in entry.filters
            ],
        }
        kinds.setdefault(entry.kind, []).append({key: value for key, value in row.items() if value})
    return {"filters": [list(value) for value in filters], "kinds": kinds}


def cited(source_ids: Iterable[str], sources: Sequence[Source]) -> Iterator[tuple[int, Source]]:
    """(number, source) of each source an event cites, numbered as the page lists its sources."""
    numbers = {source.id: number for number, source in enumerate(sources, start=1)}
    for source_id in source_ids:
        yield numbers[source_id], sources[numbers[source_id] - 1]


@pass_context
def _href(context: Context, target: str) -> str:
    page: Page = context["page"]
    return urls.relative(page.path, target, offline=context["offline"], root=page.link_root)


def plural(count: int, forms: dict[str, str], locale: Locale) -> str:
    """'{count} days' in the form the language's CLDR rules give the number (one, few, many,
    other...), with the number in it."""
    form = forms.get(locale.plural_form(count), forms["other"])
    return form.replace("{count}", format_decimal(count, locale=locale))


def language_name(code: str, locale: Locale) -> str:
    """'kk' -> 'Kazakh', 'pt-BR' -> 'Portuguese (Brazil)', in the interface's language, from
    CLDR; the code as written where CLDR has none."""
    try:
        name = Locale.parse(code, sep="-").get_display_name(locale)
    except (ValueError, TypeError, babel.UnknownLocaleError):
        name = None
    return name[:1].upper() + name[1:] if name else code


def format_date(date: PartialDate, months: list[str]) -> str:
    """2019-11-05 -> '5 November 2019'; 2019-11 -> 'November 2019'; 2019 -> '2019'."""
    if not date.month:
        return str(date.year)
    month = months[date.month - 1]
    return f"{date.day} {month} {date.year}" if date.day else f"{month} {date.year}"
