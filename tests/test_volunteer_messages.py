"""What a volunteer reads after a mistake: the cause, once, where it is, and how to fix it."""

from __future__ import annotations

import pytest

from generator.content.model import (
    EVENT_MEANINGS,
    EVENT_TYPES,
    PRISONER_STATUSES,
    STATUS_MEANINGS,
)

from .conftest import SOURCES_YAML, SiteTree, prisoner

P = "content/prisoners/x.md"


def problems(tree: SiteTree, command: str = "validate") -> list[str]:
    result = tree.run(command)
    assert result.exit_code == 1, result.output
    return result.stderr.strip().splitlines()


def test_typographic_quotes_around_a_value_are_refused(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner("“Aigerim Testova”"))
    assert problems(tree)[0] == (
        f"{P}:2: name: is wrapped in typographic quotes (“...”), which would be published:"
        ' YAML reads only straight quotes; remove them, or use "..."'
    )


def test_a_duplicated_source_id_is_one_problem_not_one_per_citation(tree: SiteTree) -> None:
    tree.write("content/sources.yaml", SOURCES_YAML + "report-2019:\n  title: T\n  date: 2019\n")
    for slug in ("a", "b", "c"):
        tree.prisoner(slug, prisoner(f"Person {slug.upper()}"))
    assert problems(tree) == [
        "content/sources.yaml:9: 'report-2019' appears twice (first on line 1)",
        "1 problem found.",
    ]


def test_a_colon_in_a_source_title_is_one_problem_with_the_fix(tree: SiteTree) -> None:
    tree.write("content/sources.yaml", "report-2019:\n  title: Kazakhstan: arrests\n  date: 2019\n")
    tree.prisoner("x", prisoner())
    assert problems(tree) == [
        "content/sources.yaml:2: YAML syntax error: a ': ' inside a value starts another field:"
        ' put the whole value in quotes, e.g. summary: "Detained: 15 days"',
        "1 problem found.",
    ]


def test_a_tab_in_the_indentation_is_named(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner(events="\n  - date: 2019\n\t  type: detained"))
    assert problems(tree)[0] == (
        f"{P}:7: YAML syntax error: a tab indents this line: YAML needs spaces; replace the tab"
        " with spaces"
    )


@pytest.mark.parametrize(
    ("field", "written", "meant"),
    [
        ("events", "[{date: 2019, type: arrested, summary: S}]", "detained"),
        ("events", "[{date: 2019, type: court, summary: S}]", "trial"),
        ("status", "jailed", "imprisoned"),
        ("status", "arrested", "detained"),
    ],
)
def test_common_words_suggest_what_they_mean(
    tree: SiteTree, field: str, written: str, meant: str
) -> None:
    tree.prisoner("x", prisoner(**{field: written}))
    assert f"(did you mean '{meant}'?)" in problems(tree)[0]


def test_every_meaning_names_a_real_choice() -> None:
    assert set(STATUS_MEANINGS.values()) <= set(PRISONER_STATUSES)
    assert set(EVENT_MEANINGS.values()) <= set(EVENT_TYPES)
    assert not (STATUS_MEANINGS.keys() & set(PRISONER_STATUSES))
    assert not (EVENT_MEANINGS.keys() & set(EVENT_TYPES))


def test_validate_says_what_it_found_and_build_what_it_did_not_do(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner(status="jailed"))
    assert problems(tree)[-1] == "1 problem found."
    assert problems(tree, "build")[-1] == "1 problem found; nothing was built."


def test_validate_names_the_drafts_it_did_not_publish(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner())
    tree.prisoner("y", prisoner("Why Not", draft="true"))
    tree.case("c", "---\ntitle: C\nsources: []\ndraft: true\n---\n")
    result = tree.run("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "OK: 1 prisoners, 0 cases, 3 articles, 2 sources; 2 drafts, not published:"
        " content/cases/c.md, content/prisoners/y.md."
    )


def test_a_record_file_in_a_subfolder_is_reported(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner())
    tree.write("content/prisoners/old/y.md", prisoner("Why Not"))
    assert problems(tree)[0] == (
        "content/prisoners/old/y.md: record files belong directly in content/prisoners/, where"
        " the build reads them: move it there (a record left out on purpose belongs outside"
        " content/)"
    )


def test_github_format_annotates_each_problem_on_its_line(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner(status="jailed"))
    result = tree.run("validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"::error file={P},line=3::status: 'jailed' is not allowed (did you mean 'imprisoned'?);"
    )
    assert f"{P}:3: status: 'jailed' is not allowed" in result.stderr  # the log keeps its line


def test_github_annotations_cannot_end_the_command_early(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner(**{'"a,b:%\\rc"': "x"}))
    result = tree.run("validate", "--format", "github")
    annotation = next(line for line in result.stdout.splitlines() if line.startswith("::error"))
    assert annotation.startswith(f"::error file={P},line=5::a,b:%25\\rc: unknown field")


def test_a_date_in_the_future_is_refused(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner(events="[{date: 2100, type: detained, summary: S}]"))
    assert problems(tree)[0] == f"{P}:5: events[1].date: '2100' is in the future: check the year"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"born": "1990", "events": "\n  - date: 1985-05\n    type: detained\n    summary: S"},
            f"{P}:7: events[1].date: 1985-05 comes before the birth (1990, line 5): check both"
            " dates",
        ),
        (
            {
                "events": "\n  - date: 2019-05\n    type: detained\n    summary: S"
                "\n  - date: 2019-03\n    type: released\n    summary: S"
            },
            f"{P}:9: events[2].date: the release (2019-03) comes before the first detention"
            " (2019-05, line 6): check both dates",
        ),
        (
            {
                "events": "\n  - date: 2020\n    type: sentenced\n    summary: S"
                "\n  - date: 2021-02-01\n    type: charged\n    summary: S"
            },
            f"{P}:6: events[1].date: the sentence (2020) comes before the charge (2021-02-01,"
            " line 9): check both dates",
        ),
    ],
    ids=["birth after an event", "release before detention", "sentence before charge"],
)
def test_dates_that_cannot_both_be_right_are_named_with_both_lines(
    tree: SiteTree, fields: dict[str, str], message: str
) -> None:
    tree.prisoner("x", prisoner(**fields))
    assert problems(tree)[0] == message


def test_vague_dates_that_may_be_in_order_are_accepted(tree: SiteTree) -> None:
    events = (
        "\n  - date: 2019\n    type: released\n    summary: S"
        "\n  - date: 2019-05\n    type: detained\n    summary: S"
    )
    tree.prisoner("x", prisoner(born="2019", events=events))
    assert tree.run("validate").exit_code == 0


WARNING = (
    "warning: {other} gives the same name or spelling: if it is one person, keep one file (and"
    " its slug in former_slugs); if two, say so here: silenced: [{{warning: same-person,"
    " reason: ...}}]"
)


def test_the_same_person_in_two_files_is_a_warning_that_strict_fails_on(tree: SiteTree) -> None:
    tree.prisoner("a", prisoner("Aigerim Testova"))
    tree.prisoner("b", prisoner("Aigerim  testova"))
    result = tree.run("validate")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:2] == [
        "content/prisoners/a.md:2: name: " + WARNING.format(other="content/prisoners/b.md"),
        "content/prisoners/b.md:2: name: " + WARNING.format(other="content/prisoners/a.md"),
    ]
    assert result.stdout.startswith("OK: 2 prisoners, 0 cases, 3 articles, 2 sources; 2 warnings.")
    strict = tree.run("validate", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.strip().splitlines()[-1] == "2 problems found."


def test_a_shared_spelling_is_the_same_warning_and_github_shows_it_as_one(tree: SiteTree) -> None:
    tree.prisoner("a", prisoner("Alnur Ilashev", name_variants="[Alnur Ulyashev]"))
    tree.prisoner("b", prisoner("Alnur Ulyashev"))
    result = tree.run("validate", "--format", "github")
    assert result.exit_code == 0
    assert result.stdout.startswith("::warning file=content/prisoners/a.md,line=2::name: warning:")


def test_a_record_silences_a_warning_with_a_reason(tree: SiteTree) -> None:
    reason = "[{warning: same-person, reason: Two people; different birth years in the report}]"
    tree.prisoner("a", prisoner("Aigerim Testova", silenced=reason))
    tree.prisoner("b", prisoner("Aigerim Testova", silenced=reason))
    result = tree.run("validate", "--strict")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    tree.prisoner("b", prisoner("Aigerim Testova", silenced="[{warning: same-person}]"))
    assert (
        problems(tree)[0]
        == "content/prisoners/b.md:5: silenced[1].reason: is missing; it is required"
    )


def test_a_published_record_made_a_draft_says_so(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner())
    assert tree.run("urls").exit_code == 0
    tree.prisoner("x", prisoner(draft="true"))
    message = next(line for line in problems(tree) if "/prisoners/x/" in line)
    assert message.endswith(
        "/prisoners/x/ was published, but content/prisoners/x.md is now a draft (draft: true),"
        " which is not published: remove the draft line to publish it again, or delete this"
        " line to retire the address on purpose"
    )


@pytest.mark.parametrize(
    ("fields", "line", "shown"),
    [
        ({"sentence": "Given 10 days #2 of arrest."}, 5, '"Given 10 days #2 of arrest."'),
        ({"occupation": "activist #FreeKazakhstan"}, 5, '"activist #FreeKazakhstan"'),
        ({"affiliations": "\n  - Oyan Qazaqstan # a movement"}, 6, '"Oyan Qazaqstan # a movement"'),
    ],
    ids=["number", "hashtag", "list item"],
)
def test_a_comment_after_a_text_value_is_a_problem(
    tree: SiteTree, fields: dict[str, str], line: int, shown: str
) -> None:
    tree.prisoner("x", prisoner(**fields))
    assert problems(tree)[0] == (
        f"{P}:{line}: the text after ' #' was dropped as a comment: put the whole value in quotes"
        f" ({shown}), or the comment on a line of its own"
    )


def test_comments_on_lines_of_their_own_and_after_numbers_are_allowed(tree: SiteTree) -> None:
    tree.prisoner(
        "x", prisoner(born="1977  # from the report", occupation='"activist #FreeX"') + "# note\n"
    )
    text = (tree.root / "content/prisoners/x.md").read_text()
    (tree.root / "content/prisoners/x.md").write_text(
        text.replace("---\nname", "---\n# a comment\nname")
    )
    result = tree.run("validate")
    assert result.exit_code == 0, result.output
