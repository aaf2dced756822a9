"""Re-planning after small edits (serve): when the records edited since the last build changed
only what their own page shows, the last catalog and plan stay valid except for those pages.

This skips linking and planning everything again, which at 10,000 records takes most of a
rebuild. Any other edit (a name, a status, a charge, an event, a record added or removed, a
change to site.yaml, articles.yaml or sources.yaml) is linked and planned in full.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from generator.content.model import Case, Catalog, Prisoner
from generator.content.schema import Validated
from generator.pages.plan import (
    RecordLinks,
    SitePlan,
    case_page,
    prisoner_entry,
    prisoner_page,
)

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

Edited = Prisoner | Case


def own_page_edits(before: Validated, after: Validated) -> list[Edited] | None:
    """The records edited between two validations, if each edit changed only fields in
    OWN_PAGE_FIELDS of a published record; None if anything else changed."""
    if (before.site, before.articles, before.sources) != (
        after.site,
        after.articles,
        after.sources,
    ):
        return None
    if not (
        _same_files(before.prisoners, after.prisoners) and _same_files(before.cases, after.cases)
    ):
        return None  # a record was added, removed or renamed
    edited: list[Edited] = []
    pairs: list[tuple[Edited, Edited]] = [
        *zip(before.prisoners, after.prisoners, strict=True),
        *zip(before.cases, after.cases, strict=True),
    ]
    for old, new in pairs:
        if old is new:  # the same file, not read again
            continue
        if new.draft or _outward(old) != _outward(new):
            return None
        edited.append(new)
    return edited


def swap_records(catalog: Catalog, edited: Sequence[Edited]) -> Catalog:
    """The catalog with the edited records in place of their previous versions. Every index
    stays valid: none of them is made from the fields that changed."""
    prisoners = {r.slug: r for r in edited if isinstance(r, Prisoner)}
    cases = {r.slug: r for r in edited if isinstance(r, Case)}
    return dataclasses.replace(
        catalog,
        prisoners={slug: prisoners.get(slug, p) for slug, p in catalog.prisoners.items()},
        cases={slug: cases.get(slug, c) for slug, c in catalog.cases.items()},
    )


def replan(plan: SitePlan, catalog: Catalog, edited: Sequence[Edited]) -> SitePlan:
    """The last plan with the edited records' own pages planned again from `catalog`."""
    links = RecordLinks(catalog)
    fresh = {}
    for record in edited:
        if isinstance(record, Prisoner):
            page = prisoner_page(catalog, links, prisoner_entry(catalog, record), record)
        else:
            page = case_page(catalog, links, record)
        fresh[page.path] = page
    pages = tuple(fresh.get(page.path, page) for page in plan.pages)
    return dataclasses.replace(plan, pages=pages)


def _same_files(before: Sequence[Edited], after: Sequence[Edited]) -> bool:
    return [record.path for record in before] == [record.path for record in after]


def _outward(record: Edited) -> tuple[Any, ...]:
    """The values of a record that pages other than its own show."""
    own = OWN_PAGE_FIELDS[type(record)]
    fields = dataclasses.fields(record)
    return tuple(getattr(record, f.name) for f in fields if f.compare and f.name not in own)
