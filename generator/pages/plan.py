"""Plan stage: Catalog -> every page the site publishes, each with only the data it shows.

All page types are listed in `plan_site`. A page type is a planner function here: it returns
Pages, each naming the Renderer that makes its file. A page's context is plain frozen data:
templates only format it, and any page can be rendered on its own, in any process.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from generator.content.json_schema import FOLDER as SCHEMA_FOLDER
from generator.content.json_schema import SCHEMA_NAMES
from generator.content.model import (
    DETENTION_EVENTS,
    PRISONER_STATUSES,
    Article,
    Case,
    Catalog,
    Event,
    PartialDate,
    Prisoner,
    Record,
    Source,
    TextPage,
    TimelineEntry,
)
from generator.content.places import Gazetteer
from generator.memory import RecordMemo
from generator.pages import data, share_card, spellings, urls
from generator.pages.detention import Detention, latest_detention
from generator.pages.status import StatusReport, newest_content_date, status_report
from generator.problems import Problem

LATEST_EVENTS_ON_HOME = 10
# Entries in the whole site's feed: a feed reader fetches the whole file every time, so no feed
# may grow with the database.
SITE_FEED_ENTRIES = 50
# Entries in the feed of a person, a case or a law article: about four of every five events a
# build renders are in these (each event is in its person's, case's and articles' feeds), and
# the record's page has them all.
FEED_ENTRIES = 20
# Bars in a statistics chart whose rows grow with the database (law articles, regions, cases):
# the largest ones are drawn, and the chart says how many there are in all.
CHART_BARS = 25
# Entries per page of a long list, so that no page grows with the database (about 200 bytes each).
LIST_PAGE_SIZE = 200


class Renderer(Enum):
    """What makes a page's file (render.RENDERERS has the function of each): a Jinja template,
    or Python where a build makes thousands of such files and each must cost little."""

    TEMPLATE = "a template"  # Page.template, a file in templates/
    SHARE_CARD = "a share card"  # a picture drawn from the words Page.template gives
    ATOM_FEED = "a feed"  # pages/atom.py
    CSV_TABLE = "a data table"  # pages/data.py, as the three below
    DATABASE_JSON = "the database"
    RECORD_JSON = "a record's data"
    SCHEMA_JSON = "a JSON Schema"


@dataclass(frozen=True)
class Page:
    path: str  # site-relative folder, e.g. "prisoners/x/"; the file is path + index.html
    template: str  # a file in templates/ ("" where the renderer uses none)
    context: Mapping[str, Any]
    searchable: bool = False  # indexed by the search
    # Links are relative to the page, except where a page is shown at any address (404):
    # then they start from this site-absolute root.
    link_root: str | None = None
    # An address people may link to, which the published list keeps from breaking; not so the
    # parts of the sitemap, whose number follows the size of the database.
    permanent: bool = True
    # The page's language, "" for the originals' (at the root); the others' pages are under
    # their prefix ("ru/"), and their links stay in it.
    language: str = ""
    renderer: Renderer = Renderer.TEMPLATE

    @property
    def prefix(self) -> str:
        """Where the page's language has its pages: "" at the root, "ru/"."""
        return urls.language_prefix(self.language) if self.language else ""

    @property
    def unprefixed(self) -> str:
        """The page's address in any language: prisoners/x/ for ru/prisoners/x/."""
        return self.path[len(self.prefix) :]


# Search filters, in the order the search page offers them.
SEARCH_FILTERS = ("status", "region", "article", "case", "year")
# Filters whose values grow with the database: the search page does not list them (it would
# grow too); its script takes them from the search index.
FILTERS_FROM_INDEX = ("case",)


@dataclass(frozen=True)
class SearchEntry:
    """What search knows of one page: Pagefind reads it from the page, the offline copy from
    a script. Filter values are raw (a status key, an Article, a case title, a year)."""

    path: str
    kind: str  # prisoner | case | article | source
    title: str
    names: tuple[str, ...] = ()  # other spellings, searched like the title
    status: str = ""
    text: str = ""  # Markdown; the offline search shows its first words
    filters: tuple[tuple[str, Any], ...] = ()
    keys: tuple[str, ...] = ()  # the title's and names' search keys (see spellings.py)
    places: tuple[str, ...] = ()  # where it happened: searched offline, as online in the page
    # When the status was last reported, and whether within status_stale_months of the build.
    reported: PartialDate | None = None
    recent: bool = True
    gender: str = ""  # a person's, for the words of the status

    @property
    def key_text(self) -> str:
        """The keys as the page carries them for Pagefind, after the mark that ends excerpts."""
        return " ".join((spellings.EXCERPT_END, *(spellings.KEY_PREFIX + k for k in self.keys)))


@dataclass(frozen=True)
class Image:
    """A content image to publish (re-encoded, metadata stripped) at a site path."""

    path: str
    source: Path
    record_path: str  # the content file naming it, for messages
    record_line: int


@dataclass(frozen=True)
class Checksums:
    """A SHA256SUMS file: the SHA-256 of site files, in `sha256sum` format, each named from the
    folder of SHA256SUMS (so that `sha256sum -c` checks them there). Made from the files as
    they were written, once they all are (the build's checksums stage)."""

    path: str  # a site file
    files: tuple[str, ...]  # the site files it sums, in that folder


@dataclass(frozen=True)
class Download:
    """A file of the whole site to read offline, published under urls.DOWNLOADS."""

    name: str
    size: int  # bytes
    sha256: str

    @property
    def kind(self) -> str:
        """zip (any browser) or zim (Kiwix)."""
        return self.name.rsplit(".", 1)[-1]

    @property
    def megabytes(self) -> Decimal:
        """The size as a page gives it: in MB (10^6 bytes), to a tenth, never 0."""
        tenths = max(1, round(self.size / 100_000))
        return Decimal(tenths) / 10


@dataclass(frozen=True)
class SitePlan:
    pages: tuple[Page, ...]
    images: tuple[Image, ...]
    # On every page of each language: part of the render digest, not of contexts.
    footers: Mapping[str, tuple[Link, ...]] = field(default_factory=dict)
    checksums: tuple[Checksums, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        """The site's languages, the originals' first (as the footers are given)."""
        return tuple(self.footers)

    @property
    def search_groups(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(prefix, files) of each language: each is indexed into bundles of its own
        (urls.search_bundles), which its search page loads."""
        groups: dict[str, list[str]] = {}
        for page in self.pages:
            if page.searchable:
                groups.setdefault(page.prefix, []).append(urls.output_file(page.path))
        return tuple((prefix, tuple(files)) for prefix, files in groups.items())


@dataclass(frozen=True)
class Pager:
    """Where a page sits in a list split over several pages: (number, path) of every page."""

    number: int
    pages: tuple[tuple[int, str], ...]


class Bar(NamedTuple):
    """One bar of a statistics chart: what it counts (a status key, a year, an Article, a
    region, a case's Link) and one number per series."""

    key: Any
    values: tuple[int, ...]


@dataclass(frozen=True)
class Chart:
    name: str  # its id on the page and the key of its words (strings: statistics.chart)
    bars: tuple[Bar, ...]
    series: tuple[str, ...]  # the keys of the series' names (strings: statistics.series)
    total: int  # bars before any were left out (CHART_BARS)

    @property
    def largest(self) -> int:
        return max((value for bar in self.bars for value in bar.values), default=0)


class Link(NamedTuple):  # a tuple: pages holding thousands compare in C
    """A link to a record as lists show it: where it goes, its text, and a status if it has one."""

    path: str
    title: str
    status: str = ""


def plan_site(
    catalog: Catalog,
    updated: Mapping[str, PartialDate] | None = None,
    *,
    offline: bool = False,
    today: datetime.date | None = None,
    downloads: tuple[Download, ...] = (),
    memo: RecordMemo | None = None,
) -> SitePlan:
    """Every page in every language, the originals' at the root and each other's under its
    prefix, then the pages of the whole site; `updated`: when each record file last changed
    (git); `today`: the build's date, against which news is old (default: the newest date the
    content gives). The offline copy also gets the search index that works from file://.
    `downloads`: the files the downloads page lists (none: it says where they are published).
    `memo`: what an earlier build (serve) made of each record."""
    today = today or newest_content_date(catalog)
    memo = memo or RecordMemo(keep=False)
    languages = (catalog.language, *catalog.translated)
    photos = {p.slug: photo_path(p) for p in catalog.prisoners.values() if p.photo is not None}
    # The data is the originals', at the root only; first: the largest files render first.
    open_data = list(data_files(catalog, photos))
    pages: list[Page] = [*open_data, *record_files(catalog, photos)]
    footers = {}
    for language in languages:
        local = catalog.translated.get(language, catalog)
        prefix = "" if language == catalog.language else urls.language_prefix(language)
        planned = language_pages(
            local, updated, offline=offline, prefix=prefix, today=today, memo=memo
        )
        planned.append(downloads_page(downloads, today))
        if prefix:
            planned = [_in_language(page, language) for page in planned]
        pages += planned
        footers[language] = tuple(
            Link(urls.text_page(slug), page.title) for slug, page in local.pages.items()
        )
    pages.append(not_found_page(catalog))
    pages += crawler_pages(pages, languages[1:])
    images = tuple(
        Image(photos[slug], prisoner.photo, prisoner.path, prisoner.line_of("photo"))
        for slug, prisoner in catalog.prisoners.items()
        if prisoner.photo is not None
    )
    return SitePlan(tuple(pages), images, footers, (data_checksums(open_data),))


def _in_language(page: Page, language: str) -> Page:
    path = urls.language_prefix(language) + page.path
    return dataclasses.replace(page, path=path, language=language)


def language_pages(
    catalog: Catalog,
    updated: Mapping[str, PartialDate] | None = None,
    *,
    offline: bool = False,
    prefix: str = "",
    today: datetime.date,
    memo: RecordMemo,
) -> list[Page]:
    """Every page of the site in the catalog's language (under `prefix`), each at its address
    in any language; news is old as of `today`."""
    reports = {
        slug: memo.made(status_report, person, catalog.site, today)
        for slug, person in catalog.prisoners.items()
    }
    links = RecordLinks(catalog)
    years = tuple(catalog.timeline)
    updated = updated or {}
    held = {slug: memo.made(latest_detention, person) for slug, person in catalog.prisoners.items()}
    states = catalog.translation_states if prefix else None  # None: the originals' language
    profiles = [
        profile_page(
            catalog,
            links,
            person,
            held[slug],
            updated.get(person.path),
            states,
            reports[slug],
            memo,
        )
        for slug, person in catalog.prisoners.items()
    ]
    cases = [
        case_page(catalog, links, case, updated.get(case.path), states, memo)
        for case in catalog.cases.values()
    ]
    content_pages = [
        home_page(catalog, reports),
        *prisoner_list_pages(catalog, held, reports),
        *profiles,
        *paginated(urls.CASES, "cases.html", "cases", tuple(catalog.cases.values())),
        *cases,
        articles_page(catalog),
        *(
            page
            for article in catalog.articles.values()
            for page in article_pages(catalog, links, article)
        ),
        timeline_page(catalog),
        *(
            page
            for year in years
            for page in year_pages(catalog, year, catalog.timeline[year], years)
        ),
        *paginated(urls.SOURCES, "sources.html", "sources", tuple(catalog.sources.values())),
        *(
            page
            for source in catalog.sources.values()
            for page in source_pages(catalog, links, source)
        ),
        *(text_page(page, states, catalog) for page in catalog.pages.values()),
    ]
    # The picture shown where a profile is shared; the offline copy is read, not shared.
    cards = () if offline else share_card_pages(catalog, reports)
    entries = search_entries(catalog, [page.context["search"] for page in (*profiles, *cases)])
    searchable = sum(page.searchable for page in content_pages)  # as the index stage counts
    return [
        *content_pages,
        data_page(catalog),
        statistics_page(catalog, links, reports),
        *search_page(entries, searchable, catalog.places, memo, offline=offline, prefix=prefix),
        *feed_pages(catalog),
        *redirect_pages(catalog),
        *cards,
    ]


def find_collisions(plan: SitePlan) -> list[Problem]:
    """A page or photo whose file is not a plain path inside the output folder, and two pages
    (or a page and a redirect, or a photo) at one file: caught before anything is written.
    A plain path (urls.SITE_FILE) is its own normal form, so files are compared normalised:
    a/./b/ is refused, never taken for another file than a/b/."""
    seen: dict[str, str] = {}
    problems = []
    planned = itertools.chain(
        (
            (page.path, urls.output_file(page.path), page.template or page.renderer.value)
            for page in plan.pages
        ),
        ((image.path, image.path, "a photo") for image in plan.images),
        ((sums.path, sums.path, "checksums") for sums in plan.checksums),
    )
    for path, file, what in planned:
        if not urls.SITE_FILE.fullmatch(file):
            message = (
                f"a page ({what}) would be written at {file!r}, which is not a plain path"
                " inside the output folder: nothing was written"
            )
            problems.append(Problem("content", 0, "", message))
        elif file in seen:
            message = f"two pages would be written at /{path} ({seen[file]} and {what})"
            problems.append(Problem("content", 0, "", message))
        else:
            seen[file] = what
    return problems


def photo_path(prisoner: Prisoner) -> str:
    return urls.prisoner(prisoner.slug) + "photo.jpg"


# --- page types ----------------------------------------------------------------------------


def home_page(catalog: Catalog, reports: Mapping[str, StatusReport]) -> Page:
    return Page(
        urls.HOME,
        "home.html",
        {
            "status_counts": _status_counts(reports),
            "stale_months": catalog.site.status_stale_months,
            "totals": {
                "prisoners": len(catalog.prisoners),
                "cases": len(catalog.cases),
                "articles": len(catalog.articles),
                "sources": len(catalog.sources),
            },
            "latest": tuple(
                itertools.islice(
                    itertools.chain.from_iterable(catalog.timeline.values()), LATEST_EVENTS_ON_HOME
                )
            ),
        },
    )


def prisoner_list_pages(
    catalog: Catalog, held: Mapping[str, Detention | None], reports: Mapping[str, StatusReport]
) -> Iterator[Page]:
    """Everyone, page by page: name, status and when it was last reported, main charge, in
    custody since (for those held)."""
    rows = tuple(
        (person, detention.since if detention and not detention.released else None, reports[slug])
        for slug, person, detention in ((s, p, held[s]) for s, p in catalog.prisoners.items())
    )
    context = {"articles": catalog.articles}
    return paginated(urls.PRISONERS, "prisoners.html", "rows", rows, context)


def profile_page(
    catalog: Catalog,
    links: RecordLinks,
    prisoner: Prisoner,
    detention: Detention | None,
    updated: PartialDate | None,
    states: Mapping[str, str] | None,
    report: StatusReport,
    memo: RecordMemo,
) -> Page:
    return Page(
        urls.prisoner(prisoner.slug),
        "prisoner.html",
        {
            "prisoner": prisoner,
            "photo": photo_path(prisoner) if prisoner.photo else "",
            "card": share_card_path(prisoner),  # drawn in online builds only
            "articles": {c.article: catalog.articles[c.article] for c in prisoner.charges},
            "cases": links.cases(catalog.cases_of_prisoner[prisoner.slug]),
            "events": memo.made(_chronological, prisoner),
            "sources": _cited_sources(
                catalog,
                (
                    *prisoner.sources,
                    prisoner.status_source,  # "" where the status has none
                    *(recognition.source for recognition in prisoner.recognised),
                ),
                prisoner.events,
            ),
            "detention": detention,
            "report": report,
            "updated": updated,
            "search": prisoner_entry(catalog, prisoner, report, memo),
            **_text_languages(prisoner.path, states, catalog),
        },
        searchable=True,
    )


def share_card_pages(catalog: Catalog, reports: Mapping[str, StatusReport]) -> tuple[Page, ...]:
    """Each published person's share card (pages/share_card.py), beside the profile: drawn
    from the name as the language writes it and the status as the profile gives it. Its path
    follows the slug, so it is no permanent address (as record.json)."""
    return tuple(
        Page(
            share_card_path(person),
            share_card.WORDS,
            {"name": person.name, "gender": person.gender, "report": reports[slug]},
            permanent=False,
            renderer=Renderer.SHARE_CARD,
        )
        for slug, person in catalog.prisoners.items()
    )


def share_card_path(prisoner: Prisoner) -> str:
    return urls.prisoner(prisoner.slug) + share_card.FILE


def case_page(
    catalog: Catalog,
    links: RecordLinks,
    case: Case,
    updated: PartialDate | None,
    states: Mapping[str, str] | None,
    memo: RecordMemo,
) -> Page:
    return Page(
        urls.case(case.slug),
        "case.html",
        {
            "case": case,
            "people": links.prisoners(catalog.people_of_case[case.slug]),
            "articles": tuple(catalog.articles[a] for a in case.articles),
            "events": memo.made(_chronological, case),
            "sources": _cited_sources(catalog, case.sources, case.events),
            "updated": updated,
            **_text_languages(case.path, states, catalog),
            "search": case_entry(case, catalog.places),
        },
        searchable=True,
    )


def articles_page(catalog: Catalog) -> Page:
    charged = {
        article_id: len({ref.prisoner for ref in refs})
        for article_id, refs in catalog.charges_under_article.items()
    }
    context = {"articles": tuple(catalog.articles.values()), "charged": charged}
    return Page(urls.ARTICLES, "articles.html", context)


def article_pages(catalog: Catalog, links: RecordLinks, article: Article) -> Iterator[Page]:
    return paginated(
        urls.article(article.id),
        "article.html",
        "groups",
        _charged_rows(catalog, links, article.id),
        {"article": article, "cases": links.cases(catalog.cases_under_article[article.id])},
        shape=nested,
        searchable=True,
    )


def timeline_page(catalog: Catalog) -> Page:
    years = tuple((year, len(entries)) for year, entries in catalog.timeline.items())
    return Page(urls.TIMELINE, "timeline.html", {"years": years})


def year_pages(
    catalog: Catalog, year: int, entries: tuple[TimelineEntry, ...], years: tuple[int, ...]
) -> Iterator[Page]:
    """A year's events, newest first, under a heading for each month, each with its sources."""
    cited = {s: catalog.sources[s] for entry in entries for s in entry.event.sources}
    return paginated(
        urls.timeline_year(year),
        "timeline_year.html",
        "months",
        entries,
        {"year": year, "years": years, "sources": cited},
        shape=_by_month,
    )


def _by_month(
    entries: tuple[TimelineEntry, ...],
) -> tuple[tuple[int, tuple[TimelineEntry, ...]], ...]:
    """(month, its entries) in the entries' order, but events without a month (month 0) last,
    after the dated ones they may belong among."""
    months = [
        (month, tuple(group))
        for month, group in itertools.groupby(entries, key=lambda entry: entry.event.date.month)
    ]
    return tuple(sorted(months, key=lambda pair: pair[0] == 0))


def source_pages(catalog: Catalog, links: RecordLinks, source: Source) -> Iterator[Page]:
    citing = catalog.citations[source.id]
    rows = (
        *(("prisoners", links.prisoner(slug)) for kind, slug in citing if kind == "prisoner"),
        *(("cases", links.case(slug)) for kind, slug in citing if kind == "case"),
    )
    return paginated(
        urls.source(source.id),
        "source.html",
        "cited",
        rows,
        {"source": source},
        shape=nested,
        searchable=True,
    )


def search_page(
    entries: Mapping[str, SearchEntry],
    searchable: int,
    places: Gazetteer,
    memo: RecordMemo,
    *,
    offline: bool,
    prefix: str = "",
) -> Iterator[Page]:
    """The search page offers every filter in use, with its values unless they come from the
    index (FILTERS_FROM_INDEX), and loads the index bundles of `searchable` pages; offline, the
    index ships beside it. `memo`: the words of each spelling, as an earlier build (serve) made
    them."""
    raw_values: dict[str, dict[Any, None]] = {name: {} for name in SEARCH_FILTERS}
    for entry in entries.values():  # tens of thousands, sharing a few hundred values
        for name, raw in entry.filters:
            raw_values[name][raw] = None
    filters = tuple(
        (name, () if name in FILTERS_FROM_INDEX else _sorted_values(raw_values[name]))
        for name in SEARCH_FILTERS
        if raw_values[name]
    )
    bundles = urls.search_bundles(searchable, prefix)
    context = {
        "filters": filters,
        "from_index": FILTERS_FROM_INDEX,
        "bundles": bundles,
        "folding": spellings.rules(),  # the query is folded as the names were
    }
    yield Page(urls.SEARCH, "search.html", context)
    yield Page(
        urls.SEARCH_WORDS,
        "search-words.js",
        {"words": suggested_words(entries, places, memo)},
        permanent=False,
    )
    if offline:
        yield Page(
            urls.OFFLINE_SEARCH_INDEX, "search-index.js", {"entries": tuple(entries.values())}
        )


def suggested_words(
    entries: Mapping[str, SearchEntry], places: Gazetteer, memo: RecordMemo
) -> tuple[tuple[str, str], ...]:
    """(key, spelling) of every word of every person's names and of every place in the table,
    by key: what a search that finds nothing suggests from ("Did you mean Mamai?")."""
    names_and_places = [
        *(
            name
            for entry in entries.values()
            if entry.kind == "prisoner"
            for name in (entry.title, *entry.names)
        ),
        *(spelling for place in places.places for spelling in place.spellings),
    ]
    pairs = {
        pair
        for spelling in names_and_places
        for pair in memo.of_value(spellings.suggestions, spelling)
    }
    return tuple(sorted(pairs))


def search_entries(
    catalog: Catalog, record_entries: Iterable[SearchEntry]
) -> dict[str, SearchEntry]:
    """One entry per searchable page, by page path; those of prisoners and cases come with
    their pages."""
    entries = [
        *record_entries,
        *(
            SearchEntry(urls.article(article.id), "article", f"{article.number} {article.title}")
            for article in catalog.articles.values()
        ),
        *(
            SearchEntry(urls.source(source.id), "source", source.title, text=source.publisher)
            for source in catalog.sources.values()
        ),
    ]
    return {entry.path: entry for entry in entries}


def prisoner_entry(
    catalog: Catalog, prisoner: Prisoner, report: StatusReport, memo: RecordMemo
) -> SearchEntry:
    filters: list[tuple[str, Any]] = [("status", prisoner.status)]
    if prisoner.region:
        filters.append(("region", prisoner.region))
    articles = dict.fromkeys(charge.article for charge in prisoner.charges)
    filters += [("article", catalog.articles[a]) for a in articles]
    filters += [("case", catalog.cases[c].title) for c in catalog.cases_of_prisoner[prisoner.slug]]
    detentions = [e.date.year for e in prisoner.events if e.type in DETENTION_EVENTS]
    if detentions:
        filters.append(("year", min(detentions)))
    places, keys = memo.made(_places_and_keys, prisoner, catalog.places)
    return SearchEntry(
        urls.prisoner(prisoner.slug),
        "prisoner",
        prisoner.name,
        prisoner.name_variants,
        prisoner.status,
        prisoner.body,
        tuple(filters),
        keys=keys,
        places=places,
        reported=report.reported,
        recent=report.recent,
        gender=prisoner.gender,
    )


def _places_and_keys(
    prisoner: Prisoner, table: Gazetteer
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The places a person's record names, and the person's search keys."""
    places = (
        prisoner.region,
        prisoner.city,
        prisoner.detention_place,
        *(event.place for event in prisoner.events),
    )
    named = (prisoner.name, *prisoner.name_variants)
    keys = _keys(spellings.search_keys(named), places, table)
    return tuple(dict.fromkeys(place for place in places if place)), keys


def case_entry(case: Case, table: Gazetteer) -> SearchEntry:
    text = case.summary or case.body
    places = tuple(dict.fromkeys(p for p in (case.region, *(e.place for e in case.events)) if p))
    keys = _keys((), places, table)
    return SearchEntry(urls.case(case.slug), "case", case.title, text=text, keys=keys)


def _keys(name_keys: tuple[str, ...], places: Iterable[str], table: Gazetteer) -> tuple[str, ...]:
    """A record's search keys: its names', then those of every spelling of its places (the
    table in content/places.yaml), so that a place is found in any language or script."""
    place_keys = table.keys_of(place for place in places if place)
    return tuple(dict.fromkeys((*name_keys, *place_keys)))


def not_found_page(catalog: Catalog) -> Page:
    """The page for unknown addresses (hosts such as GitHub Pages show 404.html at any of them,
    at any depth), in every language of the site."""
    return Page(urls.NOT_FOUND, "404.html", {}, link_root=urlsplit(catalog.site.base_url).path)


def crawler_pages(pages: Iterable[Page], other_languages: tuple[str, ...] = ()) -> Iterator[Page]:
    """robots.txt, and a sitemap of every page worth finding (not the 404 page, redirects, feeds
    or data files) in every language, in parts of SITEMAP_SLICE addresses under an index, each
    with its addresses in every language (as search engines ask: each names all, itself
    included)."""
    # Pages are folders ("", "prisoners/x/"); files (404.html, feeds, data) are not listed.
    listed = [
        (page.path, page.unprefixed)
        for page in pages
        if (page.path == "" or page.path.endswith("/")) and page.template != "redirect.html"
    ]
    parts = [
        tuple(listed[start : start + urls.SITEMAP_SLICE])
        for start in range(0, len(listed), urls.SITEMAP_SLICE)
    ]
    yield Page(urls.ROBOTS, "robots.txt", {})
    yield Page(
        urls.SITEMAP,
        "sitemap.xml",
        {"parts": tuple(map(urls.sitemap_part, range(1, len(parts) + 1)))},
    )
    for number, part in enumerate(parts, start=1):
        context = {"paths": part, "languages": other_languages}
        yield Page(urls.sitemap_part(number), "sitemap-part.xml", context, permanent=False)


def text_page(page: TextPage, states: Mapping[str, str] | None, catalog: Catalog) -> Page:
    context = {"text": page, **_text_languages(page.path, states, catalog)}
    return Page(urls.text_page(page.slug), "text_page.html", context)


def _text_languages(
    path: str, states: Mapping[str, str] | None, catalog: Catalog
) -> dict[str, str]:
    """What a page says of its record's text (strings: translation): its state, "" in the
    originals' language (`states` None) and for a translation checked and up to date, else
    missing, stale or unreviewed; and the language it is shown in where it is missing in the
    page's: a fallback's (site.yaml's fallback) where one has it, else the original's."""
    return {
        "text_state": "" if states is None else states.get(path, "missing"),
        "text_shown": catalog.text_languages.get(path, catalog.language),
    }


# --- open data: written by pages/data.py ----------------------------------------------


def data_table_file(table: str) -> str:
    return urls.data_file(f"{table}.csv")


def _data_counts(catalog: Catalog) -> dict[str, int]:
    prisoners, cases = catalog.prisoners.values(), catalog.cases.values()
    return {
        "people": len(prisoners),
        "cases": len(cases),
        "charges": sum(len(person.charges) for person in prisoners),
        "recognitions": sum(len(person.recognised) for person in prisoners),
        "events": sum(len(record.events) for record in (*prisoners, *cases)),
        "sources": len(catalog.sources),
        "articles": len(catalog.articles),
    }


def data_page(catalog: Catalog) -> Page:
    """The data dictionary: what every file holds and what every column means (in the page's
    language; the files it lists are the originals', at the root)."""
    counts = _data_counts(catalog)
    return Page(
        urls.DATA,
        data.PAGE_TEMPLATE,
        {
            "tables": tuple(
                (name, data_table_file(name), data.TABLES[name], counts[name])
                for name in data.TABLES
            ),
            "values": {f"{table}.{column}": v for (table, column), v in data.COLUMN_VALUES.items()},
            "database": urls.data_file(data.DATABASE_FILE),
            "schemas": tuple((name, _data_schema_file(name)) for name in SCHEMA_NAMES),
            "checksums": urls.data_file(data.CHECKSUMS_FILE),
        },
    )


def data_files(catalog: Catalog, photos: Mapping[str, str]) -> Iterator[Page]:
    """The tables, the database and the schemas. `photos`: the site path of each person's
    photo, by slug."""
    prisoners, cases = tuple(catalog.prisoners.values()), tuple(catalog.cases.values())
    linked = {
        "cases_of": catalog.cases_of_prisoner,
        "people_of": catalog.people_of_case,
        "photos": photos,
    }
    sources: dict[str, dict[str, Any]] = {
        "people": {"prisoners": prisoners, **linked},
        "cases": {"cases": cases, **linked},
        "charges": {"prisoners": prisoners},
        "recognitions": {"prisoners": prisoners},
        "events": {"prisoners": prisoners, "cases": cases},
        "sources": {"sources": tuple(catalog.sources.values())},
        "articles": {"articles": tuple(catalog.articles.values())},
    }
    for name in data.TABLES:
        context = {"table": name, **sources[name]}
        yield Page(data_table_file(name), "", context, renderer=Renderer.CSV_TABLE)
    yield Page(
        urls.data_file(data.DATABASE_FILE),
        "",
        {
            "prisoners": prisoners,
            "cases": cases,
            "articles": sources["articles"]["articles"],
            "sources": sources["sources"]["sources"],
            **linked,
        },
        renderer=Renderer.DATABASE_JSON,
    )
    for name in SCHEMA_NAMES:
        yield Page(_data_schema_file(name), "", {"name": name}, renderer=Renderer.SCHEMA_JSON)


def data_checksums(files: Iterable[Page]) -> Checksums:
    """SHA256SUMS of the data files, beside them."""
    summed = tuple(urls.output_file(page.path) for page in files)
    return Checksums(urls.data_file(data.CHECKSUMS_FILE), summed)


def record_files(catalog: Catalog, photos: Mapping[str, str]) -> Iterator[Page]:
    """Each record's record.json beside its page: its path follows the record's slug, so it
    is no permanent address (a renamed record's page redirects; its data moves)."""
    for person in catalog.prisoners.values():
        yield Page(
            urls.record_data(urls.prisoner(person.slug)),
            "",
            {"record": person, "linked": catalog.cases_of_prisoner[person.slug],
             "photo": photos.get(person.slug, "")},
            permanent=False,
            renderer=Renderer.RECORD_JSON,
        )  # fmt: skip
    for case in catalog.cases.values():
        yield Page(
            urls.record_data(urls.case(case.slug)),
            "",
            {"record": case, "linked": catalog.people_of_case[case.slug], "photo": ""},
            permanent=False,
            renderer=Renderer.RECORD_JSON,
        )


def _data_schema_file(name: str) -> str:
    return f"{SCHEMA_FOLDER}{name}.json"


def statistics_page(
    catalog: Catalog, links: RecordLinks, reports: Mapping[str, StatusReport]
) -> Page:
    """Counts of the whole database, each drawn as a chart and given as a table: people by
    status (reported recently, or earlier), detentions and sentences by year, people by law
    article, region and case."""
    people = catalog.prisoners.values()
    statuses = _status_counts(reports)
    charts = (
        Chart("status", tuple(Bar(s, (recent, earlier)) for s, recent, earlier in statuses),
              ("reported_recently", "reported_earlier"), len(statuses)),
        _years_chart(catalog),
        _largest(
            "articles",
            (
                (catalog.articles[article_id], len({ref.prisoner for ref in refs}))
                for article_id, refs in catalog.charges_under_article.items()
            ),
        ),
        _largest("regions", Counter(prisoner.region for prisoner in people).items()),
        _largest(
            "cases",
            ((links.case(slug), len(people)) for slug, people in catalog.people_of_case.items()),
        ),
    )  # fmt: skip
    return Page(urls.STATISTICS, "statistics.html", {"charts": charts})


def _status_counts(reports: Mapping[str, StatusReport]) -> tuple[tuple[str, int, int], ...]:
    """(status, people reported in it recently, people last reported in it earlier), for each
    status someone has, in the statuses' order."""
    recent = Counter(report.status for report in reports.values() if report.recent)
    earlier = Counter(report.status for report in reports.values() if not report.recent)
    return tuple(
        (status, recent[status], earlier[status])
        for status in PRISONER_STATUSES
        if recent[status] or earlier[status]
    )


def _years_chart(catalog: Catalog) -> Chart:
    """People's detentions (DETENTION_EVENTS) and sentences, by year, oldest first, every year
    from the first to the last: a year of none is a bar of 0, so that gaps show. Case events
    are left out: the people they are about have events of their own."""
    events = [event for prisoner in catalog.prisoners.values() for event in prisoner.events]
    detained = Counter(event.date.year for event in events if event.type in DETENTION_EVENTS)
    sentenced = Counter(event.date.year for event in events if event.type == "sentenced")
    counted = detained.keys() | sentenced.keys()
    years = range(min(counted), max(counted) + 1) if counted else range(0)
    bars = tuple(Bar(year, (detained[year], sentenced[year])) for year in years)
    return Chart("years", bars, ("detentions", "sentences"), len(bars))


def _largest(name: str, counts: Iterable[tuple[Any, int]]) -> Chart:
    """The CHART_BARS largest counts, largest first (ties in the catalog's order); none of 0."""
    counted = [(key, count) for key, count in counts if count]
    ranked = sorted(counted, key=lambda item: -item[1])  # stable: ties keep the catalog's order
    bars = tuple(Bar(key, (count,)) for key, count in ranked[:CHART_BARS])
    return Chart(name, bars, ("people",), len(counted))


def downloads_page(downloads: tuple[Download, ...], today: datetime.date) -> Page:
    """What each file of the whole site is for, its size, date and checksum, and how to check
    it; the files are made at the build of `today`."""
    made = PartialDate(today.year, today.month, today.day)
    context = {
        "downloads": downloads,
        "made": made,
        "checksums": urls.DOWNLOAD_SUMS if downloads else "",
    }
    return Page(urls.DOWNLOADS, "downloads.html", context)


def feed_pages(catalog: Catalog) -> Iterator[Page]:
    """Atom feeds of the newest events: the whole site's (SITE_FEED_ENTRIES), and one per
    person, case and law article (FEED_ENTRIES). A case's feed has its people's events too, a
    law article's those of the people charged under it and of its cases. A renamed record's
    feed is published at its former addresses too: a feed reader follows no HTML redirect, and
    each copy names the new address as its own (rel="self").

    A feed's context holds the records it draws from, and its renderer makes the entries
    (atom.feed_entries): serve plans every feed after every edit, and a record stands in for its
    events by one token when a feed is fingerprinted."""
    timeline = itertools.chain.from_iterable(catalog.timeline.values())
    newest = itertools.islice(timeline, SITE_FEED_ENTRIES)
    latest = dict.fromkeys((entry.kind, entry.slug) for entry in newest)
    yield _feed(urls.HOME, urls.HOME, "site", _records(catalog, latest), limit=SITE_FEED_ENTRIES)
    for prisoner in catalog.prisoners.values():
        undated = None if prisoner.events else _newest_source(catalog, prisoner)
        canonical = urls.prisoner(prisoner.slug)
        for slug in (prisoner.slug, *prisoner.former_slugs):
            yield _feed(urls.prisoner(slug), canonical, "prisoner", (prisoner,), prisoner, undated)
    for case in catalog.cases.values():
        people = catalog.people_of_case[case.slug]
        records: tuple[Prisoner | Case, ...] = (case, *map(catalog.prisoners.__getitem__, people))
        undated = None if any(r.events for r in records) else _newest_source(catalog, case)
        canonical = urls.case(case.slug)
        for slug in (case.slug, *case.former_slugs):
            yield _feed(urls.case(slug), canonical, "case", records, case, undated)
    for article in catalog.articles.values():
        charged = dict.fromkeys(
            ("prisoner", r.prisoner) for r in catalog.charges_under_article[article.id]
        )
        cases = (("case", slug) for slug in catalog.cases_under_article[article.id])
        records = _records(catalog, [*charged, *cases])
        path = urls.article(article.id)
        yield _feed(path, path, "article", records, article)


def _feed(
    path: str,
    canonical: str,
    kind: str,  # site | prisoner | case | article
    records: tuple[Prisoner | Case, ...],
    about: Prisoner | Case | Article | None = None,
    undated: PartialDate | None = None,
    limit: int | None = None,  # FEED_ENTRIES
) -> Page:
    """The feed at urls.feed(path) of the page at `canonical`, of the events of `records`,
    following `about` (None: the whole site). A feed is dated by its newest entry; one with
    none by `undated` if given (a record's newest source), never by the time of the build."""
    context = {
        "kind": kind,
        "about": about,
        "canonical": canonical,
        "records": records,
        "limit": limit or FEED_ENTRIES,
        "undated": undated,
    }
    return Page(urls.feed(path), "", context, renderer=Renderer.ATOM_FEED)


def _records(catalog: Catalog, keys: Iterable[tuple[str, str]]) -> tuple[Prisoner | Case, ...]:
    """The records named by (kind, slug)."""
    return tuple(
        catalog.prisoners[slug] if kind == "prisoner" else catalog.cases[slug]
        for kind, slug in keys
    )


def _newest_source(catalog: Catalog, record: Prisoner | Case) -> PartialDate | None:
    dates = (catalog.sources[source_id].date for source_id in record.sources)
    return max(dates, key=lambda date: date.earliest, default=None)


def redirect_pages(catalog: Catalog) -> Iterator[Page]:
    records: Iterable[Prisoner | Case | TextPage] = itertools.chain(
        catalog.prisoners.values(), catalog.cases.values(), catalog.pages.values()
    )
    where = {Prisoner: urls.prisoner, Case: urls.case, TextPage: urls.text_page}
    for record in filter(lambda record: record.former_slugs, records):
        address = where[type(record)]
        target = address(record.slug)
        for old in record.former_slugs:
            yield Page(
                address(old),
                "redirect.html",
                {"title": record.title, "target": target},
            )


# --- helpers -------------------------------------------------------------------------------


def paginated(
    path: str,
    template: str,
    key: str,
    items: tuple[Any, ...],
    context: Mapping[str, Any] | None = None,
    *,
    shape: Callable[[tuple[Any, ...]], Any] = lambda chunk: chunk,
    searchable: bool = False,
) -> Iterator[Page]:
    """A list over as many pages as it needs: path, then path + '2/', path + '3/' and so on.
    Each page gets its share of the items as context[key], passed through `shape`; only the
    first page is searchable, so that search finds a record once."""
    chunks = [
        items[start : start + LIST_PAGE_SIZE] for start in range(0, len(items), LIST_PAGE_SIZE)
    ]
    chunks = chunks or [()]
    paths = tuple((n, path if n == 1 else f"{path}{n}/") for n in range(1, len(chunks) + 1))
    for (number, page_path), chunk in zip(paths, chunks, strict=True):
        pager = Pager(number, paths)
        yield Page(
            page_path,
            template,
            {**(context or {}), key: shape(chunk), "pager": pager},
            searchable=searchable and number == 1,
        )


def nested(rows: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
    """Rows grouped by their leading values, in order:
    (a, b, x), (a, b, y), (a, c, z) -> ((a, ((b, (x, y)), (c, (z,)))),)"""
    if not rows or len(rows[0]) == 1:
        return tuple(row[0] for row in rows)
    return tuple(
        (first, nested(tuple(row[1:] for row in group)))
        for first, group in itertools.groupby(rows, key=lambda row: row[0])
    )


def _sorted_values(raws: Iterable[Any]) -> tuple[Any, ...]:
    """Filter values in the order the search page lists them, one per sort key."""
    by_key = {_filter_key(raw): raw for raw in raws}
    return tuple(by_key[key] for key in sorted(by_key))


def _filter_key(raw: Any) -> str:
    """Sort key of a filter value: articles by code and number, the rest as text."""
    if isinstance(raw, Article):
        return f"{raw.code} {raw.number.zfill(6)} {raw.id}"
    return str(raw).casefold()


class RecordLinks:
    """One Link per prisoner and case, shared by every list that shows it."""

    def __init__(self, catalog: Catalog) -> None:
        prisoners = {
            slug: Link(urls.prisoner(slug), person.name, person.status)
            for slug, person in catalog.prisoners.items()
        }
        cases = {slug: Link(urls.case(slug), case.title) for slug, case in catalog.cases.items()}
        self.prisoner, self.case = prisoners.__getitem__, cases.__getitem__

    def prisoners(self, slugs: Iterable[str]) -> tuple[Link, ...]:
        return tuple(map(self.prisoner, slugs))

    def cases(self, slugs: Iterable[str]) -> tuple[Link, ...]:
        return tuple(map(self.case, slugs))


def _chronological(record: Record) -> tuple[Event, ...]:
    return tuple(sorted(record.events, key=lambda event: event.date.sort_key))


def _cited_sources(
    catalog: Catalog, record_sources: Iterable[str], events: Iterable[Event]
) -> tuple[Source, ...]:
    """The record's sources, then any more its events cite, each once ("" names none)."""
    ids = dict.fromkeys([*record_sources, *(s for e in events for s in e.sources)])
    return tuple(catalog.sources[source_id] for source_id in ids if source_id)


def _charged_rows(
    catalog: Catalog, links: RecordLinks, article_id: str
) -> tuple[tuple[str, str, Link], ...]:
    """(part, status, person) for everyone charged under an article: parts in order ('' for
    part not given, last), then statuses in their order, then people by name."""
    status_rank = {status: rank for rank, status in enumerate(PRISONER_STATUSES)}

    def part_order(part: str) -> tuple[int, int, str]:
        digits = "".join(ch for ch in part.split("-")[0] if "0" <= ch <= "9")[:9]
        return (part == "", int(digits) if digits else 0, part)

    listed: set[tuple[str, str]] = set()  # (part, prisoner): two charges under one part, one line
    rows = []
    for ref in catalog.charges_under_article[article_id]:  # people in name order
        if (ref.charge.part, ref.prisoner) not in listed:
            listed.add((ref.charge.part, ref.prisoner))
            status = catalog.prisoners[ref.prisoner].status
            rows.append((ref.charge.part, status, links.prisoner(ref.prisoner)))
    # A stable sort keeps the name order within each part and status. Thousands of rows share
    # a few parts: each part's order is worked out once.
    parts = {part: part_order(part) for part in {row[0] for row in rows}}
    rows.sort(key=lambda row: (parts[row[0]], status_rank[row[1]]))
    return tuple(rows)
