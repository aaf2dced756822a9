"""Planning again after edits (serve): which groups of pages of the last plan an edit of some
records cannot have changed, so that they are taken over instead of planned again.

Anything but edits of existing record files (a record added or removed, a draft, site.yaml,
articles.yaml or sources.yaml changed) is linked and planned in full.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from generator.content.model import Case, Catalog, Edit, Prisoner
from generator.content.schema import Validated
from generator.pages import urls
from generator.pages.plan import Groups, SitePlan

# Fields that no page but the record's own shows (lists show names, statuses, regions of people,
# and titles, dates, statuses and summaries of cases; the timeline shows events). Search shows
# variants and the body's first words, but from the record's page, or offline (never replanned).
OWN_PAGE_FIELDS: dict[type, tuple[str, ...]] = {
    Prisoner: (
        "body",
        "born",
        "gender",
        "city",
        "occupation",
        "affiliations",
        "sentence",
        "detention_place",
        "recognised_by",
        "name_variants",
    ),
    Case: ("body", "region", "end"),
}

# What each site-wide group (plan.SITE_WIDE) shows of people and of cases, by the templates and
# the page types of pages/plan.py: after an edit of any other field it is taken over as it is.
SITE_WIDE_FIELDS: dict[str, dict[type, tuple[str, ...]]] = {
    # counts by status, the latest events
    urls.HOME: {Prisoner: ("status", "name", "events"), Case: ("title", "events")},
    urls.PRISONERS: {Prisoner: ("name", "status", "region"), Case: ()},
    urls.CASES: {Prisoner: (), Case: ("title", "start", "status", "summary")},
    urls.ARTICLES: {Prisoner: ("charges",), Case: ()},  # people charged under each
    urls.TIMELINE: {Prisoner: ("events",), Case: ("events",)},  # events a year
    urls.SOURCES: {Prisoner: (), Case: ()},
    # the search filters and their values: status, region, article, year of detention; whether
    # there is a case filter (its values, case titles, come from the index: FILTERS_FROM_INDEX)
    urls.SEARCH: {
        Prisoner: ("status", "region", "charges", "cases", "events"),
        Case: ("people",),
    },
    urls.NOT_FOUND: {Prisoner: ("name", "former_slugs"), Case: ("title", "former_slugs")},
}

Record = Prisoner | Case


def record_edits(before: Validated, after: Validated) -> list[Edit] | None:
    """The records whose file changed between two validations, if nothing else did: the same
    record files, no drafts among the changed ones, the same site, articles and sources."""
    tables = ("site", "articles", "sources")
    if any(getattr(before, name) != getattr(after, name) for name in tables):
        return None
    pairs: list[Edit] = []
    for kind in ("prisoners", "cases"):
        old_records, new_records = getattr(before, kind), getattr(after, kind)
        if [r.path for r in old_records] != [r.path for r in new_records]:
            return None  # a record was added, removed or renamed
        pairs += zip(old_records, new_records, strict=True)
    edits = [(old, new) for old, new in pairs if old is not new]  # unchanged files: same object
    if any(old.draft or new.draft for old, new in edits):
        return None
    return edits


def only_own_pages(edits: Iterable[Edit]) -> bool:
    """Whether the edits changed nothing that pages other than the records' own show."""
    return all(_alike(old, new, _shown_elsewhere(old)) for old, new in edits)


def unchanged_groups(
    plan: SitePlan, before: Catalog, after: Catalog, edits: Sequence[Edit]
) -> Groups:
    """The groups of the last plan that no edit shows on, before or after it."""
    own_pages_only = only_own_pages(edits)
    affected: set[str] = set()
    for old, new in edits:
        if own_pages_only:
            affected.add(urls.record(_kind(new), new.slug))
        else:
            affected |= _groups_showing(before, old) | _groups_showing(after, new)
            affected |= {
                path
                for path, shown in SITE_WIDE_FIELDS.items()
                if not _alike(old, new, shown[type(new)])
            }
    moved = any(_years_of(old) != _years_of(new) for old, new in edits)
    if moved and _years(before) != _years(after):  # every year page lists the years
        affected |= {urls.timeline_year(year) for year in _years(after)}
    return {path: pages for path, pages in plan.groups.items() if path not in affected}


def _groups_showing(catalog: Catalog, record: Record) -> set[str]:
    """The groups of pages that show something of a record (see plan.plan_site)."""
    cited = {*record.sources, *(s for event in record.events for s in event.sources)}
    groups = {urls.record(_kind(record), record.slug)}
    groups |= {urls.source(source_id) for source_id in cited}
    groups |= {urls.timeline_year(year) for year in _years_of(record)}
    if isinstance(record, Prisoner):  # its cases list it; its articles' pages too
        groups |= {urls.case(slug) for slug in catalog.cases_of_prisoner.get(record.slug, ())}
        groups |= {urls.article(charge.article) for charge in record.charges}
    else:  # its people's pages link it; its articles' pages too
        groups |= {urls.prisoner(slug) for slug in catalog.people_of_case.get(record.slug, ())}
        groups |= {urls.article(article_id) for article_id in record.articles}
    return groups


def _years_of(record: Record) -> set[int]:
    return {event.date.year for event in record.events}


def _years(catalog: Catalog) -> set[int]:
    return set(catalog.timeline)


def _kind(record: Record) -> str:
    return "prisoner" if isinstance(record, Prisoner) else "case"


def _shown_elsewhere(record: Record) -> list[str]:
    """The fields of a record that pages other than its own show."""
    own = OWN_PAGE_FIELDS[type(record)]
    return [f.name for f in dataclasses.fields(record) if f.compare and f.name not in own]


def _alike(old: Record, new: Record, names: Iterable[str]) -> bool:
    return all(getattr(old, name, None) == getattr(new, name, None) for name in names)


def same_addresses(before: SitePlan, after: SitePlan, reused: Groups) -> bool:
    """Whether a plan makes its pages at the addresses the last one did (collisions and lost
    published addresses need no second look then), from the groups planned again alone."""
    if before.groups.keys() != after.groups.keys():
        return False
    return all(
        [page.path for page in after.groups[key]] == [page.path for page in before.groups[key]]
        for key in after.groups.keys() - reused.keys()
    )
