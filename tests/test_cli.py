"""The commands as volunteers use them: messages and exit codes, never a traceback."""

from __future__ import annotations

import pytest

from generator.build import check
from generator.content.fields import specs_of
from generator.content.model import Case, Prisoner

from .conftest import SiteTree, prisoner


def test_validate_reports_ok_with_counts(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner())
    result = tree.run("validate")
    assert result.exit_code == 0
    assert "OK: 1 prisoners, 0 cases, 3 articles, 2 sources." in result.output


def test_validate_prints_every_problem_and_exits_1(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner(status="jailed", born="soon"))
    result = tree.run("validate")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("content/prisoners/x.md:3: status: 'jailed' is not allowed")
    assert lines[1].startswith("content/prisoners/x.md:5: born: 'soon' is not a date")
    assert lines[2] == "2 problems found."
    assert "Traceback" not in result.output


def test_run_outside_a_project_is_a_clear_problem(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    assert "content: folder not found: run the command from the project root" in result.output


def test_new_prisoner_writes_a_valid_draft_named_after_the_person(tree: SiteTree) -> None:
    result = tree.run("new", "prisoner", "Zhanbolat Mamai: journalist")
    assert result.exit_code == 0, result.output
    file = tree.root / "content/prisoners/zhanbolat-mamai-journalist.md"
    assert file.is_file()
    assert tree.run("validate").exit_code == 0
    assert check(tree.project).prisoners == {}  # a draft until it is sourced


def test_new_case_writes_a_valid_draft(tree: SiteTree) -> None:
    assert tree.run("new", "case", "Pickets for political prisoners, 2019").exit_code == 0
    assert (tree.root / "content/cases/pickets-for-political-prisoners-2019.md").is_file()
    assert tree.run("validate").exit_code == 0


@pytest.mark.parametrize(("kind", "fields"), [("prisoner", Prisoner), ("case", Case)])
def test_new_writes_every_field_each_with_a_comment(
    tree: SiteTree, kind: str, fields: type
) -> None:
    assert tree.run("new", kind, "Some Name").exit_code == 0
    text = (tree.root / f"content/{kind}s/some-name.md").read_text(encoding="utf-8")
    lines = text.split("\n---\n")[0].splitlines()[1:]
    for name in specs_of(fields):
        at = next(i for i, line in enumerate(lines) if line.lstrip("# ").startswith(f"{name}:"))
        assert lines[at - 1].startswith("#") or lines[at].startswith("#"), name
    uncommented = [line.split(":")[0] for line in lines if line and not line.startswith(("#", " "))]
    assert set(uncommented) <= {
        "name",
        "name_variants",
        "status",
        "title",
        "summary",
        "sources",
        "draft",
    }


def test_new_refuses_to_overwrite_and_needs_latin_letters(tree: SiteTree) -> None:
    tree.prisoner("test-person", prisoner())
    result = tree.run("new", "prisoner", "Test Person")
    assert result.exit_code == 2 and "already exists" in result.output
    result = tree.run("new", "prisoner", "Жанболат")
    assert result.exit_code == 2 and "give the name in Latin letters" in result.output


def test_module_and_console_script_entry_points_exist() -> None:
    import tomllib
    from pathlib import Path

    from .conftest import REPO

    scripts = tomllib.loads(Path(REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["ppdb"] == "generator.cli:main"
    assert (REPO / "generator/__main__.py").is_file()


def test_base_url_must_be_a_web_address(tree: SiteTree) -> None:
    result = tree.run("build", "--no-search", "--base-url", "org.github.io/repo")
    assert result.exit_code == 2
    assert "'org.github.io/repo' is not a web address" in result.output
    assert not (tree.root / "site").exists()
