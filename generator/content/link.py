"""Link stage: validated records -> one cross-linked Catalog of what is published.

Checks that need every record at once live here: references to drafts, and former slugs that
collide with live ones or with each other. Every build links everything: at 10,000 records it
takes about 0.3 s, less than a stale index would cost to find.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from generator.content.fields import INVISIBLE
from generator.content.kinds import FOLDERS
from generator.content.latin_names import latin_name_warnings
from generator.content.model import (
    Article,
    Case,
    Catalog,
    ChargeRef,
    Prisoner,
    Record,
    SiteSettings,
    Source,
    TextPage,
    TimelineEntry,
)
from generator.content.periods import detained_while_held, term_ran_out
from generator.content.places import unknown_places
from generator.content.schema import Validated
from generator.memory import RecordMemo
from generator.problems import Problem

TitleOrder = Callable[[str], Any]  # a sort key of names and titles, as a language orders them


def link(
    validated: Validated, title_order: TitleOrder = str.casefold, memo: RecordMemo | None = None
) -> tuple[Catalog | None, list[Problem]]:
    """The catalog (None where the site settings have problems) and the problems; `memo`:
    what an earlier build (serve) made of each record."""
    memo = memo or RecordMemo(keep=False)
    problems: list[Problem] = []
    records = validated.records
    prisoners = {slug: p for slug, p in records["prisoners"].items() if not p.draft}
    cases = {slug: c for slug, c in records["cases"].items() if not c.draft}
    drafts = {
        "cases": {slug for slug, c in records["cases"].items() if c.draft},
        "people": {slug for slug, p in records["prisoners"].items() if p.draft},
    }
    for prisoner in prisoners.values():
        _check_no_drafts(prisoner, "cases", prisoner.cases, drafts["cases"], problems)
    for case in cases.values():
        _check_no_drafts(case, "people", case.people, drafts["people"], problems)
    for kind in FOLDERS:
        _check_former_slugs(records[kind.key].values(), problems)
    if validated.site is None:
        return None, problems
    pages = {slug: page for slug, page in sorted(records["pages"].items()) if not page.draft}
    _check_help_page(validated.site, pages, problems)
    catalog = _build_catalog(validated.site, prisoners, cases, validated, title_order, memo)
    catalog = dataclasses.replace(catalog, pages=pages)
    draft_files = sorted(r.path for kind in FOLDERS for r in records[kind.key].values() if r.draft)
    warnings = (
        *_same_person(list(prisoners.values()), memo),
        *(problem for p in prisoners.values() for problem in memo.made(_time_warnings, p)),
        *latin_name_warnings(validated),
        *unknown_places((*prisoners.values(), *cases.values()), validated.places),
    )
    catalog = dataclasses.replace(
        catalog, drafts=tuple(draft_files), warnings=warnings, places=validated.places
    )
    return catalog, problems


# The most other files a same-person warning names: a thousand files giving one name would
# otherwise name 999 others each, a million paths in all.
MOST_NAMED = 5


def _same_person(people: list[Prisoner], memo: RecordMemo | None = None) -> Iterator[Problem]:
    """Two files that give one name or spelling: likely one person written up twice (two
    people may share a name: a record says so by silencing 'same-person')."""
    by_spelling: dict[str, list[Prisoner]] = defaultdict(list)
    for person in sorted(people, key=lambda person: person.path):
        for spelling in memo.made(_spellings, person) if memo else _spellings(person):
            by_spelling[spelling].append(person)
    shared = [group for group in by_spelling.values() if len(group) > 1]  # rare
    # Each person's others, as far as a message names them: the first of each group it is in
    # (in order of path), which hold the first of all; and whether there are more.
    others: dict[str, set[str]] = defaultdict(set)
    more: set[str] = set()
    named: dict[str, Prisoner] = {}
    for group in shared:
        first = [p.path for p in group[: MOST_NAMED + 1]]
        for person in group:
            others[person.path].update(path for path in first if path != person.path)
            named[person.path] = person
            if len(group) > MOST_NAMED + 1:
                more.add(person.path)
    for path in sorted(others):
        person = named[path]
        if not person.silences("same-person"):
            listed = sorted(others[path])
            who = f"{', '.join(listed)} gives"
            if len(listed) > MOST_NAMED or path in more:
                who = f"{', '.join(listed[:MOST_NAMED])} and more files give"
            yield Problem(
                person.path,
                person.line_of("name"),
                "name",
                f"{who} the same name or spelling: if it is one person, keep one file (and its"
                " slug in former_slugs); if two, say so here: silenced: [{warning: same-person,"
                " reason: ...}]",
                warning=True,
            )


def _time_warnings(person: Prisoner) -> tuple[Problem, ...]:
    """Statuses and custody the record says more of than its reports: a new detention inside
    a custody nothing has ended, and an inferred status credited to a source."""
    problems = [*detained_while_held(person), *term_ran_out(person)]
    credited = person.status_inferred and person.status_source
    if credited and not person.silences("inferred-with-source"):
        problems.append(
            Problem(
                person.path,
                person.line_of("status_source"),
                "status_source",
                "the status is inferred (status_inferred), so no report states it: remove"
                " status_source, or, if the report does state it, remove status_inferred",
                warning=True,
            )
        )
    return tuple(problems)


def _spellings(person: Prisoner) -> frozenset[str]:
    return frozenset(_spelling(name) for name in (person.name, *person.name_variants))


def _spelling(name: str) -> str:
    """A name as a reader sees it: without the characters that show as nothing, in one Unicode
    form (an accent typed apart, a full-width letter), whatever its case and spaces."""
    if not (name.isascii() and name.isprintable()):
        name = unicodedata.normalize("NFKC", INVISIBLE.sub("", name))
    return " ".join(name.casefold().split())


def _check_no_drafts(
    record: Record, name: str, slugs: Iterable[str], drafts: set[str], problems: list[Problem]
) -> None:
    for slug in slugs:
        if slug in drafts:
            message = f"'{slug}' is a draft and is not published: publish it first or leave it out"
            problems.append(Problem(record.path, record.line_of(name), name, message))


def _check_help_page(
    site: SiteSettings, pages: dict[str, TextPage], problems: list[Problem]
) -> None:
    if site.help_page and site.help_page not in pages:  # a draft: validation knows the rest
        message = (
            f"the page '{site.help_page}' is a draft: publish it (draft: false), or leave"
            " help_page out"
        )
        problems.append(Problem("content/site.yaml", 0, "help_page", message))


def _check_former_slugs(records: Iterable[Record | TextPage], problems: list[Problem]) -> None:
    """An old address must redirect to exactly one record and must not hide a live page."""
    records = list(records)
    live = {record.slug: record for record in records}
    claimed: dict[str, Record | TextPage] = {}
    for record in records:
        for old in record.former_slugs:
            line = record.line_of("former_slugs")
            if old in live:
                message = f"'{old}' is the slug of {live[old].path}, a live record"
                problems.append(Problem(record.path, line, "former_slugs", message))
            elif old in claimed:
                message = f"'{old}' is also a former slug of {claimed[old].path}"
                problems.append(Problem(record.path, line, "former_slugs", message))
            else:
                claimed[old] = record


def _build_catalog(
    site: SiteSettings,
    prisoners: dict[str, Prisoner],
    cases: dict[str, Case],
    validated: Validated,
    title_order: TitleOrder,
    memo: RecordMemo,
) -> Catalog:
    """People and cases are listed by name or title (in `title_order`), then slug."""
    prisoners = dict(
        sorted(prisoners.items(), key=lambda item: (title_order(item[1].title), item[0]))
    )
    cases = dict(sorted(cases.items(), key=lambda item: (title_order(item[1].title), item[0])))
    tables = validated.records
    articles = dict(sorted(tables["articles"].items(), key=lambda item: _article_order(item[1])))
    sources = dict(
        sorted(tables["sources"].items(), key=lambda item: (_newest_first(item[1]), item[0]))
    )

    # Two-way person <-> case links: either side may name the other.
    people_of_case: dict[str, set[str]] = defaultdict(set)
    for case in cases.values():
        people_of_case[case.slug].update(slug for slug in case.people if slug in prisoners)
    for prisoner in prisoners.values():
        for case_slug in prisoner.cases:
            if case_slug in cases:
                people_of_case[case_slug].add(prisoner.slug)
    cases_of_prisoner: dict[str, set[str]] = defaultdict(set)
    for case_slug, people in people_of_case.items():
        for person in people:
            cases_of_prisoner[person].add(case_slug)

    charges: dict[str, list[ChargeRef]] = defaultdict(list)
    for prisoner in prisoners.values():  # already in name order
        for charge in prisoner.charges:
            charges[charge.article].append(ChargeRef(prisoner.slug, charge))
    cases_under_article: dict[str, list[str]] = defaultdict(list)
    for case in cases.values():
        for article_id in case.articles:
            cases_under_article[article_id].append(case.slug)

    citations: dict[str, set[tuple[str, str]]] = defaultdict(set)
    by_year: dict[int, list[tuple[TimelineOrder, TimelineEntry]]] = defaultdict(list)
    for kind, records in (("prisoner", prisoners.values()), ("case", cases.values())):
        for record in records:
            for source_id in record.sources:
                citations[source_id].add((kind, record.slug))
            for year, order, entry in memo.made(_timeline_entries, record, kind):
                for source_id in entry.event.sources:
                    citations[source_id].add((kind, record.slug))
                by_year[year].append((order, entry))
    for prisoner in prisoners.values():
        for recognition in prisoner.recognised:
            citations[recognition.source].add(("prisoner", prisoner.slug))

    prisoner_rank = {slug: rank for rank, slug in enumerate(prisoners)}
    case_rank = {slug: rank for rank, slug in enumerate(cases)}
    return Catalog(
        site=site,
        prisoners=prisoners,
        cases=cases,
        pages={},
        articles=articles,
        sources=sources,
        people_of_case={slug: _in_order(people_of_case[slug], prisoner_rank) for slug in cases},
        cases_of_prisoner={
            slug: _in_order(cases_of_prisoner[slug], case_rank) for slug in prisoners
        },
        charges_under_article={a: tuple(charges[a]) for a in articles},
        cases_under_article={a: tuple(cases_under_article[a]) for a in articles},
        citations={s: tuple(sorted(citations[s])) for s in sources},
        timeline={
            year: tuple(entry for _, entry in sorted(by_year[year], key=_first, reverse=True))
            for year in sorted(by_year, reverse=True)
        },
    )


def _in_order(slugs: set[str], rank: dict[str, int]) -> tuple[str, ...]:
    return tuple(sorted(slugs, key=rank.__getitem__))


def _article_order(article: Article) -> tuple[str, int, str, str]:
    digits = "".join(ch for ch in article.number if "0" <= ch <= "9")[:9]  # int() takes no '²'
    return (article.code, int(digits) if digits else 0, article.number, article.id)


def _newest_first(source: Source) -> tuple[int, int, int]:
    year, month, day = source.date.sort_key
    return (-year, -month, -day)


TimelineOrder = tuple[int, str, str]


def _timeline_entries(
    record: Prisoner | Case, kind: str
) -> tuple[tuple[int, TimelineOrder, TimelineEntry], ...]:
    """(year, place in the order, entry) of each of a record's events on the timeline."""
    entries = (TimelineEntry(event, kind, record.slug, record.title) for event in record.events)
    return tuple((entry.event.date.year, _timeline_order(entry), entry) for entry in entries)


def _first(pair: tuple[TimelineOrder, TimelineEntry]) -> TimelineOrder:
    return pair[0]


def _timeline_order(entry: TimelineEntry) -> TimelineOrder:
    """PartialDate.sort_key as one number (months and days fit in two digits): a flat key makes
    sorting tens of thousands of events three times faster."""
    year, month, day = entry.event.date.sort_key
    return (year * 10_000 + month * 100 + day, entry.kind, entry.slug)
