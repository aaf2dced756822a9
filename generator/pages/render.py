"""Render stage: planned pages -> HTML bytes, via Jinja2 in its sandbox, autoescaped, strict."""

from __future__ import annotations

import datetime
import functools
import inspect
import os
import re
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePath
from types import BuiltinMethodType, MethodType, ModuleType, SimpleNamespace
from typing import Any
from urllib.parse import urlencode

import babel
from babel import Locale
from babel.core import get_global
from babel.dates import format_skeleton
from babel.numbers import format_decimal
from jinja2 import (
    BaseLoader,
    Environment,
    StrictUndefined,
    TemplateNotFound,
    pass_context,
    select_autoescape,
)
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from generator.content.fields import is_language_code, language_code_error
from generator.content.frontmatter import MAX_FILE_BYTES, Node, decode, parse_yaml, plain
from generator.content.model import (
    Article,
    Borrowed,
    PartialDate,
    SiteSettings,
    Source,
    Translated,
    language_of,
)
from generator.content.places import Gazetteer
from generator.files import Content, UnsafeFile, read_regular
from generator.pages import atom, data, share_card, urls
from generator.pages.corrections import correction_href
from generator.pages.detention import address_may_be_old, status_tone
from generator.pages.escaping import EscapingCodeGenerator
from generator.pages.markdown import excerpt, limit_exceeded, render_markdown
from generator.pages.plan import Link, Page, Renderer, SearchEntry
from generator.parallel import parallel_map
from generator.problems import ContentError, Problem, printable

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


def interface_languages(templates_dir: Path) -> tuple[frozenset[str], list[Problem]]:
    """The languages the interface has words for (templates/strings/<language>.yaml), and a
    problem for each file there whose name is not a language code: it is never taken for a
    language (its name would become a folder of the site, and be printed in pages)."""
    folder = templates_dir / STRINGS_FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return frozenset(), []
    with os.scandir(folder) as entries:
        names = sorted(
            entry.name
            for entry in entries
            if entry.name.endswith(".yaml") and entry.is_file(follow_symlinks=False)
        )
    languages: set[str] = set()
    problems: list[Problem] = []
    for name in names:
        error = language_code_error(name.removesuffix(".yaml"))
        if error:
            path = f"templates/{STRINGS_FOLDER}/{printable(name)}"
            message = f"{error}; a file of interface words is named <language>.yaml (ru.yaml)"
            problems.append(Problem(path, 0, "", message))
        else:
            languages.add(name.removesuffix(".yaml"))
    return frozenset(languages), problems


# A CLDR locale's region, after its language code: en_GB, es_419.
_REGION = re.compile(r"\A(?:[A-Z]{2}|[0-9]{3})\Z")


def cldr_locale(identifier: str) -> Locale | None:
    """The CLDR locale of a language code, perhaps with a region after it (kk-Latn, en_GB,
    pt-BR); None if it is none, or CLDR has none. Every code turned into a locale comes through
    here, checked as every language code the build reads is (fields.is_language_code), so that
    nothing else reaches Babel's locale data."""
    parts = identifier.replace("_", "-").split("-")
    region = parts.pop() if len(parts) > 1 and _REGION.match(parts[-1]) else ""
    code = "-".join(parts)
    if not is_language_code(code):
        return None
    try:
        return Locale.parse("-".join([code, region] if region else [code]), sep="-")
    except (ValueError, TypeError, babel.UnknownLocaleError):
        return None


def locale_of(language: str, words: Mapping[str, Any]) -> Locale:
    """The CLDR locale a language of the site is written in: its words' `locale` (en_GB),
    else its code (kk-Latn)."""
    given = str(words.get("locale", language))
    locale = cldr_locale(given)
    if locale is None:
        path = _strings_path(language)
        message = (
            f"'{given[:60]}' is not a locale CLDR knows: write a language code and perhaps a"
            " region (en_GB, kk), or leave `locale` out to use the file's name"
        )
        raise ContentError([Problem(path, 0, "locale", message)])
    return locale


class TemplateRefused(ContentError):
    """A template did what the sandbox refuses, or read what it is not given."""


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, as templates are rendered: a template reads the data it is given and
    uses the site's filters, and nothing else. The sandbox refuses attributes that start with
    '_' (the way from any object to Python's internals: __class__, __globals__...) and methods
    that change a list or a table; this one also refuses every attribute of a file path (a
    prisoner's photo: its methods read, write and delete files), of a module, and of a class
    (dict.clear(t) would empty a table the sandbox guards as an object, not as a class's
    function)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # Whether an attribute is safe depends on the object's type and the attribute's name
        # alone (isinstance checks), and asking costs half of rendering: each answer is kept.
        self._safe_attributes: dict[tuple[type, str], bool] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """The sandbox's getattr in fewer steps: only a method can be str.format, which the
        sandbox wraps; every other value is returned if its attribute is safe."""
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)  # an item, or undefined
        if type(value) not in _METHODS and self._safe_attributes.get((type(obj), attribute)):
            return value  # the way of almost every attribute: is_safe_attribute, inlined
        if type(value) in _METHODS:
            return super().getattr(obj, attribute)
        if self.is_safe_attribute(obj, attribute, value):
            return value
        return self.unsafe_undefined(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        safe = self._safe_attributes.get(key)
        if safe is None:
            safe = not isinstance(obj, _OPAQUE) and super().is_safe_attribute(obj, attr, value)
            if len(self._safe_attributes) < _REMEMBERED_ATTRIBUTES:  # names made in a loop
                self._safe_attributes[key] = safe
        return safe


_OPAQUE = (PurePath, ModuleType, type)
_METHODS = frozenset({MethodType, BuiltinMethodType})  # neither can be subclassed
_REMEMBERED_ATTRIBUTES = 10_000


def _own_names(module: ModuleType) -> SimpleNamespace:
    """What templates use of a module: its own functions and constants, not the module, whose
    attributes are also whatever it imports."""
    return SimpleNamespace(
        **{
            name: value
            for name, value in vars(module).items()
            if not name.startswith("_")
            and (
                isinstance(value, str | int | tuple)
                or (inspect.isfunction(value) and value.__module__ == module.__name__)
            )
        }
    )


def load_strings(templates_dir: Path, language: str) -> Strings:
    """The interface words for a language (templates/strings/<language>.yaml; validation
    checked that it exists), read like content: no link followed, no YAML tags or aliases.
    A word the file lacks is English's (validate warns of it): a partial language builds."""
    root, problems = _read_strings(templates_dir, language)
    if root is None:
        raise ContentError(problems)
    words = plain(root)
    if language != REFERENCE_LANGUAGE:
        english, _ = _read_strings(templates_dir, REFERENCE_LANGUAGE)
        if english is not None:
            words = _beneath(words, plain(english))
    return Strings(words)


def _beneath(words: dict[str, Any], english: dict[str, Any]) -> dict[str, Any]:
    """The words, with English's for each key they lack, at every depth of the tables."""
    merged = dict(words)
    for key, wanted in english.items():
        if key in OPTIONAL_STRINGS and not isinstance(wanted, dict):
            continue  # a language's own (its locale, its name): never English's
        if key not in merged:
            merged[key] = wanted
        elif (
            isinstance(wanted, dict)
            and isinstance(merged[key], dict)
            and _shape(merged[key], (key,)) == "table"
        ):
            merged[key] = _beneath(merged[key], wanted)
    return merged


def _read_strings(templates_dir: Path, language: str) -> tuple[Node | None, list[Problem]]:
    """A strings file's table of words, located; None and the problems if it is none."""
    path = _strings_path(language)
    try:
        data = read_regular(templates_dir / STRINGS_FOLDER / f"{language}.yaml", MAX_FILE_BYTES)
    except UnsafeFile as refused:
        return None, [Problem(path, 0, "", refused.message)]
    source, problems = decode(path, data)
    root, yaml_problems = parse_yaml(path, source.text) if source else (None, [])
    if problems or yaml_problems or root is None or not isinstance(root.value, dict):
        return None, problems + yaml_problems or [Problem(path, 1, "", "expected words")]
    return root, []


def _strings_path(language: str) -> str:
    return f"templates/{STRINGS_FOLDER}/{printable(language)}.yaml"


# The strings file every other is checked against: each has its keys (but those a language
# may leave out, each with its default: locale, language_name, alphabet), and its shapes of words.
REFERENCE_LANGUAGE = "en"
OPTIONAL_STRINGS = frozenset({"locale", "language_name", "alphabet"})
# The one table whose words may take a person's gender ({female: ..., male: ..., other: ...});
# elsewhere such a table is a table (gender: {female: Female, male: Male, other: Other}).
GENDERED_TABLE = "status"
_GENDER_FORMS = frozenset({"female", "male", "other"})
_PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})  # CLDR's categories
_SHAPES = {
    "text": "a text",
    "list": "a list of texts",
    "gendered": "forms by gender (female:, male:, other:)",
    "plural": "plural forms (one:, other:, as the language needs)",
    "table": "a table of words",
}


def _shape(value: Any, keys: tuple[str, ...]) -> str:
    """What the words at `keys` are, as templates use them: a key of _SHAPES."""
    if isinstance(value, list):
        return "list"
    if not isinstance(value, dict):
        return "text"
    if "other" in value and all(isinstance(words, str) for words in value.values()):
        if keys[:1] == (GENDERED_TABLE,) and len(keys) == 2 and value.keys() <= _GENDER_FORMS:
            return "gendered"
        if value.keys() <= _PLURAL_FORMS:
            return "plural"
    return "table"


def strings_problems(templates_dir: Path, languages: Iterable[str]) -> list[Problem]:
    """A problem for each strings file that cannot be read, and for each word it lacks or has
    in another shape than en.yaml (a text where plural forms are needed...): found by validate,
    rather than by a page failing to render."""
    problems: list[Problem] = []
    reference = None
    if REFERENCE_LANGUAGE in languages:
        reference, problems = _read_strings(templates_dir, REFERENCE_LANGUAGE)
    for language in sorted(set(languages) - {REFERENCE_LANGUAGE}):
        words, read_problems = _read_strings(templates_dir, language)
        problems += read_problems
        if reference is not None and words is not None:
            problems += _differences(_strings_path(language), reference, words, ())
    return problems


def _differences(
    path: str, reference: Node, words: Node, keys: tuple[str, ...]
) -> Iterator[Problem]:
    for key, wanted in reference.value.items():
        at, english = (*keys, key), f"en.yaml's (line {reference.value[key].where})"
        if key not in words.value:
            if keys or key not in OPTIONAL_STRINGS:
                message = f"missing, shown in English until it is added: translate {english}"
                line = words.where if keys else 1
                yield Problem(path, line, ".".join(at), message, warning=True)
            continue
        shape, given = _shape(plain(wanted), at), _shape(plain(words.value[key]), at)
        if shape == given or {shape, given} == {"text", "gendered"}:
            if shape == "table":
                yield from _differences(path, wanted, words.value[key], at)
            continue
        message = (
            f"is {_SHAPES[given]}, where en.yaml has {_SHAPES[shape]}: write it so, as in {english}"
        )
        if given == "table" and words.value[key].value.keys() <= _GENDER_FORMS:
            message += f"; forms by gender are read only in `{GENDERED_TABLE}:`"
        yield Problem(path, words.value[key].where, ".".join(at), message)


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
    key is an attribute too, because Jinja tries attributes first (a miss costs an exception).
    `keys`: where the table is in its file."""

    def __init__(self, table: dict[str, Any], keys: tuple[str, ...] = ()) -> None:
        super().__init__((key, _words(value, (*keys, key))) for key, value in table.items())
        self.__dict__.update(self)


class Gendered(str):
    """Words that agree with a person's gender where the language says so: {female: Задержана,
    male: Задержан, other: Задержан(а)}; as text, the form for anyone (other)."""

    forms: dict[str, str]

    def __new__(cls, forms: dict[str, str]) -> Gendered:
        words = super().__new__(cls, forms["other"])
        words.forms = forms
        return words

    def __reduce__(self) -> tuple[Any, ...]:
        # As str, a copy would be made of the text alone (forms lost): made again of its forms.
        return (Gendered, (self.forms,))

    def of(self, gender: str) -> str:
        return self.forms.get(gender) or str(self)


def _words(value: Any, keys: tuple[str, ...]) -> Any:
    shape = _shape(value, keys)
    if shape == "gendered":
        return Gendered(value)
    return Strings(value, keys) if isinstance(value, dict) else value


def for_gender(words: str, gender: str) -> str:
    """The form of `words` for a person of `gender` ('' where not known)."""
    return words.of(gender) if isinstance(words, Gendered) else words


def make_environment(
    templates_dir: Path,
    sites: Mapping[str, SiteSettings],
    footers: Mapping[str, Sequence[Link]] | None = None,
    *,
    offline: bool = False,
    assets: Path | None = None,  # where share cards find their fonts and the site's mark
    places: Gazetteer | None = None,  # region filters read in the page's language
) -> Environment:
    """The templates, with the words, site settings and footer of each language (`sites`: the
    originals' language first); render_page gives each page those of its language."""
    cards = share_card.CardAssets(assets) if assets else None  # read once per environment
    env = _Sandbox(
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
    env.code_generator_class = EscapingCodeGenerator
    root = next(iter(sites))
    words = {language: load_strings(templates_dir, language) for language in sites}
    # What templates are given keeps the sandbox whole: data, and functions of the site's own
    # that format it; none opens a file, imports, reaches the environment, or reads an attribute
    # a template names (language_name reads only CLDR's data, by a name it checks). urls is given
    # as its own functions and constants: the module would also be what it imports. Jinja's own
    # globals (range, dict, cycler, joiner, namespace, lipsum) go: no template needs them, and
    # dict's functions change the tables every later page of a worker reads.
    env.globals.clear()
    env.globals.update(
        languages=tuple(sites),  # in the order the language switch lists them
        root_language=root,
        # Each page's language: its words (t), site settings and footer (the site's own pages,
        # content/pages/) are given to it by render_page.
        languages_of=_Languages(
            root, words, dict(sites), dict(footers or {}), cards, places or Gazetteer()
        ),
        urls=_own_names(urls),
        offline=offline,
        csp=CONTENT_SECURITY_POLICY,
        search_index=_search_index,
        status_tone=status_tone,
        address_may_be_old=address_may_be_old,
        correction_href=_correction_href,
    )
    env.filters.update(
        href=_href,
        root_href=_root_href,
        in_language=_in_language,
        lang=_lang,
        text_language=_text_language,
        shown_in=_shown_in,
        foreign=_foreign,
        title_lang=_title_lang,
        capitalized=_capitalized,
        rstrip=lambda text, characters: text.rstrip(characters),
        join_texts=_join_texts,
        markdown=_markdown,
        excerpt=excerpt,
        plural=plural,
        language_name=language_name,
        date=format_date,
        month_of=month_of,
        date_phrase=date_phrase,
        for_gender=for_gender,
        number=format_number,
        filter_label=filter_label,
        filter_value=filter_value,
        status_news=status_news,
        share_locale=share_locale,
        cited=cited,
        chart_label=chart_label,
        chart_link=chart_link,
    )
    env.tests.update(translated=lambda value: isinstance(value, Translated))
    return env


@dataclass(frozen=True)
class _Languages:
    """What a page in each language is rendered with."""

    root: str
    words: dict[str, Strings]
    sites: dict[str, SiteSettings]
    footers: dict[str, Sequence[Link]]
    # The fonts and mark of share cards, which the sandbox lets no template open.
    cards: share_card.CardAssets | None = None
    places: Gazetteer = field(default_factory=Gazetteer)

    locales: dict[str, Locale] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # each in its own language: Русский

    def __post_init__(self) -> None:
        for language in self.words:  # once: a Locale's data loads when first used
            locale = locale_of(language, self.words[language])
            self.locales[language] = locale
            # Its name in itself: CLDR's, unless the words give one (Kazakh in Latin letters,
            # which CLDR calls Kazakh in Cyrillic).
            own = self.words[language].get("language_name")
            self.names[language] = own or _display_name(language, locale)


def render_page(env: Environment, page: Page) -> Content:
    """The page's file, made by its renderer in the page's language."""
    language = page.language or _languages(env).root
    return RENDERERS[page.renderer](env, page, language)


def _languages(env: Environment) -> _Languages:
    languages = env.globals["languages_of"]
    assert isinstance(languages, _Languages)
    return languages


def _from_template(env: Environment, page: Page, language: str) -> bytes:
    return _rendered(env, page.template, page, language).encode("utf-8")


def _share_card(env: Environment, page: Page, language: str) -> bytes:
    """Drawn from the words its template gives, one a line."""
    assets = _languages(env).cards
    if assets is None:
        raise share_card.CardError("share cards need make_environment(assets=...)")
    lines = _rendered(env, page.template, page, language).split("\n")
    return share_card.draw(lines, page.context["report"].tone, assets)


def _atom_feed(env: Environment, page: Page, language: str) -> bytes:
    languages = _languages(env)
    date = partial(_formatted_date, locale=languages.locales[language])
    words, site = languages.words[language], languages.sites[language]
    return atom.render(page, words, site, language, languages.root, date)


def _data_file(
    make: Callable[[Page, SiteSettings], Content], env: Environment, page: Page, language: str
) -> Content:
    return make(page, _languages(env).sites[language])


# Each renderer's function (Renderer: the page says which makes its file).
RENDERERS: dict[Renderer, Callable[[Environment, Page, str], Content]] = {
    Renderer.TEMPLATE: _from_template,
    Renderer.SHARE_CARD: _share_card,
    Renderer.ATOM_FEED: _atom_feed,
    Renderer.CSV_TABLE: partial(_data_file, data.csv_table),
    Renderer.DATABASE_JSON: partial(_data_file, data.database_json),
    Renderer.RECORD_JSON: partial(_data_file, data.record_json),
    Renderer.SCHEMA_JSON: partial(_data_file, data.schema_json),
}


def _rendered(env: Environment, name: str, page: Page, language: str) -> str:
    """A template's text for the page, in its language's words, settings and footer."""
    languages = _languages(env)
    template = env.get_template(name)
    try:
        return template.render(
            page=page,
            lang=language,
            t=languages.words[language],
            site=languages.sites[language],
            footer=languages.footers.get(language, ()),
            locale=languages.locales[language],
            **page.context,
        )
    except SecurityError as refused:
        message = (
            f"refused by the template sandbox ({refused}): a template may only read the data it"
            " is given and use the site's filters. Templates are code: read this change before"
            " running anything else of it"
        )
        raise TemplateRefused([_refusal(refused, env, message)]) from None
    except UndefinedError as undefined:
        message = (
            f"{undefined}: a template reads only the data and the words it is given (is a word"
            f" missing from templates/{STRINGS_FOLDER}/{language}.yaml? `validate` names it)"
        )
        raise TemplateRefused([_refusal(undefined, env, message)]) from None


def _refusal(refused: Exception, env: Environment, message: str) -> Problem:
    """The problem of a template stopped while rendering, at the template's line (Jinja puts
    the templates' own lines in the traceback)."""
    loader = env.loader
    folder = os.path.abspath(loader.folder) if isinstance(loader, _TemplateLoader) else ""
    path, line = "templates", 0
    for frame, number in traceback.walk_tb(refused.__traceback__):
        file = os.path.abspath(frame.f_code.co_filename)
        if folder and file.startswith(folder + os.sep):
            path, line = f"templates/{os.path.relpath(file, folder)}", number
    return Problem(path, line, "", message)


def render_pages(
    env: Environment, pages: Sequence[Page], write: Write, jobs: int | None = None
) -> Iterator[bool]:
    """Render every page and write it with write(output file, HTML), on every core; yields what
    write() returned, page by page, in order. Pages are written where they are rendered, so that
    the HTML never travels between processes."""
    return parallel_map(partial(_render_file, env, write), pages, jobs, "rendering pages")


Write = Callable[[str, Content], bool]


def _render_file(env: Environment, write: Write, page: Page) -> bool:
    return write(urls.output_file(page.path), render_page(env, page))


@pass_context
def filter_label(context: Context, raw: Any, name: str) -> str:
    """How a search filter value reads: 'Imprisoned', 'CC 405', 'Almaty Region', '2019'."""
    return _filter_label(raw, name, context["t"], context["lang"], context["languages_of"].places)


def _filter_label(
    raw: Any, name: str, strings: dict[str, Any], language: str, places: Gazetteer
) -> str:
    """Interface words are in the page's language (Translated), and so is a region the table
    of places knows (content/places.yaml); another region or a case's title keeps its
    record's."""
    if name == "status":
        return Translated(strings["status"][raw])
    if isinstance(raw, Article):
        return Translated(f"{strings['code_short'][raw.code]} {raw.number}")
    if name == "region":
        named = places.in_language(raw, language)
        return raw if named == raw else Translated(named)
    return raw if isinstance(raw, str) else Translated(raw)


@pass_context
def filter_value(context: Context, raw: Any, name: str) -> str:
    """A search filter value as the index and the page's address have it: its label in the
    site's root language, on every language's page ('Imprisoned', 'CC 405', 'Almaty Region'),
    so that a link to the search (from the statistics, from another language's search page)
    filters alike in every language. A case is chosen by its title in the page's language
    (its values come from the index)."""
    if name == "case":
        return str(raw)
    languages = context["languages_of"]
    root = languages.root
    return str(_filter_label(raw, name, languages.words[root], root, languages.places))


@pass_context
def status_news(context: Context, entry: SearchEntry) -> str:
    """A person's status as search results show it: 'Imprisoned, last reported November 2019'."""
    return _status_news(context["t"], context["locale"], entry)


def _status_news(strings: Strings, locale: Locale, entry: SearchEntry) -> str:
    label = for_gender(strings["status"][entry.status], entry.gender)
    if entry.reported is None:
        return label
    words = strings["profile"]["as_of" if entry.recent else "last_reported"]
    return f"{label}, {words} {_formatted_date(entry.reported, locale)}"


@pass_context
def _search_index(context: Context, entries: Iterable[SearchEntry]) -> dict[str, Any]:
    """The offline copy's search data, links relative to the search page, entries grouped by
    kind. Each filter value ([name, label]) is written once and entries name theirs by number:
    thousands of entries share a few hundred values, and the whole index loads with the search
    page; so empty fields are left out."""
    strings, language = context["t"], context["lang"]
    filters: dict[tuple[str, str, str], int] = {}  # in the order first used
    kinds: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        row = {
            "url": urls.relative(urls.SEARCH, entry.path, offline=True),
            "title": entry.title,
            "names": list(entry.names),
            "keys": " ".join(entry.keys),
            "places": list(entry.places),
            "status": _status_news(strings, context["locale"], entry) if entry.status else "",
            "excerpt": excerpt(entry.text),
            "filters": [
                filters.setdefault(
                    (
                        name,
                        filter_value(context, raw, name),
                        _filter_label(raw, name, strings, language, context["languages_of"].places),
                    ),
                    len(filters),
                )
                for name, raw in entry.filters
            ],
        }
        kinds.setdefault(entry.kind, []).append({key: value for key, value in row.items() if value})
    # [name, value, label], the label left out where it is the value
    listed = [[name, value, *([label] if label != value else [])] for name, value, label in filters]
    return {"filters": listed, "kinds": kinds}


def cited(source_ids: Iterable[str], sources: Sequence[Source]) -> Iterator[tuple[int, Source]]:
    """(number, source) of each source an event cites, numbered as the page lists its sources."""
    numbers = {source.id: number for number, source in enumerate(sources, start=1)}
    for source_id in source_ids:
        yield numbers[source_id], sources[numbers[source_id] - 1]


@pass_context
def _correction_href(context: Context, record_path: str = "", title: str = "") -> str:
    """Where to report a correction of this page's record (site.yaml corrections_url), its
    file and this page's public address filled in."""
    site: SiteSettings = context["site"]
    page: Page = context["page"]
    words = context["t"]["ui"]
    subject = words["correction_title"].replace("{title}", title) if title else words["correction"]
    return correction_href(site.corrections_url, record_path, site.base_url + page.path, subject)


@pass_context
def _href(context: Context, target: str) -> str:
    """A link from the page to another page of its language (to `target` under its prefix)."""
    page: Page = context["page"]
    return urls.relative(
        page.path, page.prefix + target, offline=context["offline"], root=page.link_root
    )


@pass_context
def _root_href(context: Context, target: str) -> str:
    """A link to a file all languages share: assets, photos, the search bundles, the data."""
    page: Page = context["page"]
    return urls.relative(page.path, target, offline=context["offline"], root=page.link_root)


@pass_context
def _in_language(context: Context, language: str) -> str:
    """A link to this page in another language of the site."""
    page: Page = context["page"]
    prefix = "" if language == context["root_language"] else urls.language_prefix(language)
    return urls.relative(page.path, prefix + page.unprefixed, offline=context["offline"])


@pass_context
def _lang(context: Context, value: Any) -> Markup:
    """' lang="en"' for a record's text not translated into the page's language, ' lang="ru"'
    for one shown from a fallback's translation (on the pages of the originals' language, and
    for a translation's own text, nothing)."""
    language = _text_language(context, value)
    return Markup("") if language == context["lang"] else Markup(f' lang="{escape(language)}"')


@pass_context
def _text_language(context: Context, value: Any) -> str:
    """The language a record's text is in on this page: the page's (Translated, or any text on
    the originals' pages), a fallback's (Borrowed), else the originals'."""
    return language_of(value, context["lang"], context["root_language"])


@pass_context
def _shown_in(context: Context, language: str) -> str:
    """The notice of a text not translated into the page's language, naming the one it is
    shown in ("...; орыс тіліндегі нұсқасы көрсетілген"): the words name each language of the
    site in the form their sentence needs; another by CLDR's name."""
    words = context["t"]["translation"]
    phrase: str | None = words["shown_in"].get(language)
    if phrase:
        return phrase
    return str(words["shown_in_other"]).replace(
        "{language}", _display_name(language, context["locale"])
    )


@pass_context
def _foreign(context: Context, value: str) -> Markup:
    """A record's text, in a <span lang> where it is not in the page's language (see _lang)."""
    lang = _lang(context, value)
    return Markup(f"<span{lang}>{escape(value)}</span>") if lang else escape(value)


@pass_context
def _title_lang(context: Context, source: Source) -> Markup:
    """' lang="ru"' for a source's title in another language than the page's (titles are
    given as published, in the source's language)."""
    language = source.language
    return (
        Markup(f' lang="{escape(language)}"')
        if language and language != context["lang"]
        else Markup("")
    )


def _markdown(text: str) -> Markup:
    """A Markdown text as HTML, within the renderer's bounds: validate holds content to them,
    and a template's own text is held here (a text over them can crash the renderer's process),
    refused as the sandbox refuses (render_page reports it at the template's line)."""
    exceeded = limit_exceeded(text)
    if exceeded:
        raise SecurityError(f"a Markdown text over the renderer's bounds: {exceeded[1]}")
    return Markup(render_markdown(text))


def _capitalized(value: str) -> str:
    """The first letter upper case, the text's language kept (a sentence in a list of facts)."""
    capital = value[:1].upper() + value[1:]
    if isinstance(value, Borrowed):
        return Borrowed(capital, value.language)
    return Translated(capital) if isinstance(value, Translated) else capital


@pass_context
def _join_texts(context: Context, values: Sequence[str]) -> Markup:
    """Texts joined with commas, each in its own language (see _foreign)."""
    return Markup(", ").join(_foreign(context, value) for value in values)


@pass_context
def plural(context: Context, count: int, forms: dict[str, str]) -> str:
    """'{count} days' in the form the language's CLDR rules give the number (one, few, many,
    other...), with the number in it."""
    locale: Locale = context["locale"]
    form = forms.get(locale.plural_form(count), forms["other"])
    return form.replace("{count}", format_decimal(count, locale=locale))


@pass_context
def format_number(context: Context, number: int) -> str:
    """1234 -> '1,234' in English, '1 234' in Russian."""
    return format_decimal(number, locale=context["locale"])


@pass_context
def language_name(context: Context, code: str) -> str:
    """'kk' -> 'Kazakh', 'pt-BR' -> 'Portuguese (Brazil)', in the interface's language, from
    CLDR; the code as written where CLDR has none."""
    return _display_name(code, context["locale"])


def _display_name(code: str, locale: Locale) -> str:
    known = cldr_locale(code)
    name = known.get_display_name(locale) if known else None
    return name[:1].upper() + name[1:] if name else code


def share_locale(locale: Locale) -> str:
    """A locale as Open Graph names it, language and territory: en_GB, and for a language
    named without a territory its most likely one (CLDR's): ru_RU, kk_KZ."""
    territory = locale.territory
    if not territory:
        likely = get_global("likely_subtags").get(locale.language, "")
        territory = Locale.parse(likely).territory if likely else None
    return f"{locale.language}_{territory}" if territory else locale.language


@pass_context
def format_date(context: Context, date: PartialDate) -> str:
    """A partial date as the page's language writes it (CLDR, through Babel): 2019-11-05 ->
    '5 November 2019', '5 ноября 2019 г.', '2019 ж. 5 қараша'; 2019-11 -> 'November 2019',
    'ноябрь 2019 г.'; 2019 -> '2019'."""
    return _formatted_date(date, context["locale"])


@pass_context
def month_of(context: Context, year: int, month: int) -> str:
    """A month of a year as a heading: 'November 2019', 'ноябрь 2019 г.'."""
    return _formatted_date(PartialDate(year, month, 0), context["locale"])


@pass_context
def date_phrase(context: Context, phrase: str, date: PartialDate) -> Markup:
    """A phrase with its {date} in the form a phrase needs ('since {date}', 'с {date}' ->
    'с апреля 2023 г.', where a heading says 'апрель 2023 г.'), as a <time> element."""
    shown = _formatted_date(date, context["locale"], in_phrase=True)
    time = Markup('<time datetime="{}">{}</time>').format(date.iso, shown)
    return escape(phrase).replace("{date}", time)


@functools.lru_cache(maxsize=65536)
def _formatted_date(date: PartialDate, locale: Locale, *, in_phrase: bool = False) -> str:
    if not date.month:
        return str(date.year)
    day = datetime.date(date.year, date.month, date.day or 1)
    if date.day or not in_phrase:
        return format_skeleton("yMMMMd" if date.day else "yMMMM", day, locale=locale)
    # CLDR's month alone is its stand-alone form (LLLL: 'апрель'); inside a phrase the format
    # form (MMMM: 'с апреля'), as the languages that decline months write it.
    pattern = locale.datetime_skeletons["yMMMM"].pattern.replace("LLLL", "MMMM")
    return babel.dates.format_date(day, pattern, locale=locale)


@pass_context
def chart_label(context: Context, key: Any, name: str) -> str:
    """How a bar of a statistics chart (plan.Chart) is named: 'Imprisoned', '2019', 'CC 405',
    the region, the case's title. A record's words keep their language (see _lang); the
    interface's are in the page's."""
    strings = context["t"]
    if name == "status":
        return Translated(strings["status"][key])
    if name == "articles":
        return Translated(f"{strings['code_short'][key.code]} {key.number}")
    if name == "regions":
        if not key:
            return Translated(strings["statistics"]["no_region"])
        places = context["languages_of"].places
        return _filter_label(key, "region", strings, context["lang"], places)
    if name == "cases":
        title: str = key.title  # Translated where it is
        return title
    return Translated(key)


@pass_context
def chart_link(context: Context, key: Any, name: str) -> tuple[str, str]:
    """(site path, query) of the list a bar counts; ("", "") for none. Statuses and regions
    open the search filtered by them (its script reads the filters from the query)."""
    if name == "status":
        return urls.SEARCH, "?" + urlencode({"status": filter_value(context, key, "status")})
    if name == "regions":
        return (urls.SEARCH, "?" + urlencode({"region": key})) if key else ("", "")
    if name == "years":
        return urls.timeline_year(key), ""
    if name == "articles":
        return urls.article(key.id), ""
    if name == "cases":
        return key.path, ""
    return "", ""
