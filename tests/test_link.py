"""serve links again after an edit from the last catalog (`relink`): whatever the edit, the
catalog must be the one `link` makes from scratch, every mapping in the same order."""

from __future__ import annotations

from typing import Any

import pytest

from generator.content.link import link, relink
from generator.content.load import load_content
from generator.content.model import Catalog, Edit
from generator.content.schema import FileCache, Validated, known_ids, validate
from generator.pages.replan import record_edits

from .conftest import SiteTree, prisoner

PEOPLE = {
    "aigul": prisoner(
        "Aigul Bekova",
        cases="[congress]",
        charges="[{article: cc-405, part: 2}, {article: cc-405, part: 1}, {article: aoc-488}]",
        events="""
  - {date: 2019-11-05, type: detained, summary: Held., sources: [report-2023]}
  - {date: 2019-11-05, type: charged, summary: Charged the same day.}
  - {date: 2020, type: sentenced, summary: Sentenced.}""",
    ),
    "bolat": prisoner("Bolat Amirov", charges="[{article: cc-258}]", sources="[report-2023]"),
    "daniyar": prisoner(
        "Daniyar Sadykov",
        cases="[congress, pickets]",
        charges="[{article: cc-405}]",
        events="[{date: 2021-03, type: fined, summary: Fined.}]",
    ),
    "erlan": prisoner("Erlan Draft", draft="true", sources="[]"),
    "zhanna": prisoner("Zhanna Omarova", former_slugs="[zhanna-omar]"),
}
CASES = {
    "congress": """\
---
title: Congress detentions
status: concluded
people: [bolat]
articles: [cc-405]
events:
  - {date: 2020-02-19, type: other, summary: Cancelled., sources: [report-2023]}
sources: [report-2019]
---
""",
    "pickets": """\
---
title: Pickets
status: ongoing
people: []
articles: [aoc-488, cc-405]
sources: [report-2019]
---
""",
    "hidden": """\
---
title: Hidden case
status: ongoing
draft: true
sources: [report-2019]
---
""",
}
# file, text in it, what it becomes: every field the link stage reads, in each direction
EDITS = {
    "a name that moves the person": ("prisoners/aigul", "Aigul Bekova", "Yerzhan Bekov"),
    "a name that keeps the order": ("prisoners/aigul", "Aigul Bekova", "Aigul Bekova-Ali"),
    "a status": ("prisoners/aigul", "status: imprisoned", "status: released"),
    "a case named": (
        "prisoners/bolat",
        "sources: [report-2023]",
        "cases: [pickets]\nsources: [report-2023]",
    ),
    "a case left out": ("prisoners/daniyar", "[congress, pickets]", "[pickets]"),
    "a case named back": ("prisoners/bolat", "sources:", "cases: [congress]\nsources:"),
    "a charge's article": ("prisoners/bolat", "article: cc-258", "article: cc-405"),
    "a charge's part": ("prisoners/aigul", "part: 2", "part: 3"),
    "a source": ("prisoners/bolat", "[report-2023]", "[report-2019]"),
    "an event's source": ("prisoners/aigul", "Held., sources: [report-2023]", "Held."),
    "an event's year": ("prisoners/daniyar", "date: 2021-03", "date: 2019-03"),
    "a year gone": ("prisoners/daniyar", "date: 2021-03", "date: 2020-03"),
    "a new year": ("prisoners/aigul", "date: 2020,", "date: 2016,"),
    "an event added": (
        "prisoners/bolat",
        "sources: [report-2023]",
        "events: [{date: 2019-11-05, type: detained, summary: Held.}]\nsources: [report-2023]",
    ),
    "an event's summary": ("prisoners/aigul", "Held.,", "Arrested.,"),
    "a former slug": ("prisoners/zhanna", "[zhanna-omar]", "[zhanna-omar, z-omarova]"),
    "a case title that moves it": ("cases/congress", "Congress detentions", "Zhanaozen congress"),
    "a case's people": ("cases/congress", "people: [bolat]", "people: [aigul, zhanna]"),
    "a case's people gone": ("cases/congress", "people: [bolat]", "people: []"),
    "a case's articles": ("cases/pickets", "[aoc-488, cc-405]", "[cc-258]"),
    "a case's event": ("cases/congress", "date: 2020-02-19", "date: 2018-02-19"),
    "a case's source": ("cases/pickets", "sources: [report-2019]", "sources: [report-2023]"),
}


@pytest.fixture
def people_and_cases(tree: SiteTree) -> SiteTree:
    for slug, text in PEOPLE.items():
        tree.prisoner(slug, text)
    for slug, text in CASES.items():
        tree.case(slug, text)
    return tree


def validated(tree: SiteTree, files: FileCache) -> Validated:
    """Records as serve checks them: a file not edited since gives the same record object."""
    content = tree.root / "content"
    raw, problems = load_content(content)
    checked, more = validate(raw, known_ids(raw, content), jobs=1, cache=files)
    assert not problems + more
    return checked


def edit(tree: SiteTree, file: str, old: str, new: str) -> None:
    path = tree.root / "content" / f"{file}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def in_order(value: Any) -> Any:
    """A catalog's data with every mapping as a list of its items, so that order counts."""
    if isinstance(value, dict):
        return [(key, in_order(item)) for key, item in value.items()]
    return value


def edited(tree: SiteTree, *changes: tuple[str, str, str]) -> tuple[Catalog, Validated, list[Edit]]:
    """The catalog linked before the changes, the records after them, and the edits between."""
    files = FileCache()
    before = validated(tree, files)
    last, _ = link(before)
    assert last is not None
    for change in changes:
        edit(tree, *change)
    after = validated(tree, files)
    edits = record_edits(before, after)
    assert edits
    return last, after, edits


def relinked_and_linked(tree: SiteTree, *changes: tuple[str, str, str]) -> tuple[Any, Any]:
    last, after, edits = edited(tree, *changes)
    again, problems = relink(last, edits, after)
    clean, clean_problems = link(after)
    assert not problems and not clean_problems
    assert again is not None and clean is not None
    return (
        [(name, in_order(getattr(again, name))) for name in vars(again)],
        [(name, in_order(getattr(clean, name))) for name in vars(clean)],
    )


@pytest.mark.parametrize("change", EDITS.values(), ids=EDITS.keys())
def test_linking_again_after_an_edit_gives_what_linking_from_scratch_does(
    people_and_cases: SiteTree, change: tuple[str, str, str]
) -> None:
    again, clean = relinked_and_linked(people_and_cases, change)
    assert again == clean


def test_linking_again_after_several_edits_at_once(people_and_cases: SiteTree) -> None:
    names = ("a name that moves the person", "a case named", "a case's people", "a new year")
    again, clean = relinked_and_linked(people_and_cases, *(EDITS[name] for name in names))
    assert again == clean


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("prisoners/bolat", "sources:", "cases: [hidden]\nsources:"), "is a draft"),
        (("cases/pickets", "people: []", "people: [erlan]"), "is a draft"),
        (("prisoners/zhanna", "[zhanna-omar]", "[bolat]"), "the slug of content/prisoners/bolat"),
    ],
    ids=["a draft case", "a draft person", "a live slug"],
)
def test_linking_again_reports_what_linking_from_scratch_does(
    people_and_cases: SiteTree, change: tuple[str, str, str], message: str
) -> None:
    last, after, edits = edited(people_and_cases, change)
    catalog, problems = relink(last, edits, after)
    assert catalog is None
    assert [p.message for p in problems] == [p.message for p in link(after)[1]]
    assert message in problems[0].message
