"""Each validation rule: the message names path:line, the field, and what would be valid."""

from __future__ import annotations

import pytest

from generator.build import check
from generator.problems import ContentError

from .conftest import SiteTree, prisoner


def problems_of(tree: SiteTree) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check(tree.project)
    return [str(problem) for problem in caught.value.problems]


def only_problem(tree: SiteTree) -> str:
    found = problems_of(tree)
    assert len(found) == 1, found
    return found[0]


P = "content/prisoners/x.md"

# (front matter lines after `name` and before the closing ---, expected message start)
INVALID_PRISONERS = [
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\nocupation: teacher",
        f"{P}:5: ocupation: unknown field (did you mean 'occupation'?)",
        id="unknown-key",
    ),
    pytest.param(
        "sources: [report-2019]",
        f"{P}:2: status: is missing; it is required",
        id="missing-required",
    ),
    pytest.param(
        "status: jailed\nsources: [report-2019]",
        f"{P}:3: status: 'jailed' is not allowed (did you mean 'imprisoned'?); use one of: administrative_arrest,",
        id="bad-choice",
    ),
    pytest.param(
        "status: imprisond\nsources: [report-2019]",
        f"{P}:3: status: 'imprisond' is not allowed (did you mean 'imprisoned'?)",
        id="choice-typo",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\nborn: 2019-13-01",
        f"{P}:5: born: '2019-13-01' is not a real date",
        id="impossible-date",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\nborn: 2019-00",
        f"{P}:5: born: '2019-00' is not a real date",
        id="month-zero",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\nborn: 2019-05-00",
        f"{P}:5: born: '2019-05-00' is not a real date",
        id="day-zero",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\nborn: last spring",
        f"{P}:5: born: 'last spring' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD",
        id="prose-date",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\ncharges:\n  - article: cc-4O5\n    part: 2",
        f"{P}:6: charges[1].article: unknown article 'cc-4O5' (did you mean 'cc-405'?)",
        id="unknown-article",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\ncharges:\n  - part: 2",
        f"{P}:6: charges[1].article: is missing; it is required",
        id="charge-without-article",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2091]",
        f"{P}:4: sources[1]: unknown source 'report-2091' (did you mean 'report-2019'?)",
        id="unknown-source",
    ),
    pytest.param(
        "status: imprisoned\nsources: []",
        f"{P}:4: sources: cite at least one source",
        id="unsourced",
    ),
    pytest.param(
        "status: imprisoned",
        f"{P}:2: sources: is missing; it is required",
        id="no-sources-field",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\nevents:\n  - date: 2019-11\n    type: detained\n"
        "    summary: Detained.\n    sources: [report-2020]",
        f"{P}:9: events[1].sources[1]: unknown source 'report-2020'",
        id="unknown-event-source",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\nevents:\n  - date: 2019-11\n    type: jailed\n"
        "    summary: Jailed.",
        f"{P}:7: events[1].type: 'jailed' is not allowed",
        id="bad-event-type",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\nevents:\n  - date: 2019\n    type: other\n"
        "    summry: Typo.",
        f"{P}:8: events[1].summry: unknown field (did you mean 'summary'?)",
        id="unknown-nested-key",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\ncases: [no-such-case]",
        f"{P}:5: cases[1]: unknown case 'no-such-case'; it must be defined in content/cases/",
        id="unknown-case",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\nphoto: missing.jpg",
        f"{P}:5: photo: 'missing.jpg' does not exist",
        id="missing-photo",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\nphoto: ../../../etc/passwd.jpg",
        f"{P}:5: photo: '../../../etc/passwd.jpg' is outside content/",
        id="photo-outside-content",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\nname_variants: Mamai",
        f"{P}:5: name_variants: expected a list, found 'Mamai'",
        id="scalar-for-list",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\ndraft: maybe",
        f"{P}:5: draft: expected true or false, found 'maybe'",
        id="bad-boolean",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019, report-2019]",
        f"{P}:4: sources[2]: 'report-2019' is listed twice",
        id="duplicate-in-list",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\nformer_slugs: [x]",
        f"{P}:5: former_slugs: 'x' is this record's own slug",
        id="former-slug-is-own",
    ),
    pytest.param(
        "status: imprisoned\nsources: [report-2019]\nregion: [a, b]",
        f"{P}:5: region: expected text, found a list",
        id="list-for-text",
    ),
]


@pytest.mark.parametrize(("front", "expected"), INVALID_PRISONERS)
def test_each_rule_names_line_field_and_fix(tree: SiteTree, front: str, expected: str) -> None:
    tree.prisoner("x", f"---\nname: X Person\n{front}\n---\nBody.\n")
    assert only_problem(tree).startswith(expected)


def test_name_must_be_latin_script(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner("Жанболат Мамай"))
    assert only_problem(tree).startswith(f"{P}:2: name: must be written in Latin script")


@pytest.mark.parametrize(
    "date", ["2019", "2019-11", "2019-11-05", "'2019'", "'2019-11-05'", "2019-02-29"]
)
def test_partial_dates_in_every_form_are_accepted(tree: SiteTree, date: str) -> None:
    if date == "2019-02-29":
        tree.prisoner("x", prisoner(born=date))
        assert only_problem(tree).startswith(f"{P}:5: born: '2019-02-29' is not a real date")
        return
    tree.prisoner("x", prisoner(born=date))
    catalog = check(tree.project)
    assert catalog.prisoners["x"].born is not None
    assert catalog.prisoners["x"].born.iso == date.strip("'")


def test_draft_may_be_unsourced_and_is_not_published(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner(sources="[]", draft="true"))
    assert "x" not in check(tree.project).prisoners


def test_every_problem_in_every_file_is_reported_in_one_run_sorted(tree: SiteTree) -> None:
    tree.prisoner("b", prisoner(status="jailed", ocupation="teacher"))
    tree.prisoner("a", prisoner(born="someday"))
    tree.case("c", "---\ntitle: C\nsources: [nope]\npeople: [zz]\n---\n")
    found = problems_of(tree)
    assert [line.split(": ")[0] + ": " + line.split(": ")[1] for line in found] == [
        "content/cases/c.md:3: sources[1]",
        "content/cases/c.md:4: people[1]",
        "content/prisoners/a.md:5: born",
        "content/prisoners/b.md:3: status",
        "content/prisoners/b.md:5: ocupation",
    ]


def test_case_fields_are_checked(tree: SiteTree) -> None:
    tree.case("c", "---\ntitle: C\nstatus: open\nsources: [report-2019]\narticles: [cc-406]\n---\n")
    found = problems_of(tree)
    assert found[0].startswith(
        "content/cases/c.md:3: status: 'open' is not allowed; use one of: concluded or ongoing"
    )
    assert found[1].startswith(
        "content/cases/c.md:5: articles[1]: unknown article 'cc-406' (did you mean 'cc-405'?)"
    )


def test_bad_file_name_is_reported_with_a_suggestion(tree: SiteTree) -> None:
    tree.prisoner("Zhanbolat Mamai", prisoner())
    assert only_problem(tree) == (
        "content/prisoners/Zhanbolat Mamai.md: the file name must be lowercase a-z, 0-9 and '-'"
        " (it becomes the page address); rename it to zhanbolat-mamai.md (a translation:"
        " zhanbolat-mamai.<language>.md)"
    )


def test_stray_files_are_reported(tree: SiteTree) -> None:
    tree.write("content/prisoners/x.markdown", prisoner())
    assert (
        only_problem(tree)
        == "content/prisoners/x.markdown: only .md files (and photos) belong here"
    )


def test_articles_and_sources_entries_are_checked(tree: SiteTree) -> None:
    tree.write("content/articles.yaml", "cc-405:\n  code: penal\n  number: 405\n  titel: X\n")
    tree.write("content/sources.yaml", "Bad Id:\n  title: T\n  date: 2019\n  url: ftp://x.org\n")
    found = problems_of(tree)
    assert (
        "content/articles.yaml:2: cc-405.code: 'penal' is not allowed; use one of: administrative or criminal"
        in found
    )
    assert "content/articles.yaml:4: cc-405.titel: unknown field (did you mean 'title'?)" in found
    # one typo, one message: no "title is missing" besides "titel is unknown"
    assert not any("cc-405.title: is missing" in problem for problem in found)
    assert any(
        p.startswith("content/sources.yaml:1: Bad Id: 'Bad Id' is not a valid id") for p in found
    )
    assert any(
        p.startswith("content/sources.yaml:4: Bad Id.url: 'ftp://x.org' is not a web address")
        for p in found
    )


def test_site_settings_are_checked(tree: SiteTree) -> None:
    tree.write("content/site.yaml", "title: T\nbase_url: example.org\nlanguage: en\n")
    found = problems_of(tree)
    assert "content/site.yaml:1: description: is missing; it is required" in found
    assert any(
        p.startswith("content/site.yaml:2: base_url: 'example.org' is not a web address")
        for p in found
    )


def test_missing_content_files_are_reported(tree: SiteTree) -> None:
    (tree.root / "content/sources.yaml").unlink()
    assert "content/sources.yaml: file is missing" in problems_of(tree)


# --- checks across records -----------------------------------------------------------------


def test_former_slug_that_is_a_live_slug_is_rejected(tree: SiteTree) -> None:
    tree.prisoner("a", prisoner("A Person"))
    tree.prisoner("b", prisoner("B Person", former_slugs="[a]"))
    assert only_problem(tree) == (
        "content/prisoners/b.md:5: former_slugs: 'a' is the slug of content/prisoners/a.md, a live record"
    )


def test_former_slug_claimed_twice_is_rejected(tree: SiteTree) -> None:
    tree.prisoner("a", prisoner("A Person", former_slugs="[old]"))
    tree.prisoner("b", prisoner("B Person", former_slugs="[old]"))
    assert only_problem(tree) == (
        "content/prisoners/b.md:5: former_slugs: 'old' is also a former slug of content/prisoners/a.md"
    )


def test_published_record_cannot_link_to_a_draft(tree: SiteTree) -> None:
    tree.prisoner("a", prisoner("A Person", cases="[c]"))
    tree.case("c", "---\ntitle: C\nsources: []\ndraft: true\n---\n")
    assert only_problem(tree).startswith(
        "content/prisoners/a.md:5: cases: 'c' is a draft and is not published"
    )
