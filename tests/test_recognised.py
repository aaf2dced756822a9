"""Who calls a person a political prisoner: `recognised`, each recognition with its monitor,
date and the report that says so; checked, shown on the profile in every language, and
published in the data files."""

from __future__ import annotations

import csv
import io
import json
import re

from .conftest import SiteTree, prisoner

LANGUAGES = "languages: [en, ru, kk]\n"
RECOGNISED = prisoner(
    "Aidar Held",
    recognised=(
        "[{by: Test Monitor, date: 2019-11, source: report-2019},"
        " {by: a civil society list (not named), date: 2023-10-18, source: report-2023,"
        " note: the date of the report; when he was added is not given}]"
    ),
)


def glance(html: str) -> str:
    """The summary at the top of a profile, as text, tags dropped."""
    section = re.search(r'<section class="at-a-glance".*?</section>', html, re.S)
    assert section is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section.group(0))).strip()


def test_the_profile_names_each_monitor_its_date_and_its_report(tree: SiteTree) -> None:
    tree.prisoner("held", RECOGNISED)
    tree.prisoner("free", prisoner("Free Person"))
    assert tree.run("build", "--no-search").exit_code == 0
    # no monitor, no such words: the site calls no one a political prisoner itself
    assert "political prisoner" not in glance(tree.html("prisoners/free/index.html"))
    html = tree.html("prisoners/held/index.html")
    assert (
        "Recognised as a political prisoner by Test Monitor (November 2019), according to"
        " Test Monitor; a civil society list (not named) (18 October 2023; the date of the"
        " report; when he was added is not given), according to Arrests in Astana"
    ) in glance(html)
    # each report is linked to its place among the profile's sources, and listed there, even
    # the one that only the recognition cites
    assert 'href="#source-report-2019"' in html
    assert 'href="#source-report-2023"' in html
    assert 'id="source-report-2023"' in html
    # the source's page counts the record among those citing it
    assert "Aidar Held" in tree.html("sources/report-2023/index.html")


def test_mistakes_are_reported_with_path_line_and_what_to_do(tree: SiteTree) -> None:
    tree.prisoner(
        "held",
        prisoner(
            "Aidar Held",
            recognised=(
                "\n  - {by: Test Monitor, date: 2019-13, source: report-2019}"
                "\n  - {by: Test Monitor, date: 2019, source: report-2091}"
                "\n  - {date: 2019, source: report-2019}"
            ),
        ),
    )
    tree.prisoner("old", prisoner("Old Field", recognised_by="[Test Monitor]"))
    result = tree.run("validate")
    assert result.exit_code != 0
    out = result.output
    assert "content/prisoners/held.md:6: recognised[1].date: '2019-13' is not a real date" in out
    assert (
        "content/prisoners/held.md:7: recognised[2].source: unknown source 'report-2091'"
        " (did you mean 'report-2019'?)"
    ) in out
    assert "content/prisoners/held.md:8: recognised[3].by: is missing; it is required" in out
    # the field it replaces is named, with the new one
    assert (
        "content/prisoners/old.md:5: recognised_by: unknown field (did you mean 'recognised'?)"
        in out
    )


def test_russian_and_kazakh_profiles_say_it_in_their_words(tree: SiteTree) -> None:
    tree.write("content/site.yaml", tree.root.joinpath("content/site.yaml").read_text() + LANGUAGES)
    tree.prisoner("held", RECOGNISED)
    tree.write(
        "content/prisoners/held.ru.md",
        "---\noriginal: 0000000000\nrecognised:\n  - by: Тестовый монитор\n  - {}\n---\nТекст.\n",
    )
    assert tree.run("confirm", "content/prisoners/held.ru.md").exit_code == 0
    result = tree.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    ru = glance(tree.html("ru/prisoners/held/index.html"))
    assert "Признали политзаключённым Тестовый монитор (ноябрь 2019 г.), по данным" in ru
    kk = glance(tree.html("kk/prisoners/held/index.html"))
    assert "Саяси тұтқын деп таныған Test Monitor (2019 ж. қараша)" in kk


def test_the_data_files_give_every_recognition(tree: SiteTree) -> None:
    tree.prisoner("held", RECOGNISED)
    assert tree.run("build", "--no-search").exit_code == 0
    site = tree.root / "site/data"
    rows = list(csv.DictReader(io.StringIO((site / "recognitions.csv").read_text("utf-8-sig"))))
    assert [(r["person"], r["number"], r["by"], r["date"], r["source"]) for r in rows] == [
        ("held", "1", "Test Monitor", "2019-11", "report-2019"),
        ("held", "2", "a civil society list (not named)", "2023-10-18", "report-2023"),
    ]
    assert rows[1]["note"] == "the date of the report; when he was added is not given"
    people = list(csv.DictReader(io.StringIO((site / "people.csv").read_text("utf-8-sig"))))
    assert people[0]["recognised_by"] == "Test Monitor; a civil society list (not named)"
    database = json.loads((site / "database.json").read_text("utf-8"))
    assert database["prisoners"][0]["fields"]["recognised"][0] == {
        "by": "Test Monitor",
        "date": "2019-11",
        "source": "report-2019",
    }
