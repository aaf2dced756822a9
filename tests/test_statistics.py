"""The statistics page: charts drawn at build time as SVG (no script), each with its numbers as
a table linking to the lists they count, the numbers those of the records."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from generator import build as pipeline
from generator.content.model import DETENTION_EVENTS
from generator.pages import plan

from .conftest import SiteTree, prisoner

SVG = "{http://www.w3.org/2000/svg}"


def content(tree: SiteTree) -> None:
    people = [
        ("a", "imprisoned", "Almaty", "[{article: cc-405}, {article: cc-405, part: 2}]",
         "[{date: 2019-05-01, type: detained, summary: D.}, {date: 2020-02, type: sentenced, summary: S.}]"),
        ("b", "imprisoned", "Astana", "[{article: cc-405}, {article: aoc-488}]",
         "[{date: 2020-01-03, type: pretrial_detention, summary: P.}, {date: 2020, type: sentenced, summary: S.}]"),
        ("c", "released", "Almaty", "[{article: aoc-488}]",
         "[{date: 2020-03-04, type: administrative_arrest, summary: A.}, {date: 2021, type: fined, summary: F.}]"),
        ("d", "fined", "", "[]", "[]"),
    ]  # fmt: skip
    for slug, status, region, charges, events in people:
        fields = {"status": status, "charges": charges, "events": events}
        if region:
            fields["region"] = region
        tree.prisoner(slug, prisoner(f"Person {slug.upper()}", **fields))
    tree.case(
        "big",
        "---\ntitle: Big case\npeople: [a, b, c]\nsources: [report-2019]\n"
        "events: [{date: 2020-01-01, type: detained, summary: Many detained.}]\n---\n",
    )
    tree.case("small", "---\ntitle: Small case\npeople: [d]\nsources: [report-2019]\n---\n")


@pytest.fixture
def page(tree: SiteTree) -> str:
    content(tree)
    result = tree.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    return tree.html("statistics/index.html")


def charts(html: str) -> dict[str, ET.Element]:
    """Every chart's SVG, parsed as XML on its own: it must be well-formed."""
    found = re.findall(
        r'<section class="chart" aria-labelledby="(\w+)">.*?(<svg.*?</svg>)', html, re.S
    )
    return {name: ET.fromstring(svg) for name, svg in found}


def table(html: str, name: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(row label, [(href, number), ...]) of a chart's table."""
    section = html.split(f'aria-labelledby="{name}"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', section)
    return [
        (label, re.findall(r'<td[^>]*>(?:<a href="([^"]*)">)?(\d+)', cells))
        for label, cells in rows
    ]


def drawn(svg: ET.Element) -> list[tuple[str, list[int]]]:
    """(label, values) of each bar drawn, in order: labels, then the value texts of its bars."""
    bars: list[tuple[str, list[int]]] = []
    for element in svg:
        classes = element.get("class", "")
        if "chart-label" in classes:
            bars.append((element.text or "", []))
        elif "chart-value" in classes:
            bars[-1][1].append(int(element.text or ""))
    return bars


def test_each_chart_draws_the_numbers_of_the_records(tree: SiteTree, page: str) -> None:
    catalog = pipeline.check(tree.project)
    people = catalog.prisoners.values()
    statuses = Counter(p.status for p in people)
    years: Counter[tuple[int, str]] = Counter()
    for p in people:
        for e in p.events:
            if e.type in DETENTION_EVENTS:
                years[e.date.year, "d"] += 1
            elif e.type == "sentenced":
                years[e.date.year, "s"] += 1
    expected = {
        # reported in the last 12 months, or earlier: none of these is recent news by 2023
        "status": [
            ("Imprisoned", [0, statuses["imprisoned"]]),
            ("Fined", [0, 1]),
            ("Released", [0, 1]),
        ],
        "years": [(str(y), [years[y, "d"], years[y, "s"]]) for y in sorted({y for y, _ in years})],
        # people, not charges (a counts once); ties in the catalog's order
        "articles": [("AC 488", [2]), ("CC 405", [2])],
        "regions": [("Almaty", [2]), ("Astana", [1]), ("Region not reported", [1])],
        "cases": [("Big case", [3]), ("Small case", [1])],
    }
    assert expected["years"] == [("2019", [1, 0]), ("2020", [2, 2])]  # case events left out
    svgs = charts(page)
    assert list(svgs) == list(expected)
    for name, bars in expected.items():
        assert drawn(svgs[name]) == bars, name
        assert [
            (re.sub("<[^>]+>", "", label), [int(n) for _, n in cells])
            for label, cells in table(page, name)
        ] == bars


def test_counts_link_to_the_lists_they_count(page: str) -> None:
    # a status's name links its people; its counts split them by the age of the news
    assert table(page, "status")[0] == (
        '<a href="../search/?status=Imprisoned">Imprisoned</a>',
        [("", "0"), ("", "2")],
    )
    assert table(page, "years")[1] == ("2020", [("../timeline/2020/", "2")] * 2)
    assert table(page, "articles")[1] == ("CC 405", [("../articles/cc-405/", "2")])
    assert table(page, "regions")[0] == ("Almaty", [("../search/?region=Almaty", "2")])
    assert table(page, "regions")[2] == ("Region not reported", [("", "1")])  # nothing to list
    assert table(page, "cases")[0] == ("Big case", [("../cases/big/", "3")])


def test_the_charts_are_svg_that_runs_nothing(page: str) -> None:
    for name, svg in charts(page).items():
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}", name
        for element in svg.iter():
            assert element.tag.removeprefix(SVG) in ("svg", "title", "desc", "rect", "text"), name
            for attribute in element.attrib:
                assert not attribute.lower().startswith("on"), (name, attribute)
                assert "href" not in attribute and attribute != "style", (name, attribute)
    assert "<script" not in page and " style=" not in page


def test_long_charts_keep_the_largest_and_say_so(
    tree: SiteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan, "CHART_BARS", 1)
    content(tree)
    assert tree.run("build", "--no-search").exit_code == 0
    html = tree.html("statistics/index.html")
    assert [label for label, _ in table(html, "cases")] == ["Big case"]
    assert "The 1 largest of 2." in html.split('aria-labelledby="cases"')[1]
    assert len(table(html, "status")) == 3  # statuses are few: all of them


def test_hostile_names_are_escaped_in_the_charts(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner("X", region="'<script>alert(1)</script> & \"q\"'"))
    tree.case(
        "c", "---\ntitle: '</text><script>x</script>'\npeople: [x]\nsources: [report-2019]\n---\n"
    )
    assert tree.run("build", "--no-search").exit_code == 0
    html = tree.html("statistics/index.html")
    assert "<script" not in html
    svgs = charts(html)
    assert drawn(svgs["cases"])[0][0] == "</text><script>x</script>"


def test_the_statistics_page_is_linked_from_every_page_and_listed(
    tree: SiteTree, page: str
) -> None:
    for linked_from in ("index.html", "prisoners/index.html", "prisoners/a/index.html"):
        html = tree.html(linked_from)
        href = re.search(r'<a href="([^"]*)">Statistics</a>', html)
        assert href, linked_from
        target = (tree.root / "site" / linked_from).parent / href.group(1) / "index.html"
        assert target.resolve() == (tree.root / "site/statistics/index.html").resolve()
    assert (
        "https://example.org/db/statistics/" in Path(tree.root / "site/sitemaps/1.xml").read_text()
    )
