"""Plan stage: Catalog -> every page the site publishes, each with only the data it shows.

All page types are listed in `plan_site`. A page's context is plain frozen data: templates only
format it, and any page can be rendered on its own, in any process.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.content.model import (
    PRISONER_STATUSES,
    Case,
    Catalog,
    Event,
    Prisoner,
    Source,
    TimelineEntry,
)
from generator.pages import urls
from generator.problems import Problem

LATEST_EVENTS_ON_HOME = 10


@dataclass(frozen=True)
class Page:
    path: str  # site-relative folder, e.g. "prisoners/x/"; the file is path + index.html
    template: str
    context: Mapping[str, Any]
    searchable: bool = False  # indexed by the search
    # Links are relative to the page, except where a page is shown at any address (404):
    # then they start from this site-absolute root.
    link_root: str | None = None


@dataclass(frozen=True)
class Image:
    """A content image to publish (re-encoded, metadata stripped) at a site path."""

    path: str
    source: Path
    record_path: str  # the content file naming it, for messages
    record_line: int


@dataclass(frozen=True)
class SitePlan:
    pages: tuple[Page, ...]
    images: tuple[Image, ...]


@dataclass(frozen=True)
class Link:
    """A link to a record as lists show it: where it goes, its text, and a status if it has one."""

    path: str
    title: str
    status: str = ""


def plan_site(catalog: Catalog) -> SitePlan:
    pages = [
        home_page(catalog),
        *prisoner_pages(catalog),
        *case_pages(catalog),
        *article_pages(catalog),
        *timeline_pages(catalog),
        *source_pages(catalog),
        search_page(),
        not_found_page(catalog),
        *redirect_pages(catalog),
    ]
    images = tuple(
        Image(photo_path(prisoner), prisoner.photo, prisoner.path, prisoner.line_of("photo"))
        for prisoner in catalog.prisoners.values()
        if prisoner.photo is not None
    )
    return SitePlan(tuple(pages), images)


def find_collisions(plan: SitePlan) -> list[Problem]:
    """Two pages (or a page and a redirect) at one address: caught before anything is written."""
    seen: dict[str, Page] = {}
    problems = []
    for page in plan.pages:
        if page.path in seen:
            first = seen[page.path].template
            message = f"two pages would be written at /{page.path} ({first} and {page.template})"
            problems.append(Problem("content", 0, "", message))
        seen[page.path] = page
    return problems


def photo_path(prisoner: Prisoner) -> str:
    return urls.prisoner(prisoner.slug) + "photo.jpg"


# --- page types ----------------------------------------------------------------------------


def home_page(catalog: Catalog) -> Page:
    counts = Counter(prisoner.status for prisoner in catalog.prisoners.values())
    return Page(
        urls.HOME,
        "home.html",
        {
            "status_counts": tuple((s, counts[s]) for s in PRISONER_STATUSES if counts[s]),
            "totals": {
                "prisoners": len(catalog.prisoners),
                "cases": len(catalog.cases),
                "articles": len(catalog.articles),
                "sources": len(catalog.sources),
            },
            "latest": catalog.timeline[:LATEST_EVENTS_ON_HOME],
        },
    )


def prisoner_pages(catalog: Catalog) -> Iterator[Page]:
    yield Page(
        urls.PRISONERS,
        "prisoners.html",
        {"prisoners": tuple(catalog.prisoners.values())},
    )
    for prisoner in catalog.prisoners.values():
        yield Page(
            urls.prisoner(prisoner.slug),
            "prisoner.html",
            {
                "prisoner": prisoner,
                "photo": photo_path(prisoner) if prisoner.photo else "",
                "articles": {c.article: catalog.articles[c.article] for c in prisoner.charges},
                "cases": _case_links(catalog, catalog.cases_of_prisoner[prisoner.slug]),
                "events": _chronological(prisoner.events),
                "sources": _cited_sources(catalog, prisoner.sources, prisoner.events),
            },
            searchable=True,
        )


def case_pages(catalog: Catalog) -> Iterator[Page]:
    yield Page(urls.CASES, "cases.html", {"cases": tuple(catalog.cases.values())})
    for case in catalog.cases.values():
        yield Page(
            urls.case(case.slug),
            "case.html",
            {
                "case": case,
                "people": _prisoner_links(catalog, catalog.people_of_case[case.slug]),
                "articles": tuple(catalog.articles[a] for a in case.articles),
                "events": _chronological(case.events),
                "sources": _cited_sources(catalog, case.sources, case.events),
            },
            searchable=True,
        )


def article_pages(catalog: Catalog) -> Iterator[Page]:
    charged = {
        article_id: len({ref.prisoner for ref in refs})
        for article_id, refs in catalog.charges_under_article.items()
    }
    yield Page(
        urls.ARTICLES,
        "articles.html",
        {"articles": tuple(catalog.articles.values()), "charged": charged},
    )
    for article in catalog.articles.values():
        yield Page(
            urls.article(article.id),
            "article.html",
            {
                "article": article,
                "groups": _charges_by_part_and_status(catalog, article.id),
                "cases": _case_links(catalog, catalog.cases_under_article[article.id]),
            },
            searchable=True,
        )


def timeline_pages(catalog: Catalog) -> Iterator[Page]:
    by_year: dict[int, list[TimelineEntry]] = defaultdict(list)
    for entry in catalog.timeline:  # newest first
        by_year[entry.event.date.year].append(entry)
    years = tuple((year, len(entries)) for year, entries in by_year.items())
    yield Page(urls.TIMELINE, "timeline.html", {"years": years})
    for year, entries in by_year.items():
        yield Page(
            urls.timeline_year(year),
            "timeline_year.html",
            {"year": year, "entries": tuple(entries), "years": years},
        )


def source_pages(catalog: Catalog) -> Iterator[Page]:
    yield Page(urls.SOURCES, "sources.html", {"sources": tuple(catalog.sources.values())})
    for source in catalog.sources.values():
        citing = catalog.citations[source.id]
        yield Page(
            urls.source(source.id),
            "source.html",
            {
                "source": source,
                "prisoners": _prisoner_links(catalog, (s for k, s in citing if k == "prisoner")),
                "cases": _case_links(catalog, (s for k, s in citing if k == "case")),
            },
            searchable=True,
        )


def search_page() -> Page:
    return Page(urls.SEARCH, "search.html", {})


def not_found_page(catalog: Catalog) -> Page:
    """Hosts such as GitHub Pages show 404.html at any unknown address, at any depth."""
    root = urlsplit(catalog.site.base_url).path
    return Page(urls.NOT_FOUND, "404.html", {}, link_root=root)


def redirect_pages(catalog: Catalog) -> Iterator[Page]:
    records: Iterable[Prisoner | Case] = (*catalog.prisoners.values(), *catalog.cases.values())
    for record in records:
        kind = "prisoner" if isinstance(record, Prisoner) else "case"
        target = urls.record(kind, record.slug)
        for old in record.former_slugs:
            yield Page(
                urls.record(kind, old),
                "redirect.html",
                {
                    "title": record.title,
                    "target": target,
                    "canonical": catalog.site.base_url + target,
                },
            )


# --- helpers -------------------------------------------------------------------------------


def _prisoner_links(catalog: Catalog, slugs: Iterable[str]) -> tuple[Link, ...]:
    return tuple(
        Link(urls.prisoner(slug), catalog.prisoners[slug].name, catalog.prisoners[slug].status)
        for slug in slugs
    )


def _case_links(catalog: Catalog, slugs: Iterable[str]) -> tuple[Link, ...]:
    return tuple(Link(urls.case(slug), catalog.cases[slug].title) for slug in slugs)


def _chronological(events: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(sorted(events, key=lambda event: event.date))


def _cited_sources(
    catalog: Catalog, record_sources: Iterable[str], events: Iterable[Event]
) -> tuple[Source, ...]:
    """The record's sources, then any more its events cite, each once."""
    ids = dict.fromkeys([*record_sources, *(s for e in events for s in e.sources)])
    return tuple(catalog.sources[source_id] for source_id in ids)


def _charges_by_part_and_status(
    catalog: Catalog, article_id: str
) -> tuple[tuple[str, tuple[tuple[str, tuple[Link, ...]], ...]], ...]:
    """((part, ((status, people), ...)), ...): parts in order, '' (part not given) last."""
    groups: dict[str, dict[str, list[Link]]] = defaultdict(lambda: defaultdict(list))
    for ref in catalog.charges_under_article[article_id]:
        prisoner = catalog.prisoners[ref.prisoner]
        people = groups[ref.charge.part][prisoner.status]
        if all(link.path != urls.prisoner(prisoner.slug) for link in people):
            people.append(Link(urls.prisoner(prisoner.slug), prisoner.name, prisoner.status))
    status_rank = {status: rank for rank, status in enumerate(PRISONER_STATUSES)}

    def part_order(part: str) -> tuple[int, int, str]:
        digits = "".join(ch for ch in part.split("-")[0] if ch.isdigit())
        return (part == "", int(digits) if digits else 0, part)

    return tuple(
        (
            part,
            tuple(
                (status, tuple(people))
                for status, people in sorted(statuses.items(), key=lambda s: status_rank[s[0]])
            ),
        )
        for part, statuses in sorted(groups.items(), key=lambda item: part_order(item[0]))
    )
