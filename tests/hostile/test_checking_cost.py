"""A hostile pull request that costs instead of breaking: files whose checking would take hours
(a list of 80,000 items, 60,000 unknown ids each compared with 60,000) or print gigabytes of
problems, and cells that a spreadsheet in a Russian or Kazakh locale would run as formulas.

No test times anything: each shows what bounds the cost (a limit reported as a problem, the
output cut with "and N more", the number of comparisons counted), so that it fails on the
unbounded code however fast the machine.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections import Counter
from collections.abc import Sequence

import pytest

from generator import build as pipeline
from generator.content.fields import KnownIds, Reader, list_of, ref
from generator.content.frontmatter import Node
from generator.pages import data
from generator.pages.plan import plan_site
from generator.problems import Problem

from ..conftest import SiteTree, prisoner


def block_list(items: Sequence[str]) -> str:
    """A YAML list as '- item' lines, for prisoner(): item n is on line 5 + n."""
    return "".join(f"\n  - {item}" for item in items)


# --- lists ---------------------------------------------------------------------------------


def test_a_list_past_its_limit_is_one_problem_and_the_rest_is_not_checked(tree: SiteTree) -> None:
    # 1,500 names: the 3rd repeats the 1st (reported), the 1,200th repeats it too and the
    # 1,300th is no text (past the limit: neither is checked).
    names = [f"v{number}" for number in range(1, 1501)]
    names[2], names[1199], names[1299] = "v1", "v1", "{}"
    tree.prisoner("x", prisoner(name_variants=block_list(names)))
    result = tree.run("validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/prisoners/x.md:8: name_variants[3]: 'v1' is listed twice",
        "content/prisoners/x.md:1006: name_variants: lists 1,500 items; at most 1,000 are"
        " allowed: remove the extra ones (those after item 1,000 were not checked)",
        "2 problems found.",
    ]


def test_a_record_cites_at_most_200_sources(tree: SiteTree) -> None:
    ids = [f"s-{number}" for number in range(201)]
    tree.write(
        "content/sources.yaml", "".join(f"{id}: {{title: A report, date: 2020}}\n" for id in ids)
    )
    tree.prisoner("x", prisoner(sources=block_list(ids)))
    result = tree.run("validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/prisoners/x.md:205: sources: lists 201 items; at most 200 are allowed: remove"
        " the extra ones (those after item 200 were not checked)"
    )


class Counted:
    """A list item that counts how often it is compared with another."""

    compared = 0

    def __init__(self, key: str) -> None:
        self.key = key

    def __eq__(self, other: object) -> bool:
        Counted.compared += 1
        return isinstance(other, Counted) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __str__(self) -> str:
        return self.key


def test_uniqueness_costs_a_step_an_item_not_a_comparison_with_each_before_it() -> None:
    def counted(reader: Reader, name: str, node: Node) -> Counted:
        return Counted(str(node.value))

    items = [Node(f"v{number}", number) for number in range(1, 1001)]
    items[499] = Node("v7", 500)
    reader = Reader("content/prisoners/x.md", KnownIds())
    Counted.compared = 0
    values = list_of(counted)(reader, "name_variants", Node(items, 1))
    assert len(values) == 999
    assert reader.problems == [
        Problem("content/prisoners/x.md", 500, "name_variants[500]", "'v7' is listed twice")
    ]
    # One comparison for the repeated item (and any hash collision), where comparing each
    # with all before it took half a million.
    assert Counted.compared < 10


# --- suggestions ---------------------------------------------------------------------------


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many values were given suggestions ("values"), and how many ids they were compared
    with in all ("ids"): difflib's SequenceMatcher takes the value as its second sequence, and
    each id compared as its first."""
    counts: Counter[str] = Counter()
    matcher = difflib.SequenceMatcher
    set_value, set_id = matcher.set_seq2, matcher.set_seq1

    def value_set(self: difflib.SequenceMatcher[str], value: str) -> None:
        counts["values"] += value != ""  # not the empty one a new matcher starts with
        set_value(self, value)

    def id_set(self: difflib.SequenceMatcher[str], id: str) -> None:
        counts["ids"] += id != ""
        set_id(self, id)

    monkeypatch.setattr(matcher, "set_seq2", value_set)
    monkeypatch.setattr(matcher, "set_seq1", id_set)
    return counts


PEOPLE = KnownIds({"prisoners": frozenset(f"person-{number:05}" for number in range(5000))})


def unknown_person(reader: Reader, value: str, line: int) -> str:
    reader.convert(f"people[{line}]", Node(value, line), ref("prisoners"))
    return reader.problems[-1].message


def test_a_suggestion_compares_with_a_few_hundred_ids_not_all(compared: Counter[str]) -> None:
    late = unknown_person(Reader("content/cases/x.md", PEOPLE), "person-01234x", 1)
    assert compared == {"values": 1, "ids": compared["ids"]} and compared["ids"] <= 200
    early = unknown_person(Reader("content/cases/y.md", PEOPLE), "persn-04321", 1)
    assert compared["values"] == 2 and compared["ids"] <= 400  # of 5,000 ids each
    assert late == (
        "unknown prisoner 'person-01234x' (did you mean 'person-01234'?); it must be defined in"
        " content/prisoners/"
    )
    assert early.startswith("unknown prisoner 'persn-04321' (did you mean 'person-04321'?)")


def test_a_file_full_of_unknown_ids_gets_suggestions_for_as_many_as_are_printed(
    compared: Counter[str],
) -> None:
    reader = Reader("content/cases/x.md", PEOPLE)
    for line in range(1, 301):
        unknown_person(reader, f"nobody-{line}", line)
    assert len(reader.problems) == 300
    assert compared["values"] == 100  # the problems of a file validate prints
    assert compared["ids"] <= 100 * 200
    assert reader.problems[-1].message == (
        "unknown prisoner 'nobody-300'; it must be defined in content/prisoners/"
    )


def test_a_name_given_by_many_files_names_a_few_of_them_in_each_warning(tree: SiteTree) -> None:
    for number in range(1, 11):  # each warning named the 9 others: n files, n * n paths
        tree.prisoner(f"p{number:02}", prisoner("Aigerim Testova"))
    result = tree.run("validate")
    warnings = [line for line in result.stderr.splitlines() if "same name" in line]
    assert len(warnings) == 10
    assert warnings[0] == (
        "content/prisoners/p01.md:2: name: warning: content/prisoners/p02.md,"
        " content/prisoners/p03.md, content/prisoners/p04.md, content/prisoners/p05.md,"
        " content/prisoners/p06.md and more files give the same name or spelling: if it is one"
        " person, keep one file (and its slug in former_slugs); if two, say so here: silenced:"
        " [{warning: same-person, reason: ...}]"
    )
    assert warnings[9].startswith(
        "content/prisoners/p10.md:2: name: warning: content/prisoners/p01.md,"
        " content/prisoners/p02.md, content/prisoners/p03.md, content/prisoners/p04.md,"
        " content/prisoners/p05.md and more files give"
    )


# --- output --------------------------------------------------------------------------------


def test_validate_prints_a_bounded_number_of_problems_and_says_how_many_more(
    tree: SiteTree,
) -> None:
    tree.prisoner("a-long", prisoner(status="x" * 5000))
    for number in range(1, 13):  # 150 problems each: an item that is no text
        tree.prisoner(f"p{number:02}", prisoner(name_variants=block_list(["{}"] * 150)))
    result = tree.run("validate")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("content/prisoners/a-long.md:3: status: 'xxxxx")
    assert re.fullmatch(
        r"content/prisoners/a-long\.md:3: status: 'x+\.\.\. \(4,[0-9]{3} more characters\)",
        lines[0],
    )
    assert max(len(line) for line in lines) <= 1_040
    for number in range(1, 10):
        first = lines.index(
            f"content/prisoners/p{number:02}.md:6: name_variants[1]: expected text, found a group of fields; put the value in quotes if it is meant as text"
        )
        assert lines[first + 100] == (
            f"content/prisoners/p{number:02}.md: and 50 more problems in this file"
        )
    assert lines[-2:] == [
        "and 351 more problems not shown: fix those above first",
        "1801 problems found.",
    ]
    assert len(lines) == 1 + 9 * 101 + 99 + 2


# --- CSV -----------------------------------------------------------------------------------


def test_a_formula_after_a_separator_inside_a_cell_is_neutralised(tree: SiteTree) -> None:
    tree.prisoner(
        "x",
        prisoner(
            occupation="""'blogger;=HYPERLINK("http://x")'""",
            city='"a,+1"',
            detention_place='"x\\n@SUM(1)"',
            name_variants='[Abc-Def, "=1", " b ;-2"]',
        ),
    )
    catalog = pipeline.check(tree.project)
    page = next(page for page in plan_site(catalog).pages if page.path == "data/people.csv")
    text = b"".join(data.csv_table(page, catalog.site)).decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["occupation"] == """blogger;'=HYPERLINK("http://x")"""
    assert row["city"] == "a,'+1"
    assert row["detention_place"] == "x\n'@SUM(1)"
    assert row["name_variants"] == "Abc-Def; '=1; b ;'-2"  # a hyphen inside a word stays
    assert row["name"] == "Test Person"
