"""Link stage: validated records -> one cross-linked Catalog of what is published.

Checks that need every record at once live here: references to drafts, and former slugs that
collide with live ones or with each other.

serve links again after an edit with `relink`, which makes again only the entries of the indexes
that the edited records were or are part of: reading a new field in `_build_catalog` means
reading it in `relink` too (tests/test_link.py compares the two after every kind of edit).
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from generator.content.model import (
    Article,
    Case,
    Catalog,
    ChargeRef,
    Edit,
    Prisoner,
    Record,
    SiteSettings,
    Source,
    TimelineEntry,
)
from generator.content.schema import Validated
from generator.problems import Problem

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", Prisoner, Case)
V = TypeVar("V")


def link(validated: Validated) -> tuple[Catalog | None, list[Problem]]:
    problems: list[Problem] = []
    prisoners = {p.slug: p for p in validated.prisoners if not p.draft}
    cases = {c.slug: c for c in validated.cases if not c.draft}
    drafts = {
        "cases": {c.slug for c in validated.cases if c.draft},
        "people": {p.slug for p in validated.prisoners if p.draft},
    }
    for prisoner in prisoners.values():
        _check_no_drafts(prisoner, "cases", prisoner.cases, drafts["cases"], problems)
    for case in cases.values():
        _check_no_drafts(case, "people", case.people, drafts["people"], problems)
    _check_former_slugs(validated.prisoners, problems)
    _check_former_slugs(validated.cases, problems)
    if validated.site is None:
        return None, problems
    return _build_catalog(validated.site, prisoners, cases, validated), problems


def _check_no_drafts(
    record: Record, name: str, slugs: Iterable[str], drafts: set[str], problems: list[Problem]
) -> None:
    for slug in slugs:
        if slug in drafts:
            message = f"'{slug}' is a draft and is not published: publish it first or leave it out"
            problems.append(Problem(record.path, record.line_of(name), name, message))


def _check_former_slugs(records: Iterable[Record], problems: list[Problem]) -> None:
    """An old address must redirect to exactly one record and must not hide a live page."""
    records = list(records)
    live = {record.slug: record for record in records}
    claimed: dict[str, Record] = {}
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
) -> Catalog:
    prisoners = dict(sorted(prisoners.items(), key=lambda item: _title_order(item[1])))
    cases = dict(sorted(cases.items(), key=lambda item: _title_order(item[1])))
    articles = dict(sorted(validated.articles.items(), key=lambda item: _article_order(item[1])))
    sources = dict(
        sorted(validated.sources.items(), key=lambda item: (_newest_first(item[1]), item[0]))
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
    by_year: dict[int, list[TimelineEntry]] = defaultdict(list)
    for kind, records in (("prisoner", prisoners.values()), ("case", cases.values())):
        for record in records:
            title = record.title
            for source_id in record.sources:
                citations[source_id].add((kind, record.slug))
            for event in record.events:
                for source_id in event.sources:
                    citations[source_id].add((kind, record.slug))
                by_year[event.date.year].append(TimelineEntry(event, kind, record.slug, title))

    prisoner_rank = {slug: rank for rank, slug in enumerate(prisoners)}
    case_rank = {slug: rank for rank, slug in enumerate(cases)}
    return Catalog(
        site=site,
        prisoners=prisoners,
        cases=cases,
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
            year: tuple(sorted(by_year[year], key=_timeline_order, reverse=True))
            for year in sorted(by_year, reverse=True)
        },
    )


PersonEdit = tuple[Prisoner, Prisoner]
CaseEdit = tuple[Case, Case]


def relink(
    catalog: Catalog, edits: Sequence[Edit], validated: Validated
) -> tuple[Catalog | None, list[Problem]]:
    """What link(validated) gives, from the catalog the last build linked and the records edited
    since (the same record files, none a draft before or after). Only the index entries that an
    edited record was or is part of are made again."""
    people, cases = _by_kind(edits)
    problems = _edited_problems(people, cases, validated)
    if problems:
        return None, problems
    prisoners, people_moved = _replaced(catalog.prisoners, [new for _, new in people])
    case_records, cases_moved = _replaced(catalog.cases, [new for _, new in cases])
    after = dataclasses.replace(catalog, prisoners=prisoners, cases=case_records)
    people_of_case, cases_of_prisoner = _linked_again(catalog, after, people, cases)
    return dataclasses.replace(
        after,
        people_of_case=_updated(
            catalog.people_of_case, people_of_case, case_records if cases_moved else None
        ),
        cases_of_prisoner=_updated(
            catalog.cases_of_prisoner, cases_of_prisoner, prisoners if people_moved else None
        ),
        charges_under_article=_charged_again(after, people),
        cases_under_article=_cases_again(after, cases),
        citations=_cited_again(catalog.citations, edits),
        timeline=_timeline_again(catalog.timeline, edits),
    ), []


def _edited_problems(
    people: Sequence[PersonEdit], cases: Sequence[CaseEdit], validated: Validated
) -> list[Problem]:
    """link()'s checks, of what the edits can have changed (the rest passed them before)."""
    problems: list[Problem] = []
    if any(old.cases != new.cases for old, new in people):
        drafts = {case.slug for case in validated.cases if case.draft}
        for _, person in people:
            _check_no_drafts(person, "cases", person.cases, drafts, problems)
    if any(old.people != new.people for old, new in cases):
        drafts = {person.slug for person in validated.prisoners if person.draft}
        for _, case in cases:
            _check_no_drafts(case, "people", case.people, drafts, problems)
    if any(old.former_slugs != new.former_slugs for old, new in (*people, *cases)):
        _check_former_slugs(validated.prisoners, problems)
        _check_former_slugs(validated.cases, problems)
    return problems


def _by_kind(edits: Sequence[Edit]) -> tuple[list[PersonEdit], list[CaseEdit]]:
    people: list[PersonEdit] = []
    cases: list[CaseEdit] = []
    for old, new in edits:
        if isinstance(old, Prisoner) and isinstance(new, Prisoner):
            people.append((old, new))
        elif isinstance(old, Case) and isinstance(new, Case):
            cases.append((old, new))
    return people, cases


def _replaced(records: dict[str, R], edited: Sequence[R]) -> tuple[dict[str, R], bool]:
    """The records with the edited ones in their place in title order; whether any moved."""
    merged = {**records, **{new.slug: new for new in edited}}
    if all(_title_order(new) == _title_order(records[new.slug]) for new in edited):
        return merged, False
    order = list(records)
    for new in edited:
        order.remove(new.slug)
    for new in edited:  # into its place by bisection: sorting 50,000 names takes 0.1 s
        bisect.insort(order, new.slug, key=lambda slug: _title_order(merged[slug]))
    return _in(order, merged), True


def _linked_again(
    before: Catalog, after: Catalog, people: Sequence[PersonEdit], cases: Sequence[CaseEdit]
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """People of cases and cases of people, made again for the records on both sides of every
    link an edit touched. A link is there if either side names the other, so anyone else
    linked to a touched record was linked to it before, or is edited."""
    touched_cases = {case.slug for case, edited in cases if case.people != edited.people}
    touched_people = {person.slug for person, edited in people if person.cases != edited.cases}
    for person, edited_person in people:  # a new name moves the person in their cases' lists
        if person.cases != edited_person.cases or person.name != edited_person.name:
            touched_cases |= {*before.cases_of_prisoner[person.slug], *edited_person.cases}
    for case, edited_case in cases:
        if case.people != edited_case.people or case.title != edited_case.title:
            touched_people |= {*before.people_of_case[case.slug], *edited_case.people}
    people_of_case = {
        slug: _people_of(after, slug, {*before.people_of_case[slug], *(p.slug for p, _ in people)})
        for slug in touched_cases & after.cases.keys()
    }
    cases_of_prisoner = {
        slug: _cases_of(after, slug, {*before.cases_of_prisoner[slug], *(c.slug for c, _ in cases)})
        for slug in touched_people & after.prisoners.keys()
    }
    return people_of_case, cases_of_prisoner


def _people_of(catalog: Catalog, case: str, candidates: set[str]) -> tuple[str, ...]:
    """The people a case names, and those of the candidates who name it."""
    naming = {slug for slug in candidates if case in catalog.prisoners[slug].cases}
    return _in_title_order({*catalog.cases[case].people, *naming}, catalog.prisoners)


def _cases_of(catalog: Catalog, person: str, candidates: set[str]) -> tuple[str, ...]:
    """The cases a person names, and those of the candidates that name the person."""
    naming = {slug for slug in candidates if person in catalog.cases[slug].people}
    return _in_title_order({*catalog.prisoners[person].cases, *naming}, catalog.cases)


def _charged_again(
    after: Catalog, people: Sequence[PersonEdit]
) -> dict[str, tuple[ChargeRef, ...]]:
    """The charges under every article an edited person is or was charged under."""
    edited = {new.slug for _, new in people}
    return _reindexed(
        after.charges_under_article,
        {
            charge.article
            for old, new in people
            if old.charges != new.charges or old.name != new.name
            for charge in (*old.charges, *new.charges)
        },
        leaving=lambda ref: ref.prisoner in edited,
        arriving=lambda article_id: [
            ChargeRef(new.slug, charge)
            for _, new in people
            for charge in new.charges
            if charge.article == article_id
        ],
        order=lambda ref: _title_order(after.prisoners[ref.prisoner]),
    )


def _cases_again(after: Catalog, cases: Sequence[CaseEdit]) -> dict[str, tuple[str, ...]]:
    """The cases under every article an edited case is or was about."""
    edited = {new.slug for _, new in cases}
    return _reindexed(
        after.cases_under_article,
        {
            article_id
            for old, new in cases
            if old.articles != new.articles or old.title != new.title
            for article_id in (*old.articles, *new.articles)
        },
        leaving=lambda slug: slug in edited,
        arriving=lambda article_id: [
            new.slug for _, new in cases for other in new.articles if other == article_id
        ],
        order=lambda slug: _title_order(after.cases[slug]),
    )


def _cited_again(
    citations: dict[str, tuple[tuple[str, str], ...]], edits: Sequence[Edit]
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Who cites each source an edited record cites or cited, and no longer does."""
    edited = {(_kind(new), new.slug) for _, new in edits}
    return _reindexed(
        citations,
        {source_id for old, new in edits for source_id in _cited(old) ^ _cited(new)},
        leaving=lambda citation: citation in edited,
        arriving=lambda source_id: [
            (_kind(new), new.slug) for _, new in edits if source_id in _cited(new)
        ],
        order=lambda citation: citation,
    )


def _timeline_again(
    timeline: dict[int, tuple[TimelineEntry, ...]], edits: Sequence[Edit]
) -> dict[int, tuple[TimelineEntry, ...]]:
    """The years an edited record's events are or were in, newest first, as link() sorts them.
    A year holds thousands of entries: the edited records' are found by bisection rather than
    looked for one by one (an entry's place depends on its own date, kind and slug only)."""
    moved = [(old, new) for old, new in edits if old.events != new.events or old.title != new.title]
    years = {
        event.date.year: list(timeline.get(event.date.year, ()))
        for old, new in moved
        for event in (*old.events, *new.events)
    }
    for old, _ in moved:
        for event in old.events:
            entries = years[event.date.year]
            place = _newest_first_key(TimelineEntry(event, _kind(old), old.slug, old.title))
            del entries[bisect.bisect_left(entries, place, key=_newest_first_key)]
    for _, new in moved:
        for event in new.events:  # in the order link() meets them: equal keys keep it
            entry = TimelineEntry(event, _kind(new), new.slug, new.title)
            bisect.insort(years[event.date.year], entry, key=_newest_first_key)
    merged = {**timeline, **{year: tuple(entries) for year, entries in years.items()}}
    return {year: merged[year] for year in sorted(merged, reverse=True) if merged[year]}


def _updated(
    index: dict[str, V], changes: dict[str, V], order: Collection[str] | None
) -> dict[str, V]:
    """The index with these entries changed; in a new order of keys, if one is given."""
    if order is None:
        return {**index, **changes}
    return _in(order, {**index, **changes})


def _in(order: Collection[K], mapping: dict[K, V]) -> dict[K, V]:
    """The mapping with its keys in this order."""
    return dict(zip(order, map(mapping.__getitem__, order), strict=True))


def _reindexed(
    index: dict[K, tuple[V, ...]],
    keys: Iterable[K],
    *,
    leaving: Callable[[V], bool],
    arriving: Callable[[K], Iterable[V]],
    order: Callable[[V], Any],
) -> dict[K, tuple[V, ...]]:
    """The index with, under each of these keys, the entries for which `leaving` holds taken out
    and those `arriving` put in at their place in `order`, after any equal to them."""
    changes = {}
    for key in keys:
        entries = [entry for entry in index.get(key, ()) if not leaving(entry)]
        for entry in arriving(key):
            bisect.insort(entries, entry, key=order)
        changes[key] = tuple(entries)
    return {**index, **changes}


class _Descending:
    """A sort key ordering the other way round: bisect keeps a list in ascending order only."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key

    def __lt__(self, other: _Descending) -> bool:
        return bool(other.key < self.key)


def _newest_first_key(entry: TimelineEntry) -> _Descending:
    return _Descending(_timeline_order(entry))


def _cited(record: Prisoner | Case) -> set[str]:
    return {*record.sources, *(s for event in record.events for s in event.sources)}


def _kind(record: Prisoner | Case) -> str:
    return "prisoner" if isinstance(record, Prisoner) else "case"


def _title_order(record: Prisoner | Case) -> tuple[str, str]:
    """People and cases are listed by name or title, then slug."""
    return (record.title.casefold(), record.slug)


def _in_title_order(
    slugs: set[str], records: dict[str, Prisoner] | dict[str, Case]
) -> tuple[str, ...]:
    """The slugs of published records among these, in the order lists show them."""
    return tuple(sorted(slugs & records.keys(), key=lambda slug: _title_order(records[slug])))


def _in_order(slugs: set[str], rank: dict[str, int]) -> tuple[str, ...]:
    return tuple(sorted(slugs, key=rank.__getitem__))


def _article_order(article: Article) -> tuple[str, int, str, str]:
    digits = "".join(ch for ch in article.number if ch.isdigit())
    return (article.code, int(digits) if digits else 0, article.number, article.id)


def _newest_first(source: Source) -> tuple[int, int, int]:
    year, month, day = source.date.sort_key
    return (-year, -month, -day)


def _timeline_order(entry: TimelineEntry) -> tuple[int, str, str]:
    """PartialDate.sort_key as one number (months and days fit in two digits): a flat key makes
    sorting tens of thousands of events three times faster."""
    year, month, day = entry.event.date.sort_key
    return (year * 10_000 + month * 100 + day, entry.kind, entry.slug)
