"""content/ holds only what the content model names, and no nesting stops a walk of it.

A pull request's `content/.gitattributes` (`*.md -diff linguist-generated=true`) turned every
later record edit into "Binary files differ", folded away on GitHub: validate accepted it, as any
file it did not read. 1,100 nested folders made validate and serve end with a RecursionError.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import cli
from generator.serve import snapshot

from ..conftest import SITE_YAML, prisoner
from .test_pull_request import Reviewer

WORKFLOW = Path(__file__).resolve().parents[2] / ".github/workflows/check.yml"
NESTED = 1_100
# Where walking the nested folders stops: the first folder deeper than the build looks, 8
# folders down in content/ (or assets/).
TOO_DEEP = {
    "content": "content/" + "/".join(["d"] * 9),
    "content/prisoners": "content/prisoners/" + "/".join(["d"] * 8),
    "assets": "assets/" + "/".join(["d"] * 9),
}


@pytest.fixture
def reviewer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Reviewer:
    project = Reviewer(tmp_path)
    monkeypatch.chdir(project.root)
    return project


def problem_lines(output: str) -> list[str]:
    """The problems validate printed, one a line (its last line counts them)."""
    lines = output.strip().splitlines()
    assert lines[-1].endswith("found."), output
    return lines[:-1]


# --- 4. only the files the content model names ----------------------------------------------


GITATTRIBUTES = "*.md -diff linguist-generated=true\n"


def test_content_gitattributes_is_a_problem(reviewer: Reviewer) -> None:
    reviewer.tree.write("content/.gitattributes", GITATTRIBUTES)
    result = reviewer.run("validate")
    assert result.exit_code == 1, result.output
    [line] = problem_lines(result.output)
    assert line.startswith("content/.gitattributes: is hidden: ")
    assert "remove it; content/ holds only site.yaml" in line


@pytest.mark.parametrize(
    "hidden, shown",
    [
        ("content/.htaccess", "content/.htaccess"),
        ("content/prisoners/.DS_Store", "content/prisoners/.DS_Store"),
        ("content/cases/.gitattributes", "content/cases/.gitattributes"),
        # A hidden folder is the problem, once, whatever it holds.
        ("content/.attic/mamai.jpg", "content/.attic"),
        ("content/prisoners/.old/.gitattributes", "content/prisoners/.old"),
    ],
)
def test_a_hidden_file_or_folder_is_a_problem(reviewer: Reviewer, hidden: str, shown: str) -> None:
    reviewer.tree.write(hidden, GITATTRIBUTES)
    result = reviewer.run("validate")
    assert result.exit_code == 1, result.output
    [line] = problem_lines(result.output)
    assert line.startswith(f"{shown}: is hidden: ")


def test_a_file_the_model_does_not_name_is_a_problem(reviewer: Reviewer) -> None:
    """Each stray file by its path, once; the files the model names pass, photos wherever a
    record's `photo:` may point (anywhere in content/)."""
    tree = reviewer.tree
    strays = ["content/README.md", "content/photos/notes.txt", "content/prisoners/old/notes.txt"]
    for stray in strays:
        tree.write(stray, "notes")
    tree.write("content/site.yaml", SITE_YAML + "languages: [en, ru]\n")
    tree.write("content/site.ru.yaml", "original: 0000000000\ntitle: Тест\n")
    tree.write("content/published-urls.txt", "")
    tree.write("content/prisoners/mamai.ru.md", "---\noriginal: 0000000000\n---\nТекст.\n")
    for picture in ("content/photos/mamai.JPG", "content/pic.png", "content/photos/2024/x.webp"):
        (reviewer.root / picture).parent.mkdir(parents=True, exist_ok=True)
        (reviewer.root / picture).write_bytes(b"not read: no record names it")
    (reviewer.root / "content/pages").mkdir()  # an empty folder: git cannot even hold it
    result = reviewer.run("validate")
    assert result.exit_code == 1, result.output
    lines = problem_lines(result.output)
    assert [line.split(": ", 1)[0] for line in lines] == strays, result.output
    assert all(": the build reads no such file: remove it; content/ holds" in s for s in lines)


# --- the check workflow: no .gitattributes below the root -----------------------------------


def gitattributes_step() -> dict[str, Any]:
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
    [step] = [s for s in steps if ".gitattributes" in str(s.get("name", ""))]
    return step  # type: ignore[no-any-return]


def run_step(step: dict[str, Any], root: Path) -> subprocess.CompletedProcess[str]:
    """The step's script as GitHub's runners run `run:` (bash -eo pipefail)."""
    script = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]]
    return subprocess.run(script, cwd=root, capture_output=True, text=True, check=False)


def test_the_check_workflow_fails_on_a_gitattributes_below_the_root(reviewer: Reviewer) -> None:
    step = gitattributes_step()
    assert step.get("if") == "${{ !cancelled() }}"  # also after validate failed
    reviewer.tree.write(".gitattributes", "* text=auto\n")  # the root's own is allowed
    reviewer.commit()
    passed = run_step(step, reviewer.root)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "::error" not in passed.stdout

    reviewer.tree.write("content/.gitattributes", GITATTRIBUTES)
    reviewer.tree.write("templates/strings/.gitattributes", GITATTRIBUTES)
    reviewer.commit()
    failed = run_step(step, reviewer.root)
    assert failed.returncode == 1
    assert failed.stdout.splitlines() == [
        f"::error file={file}::{file}: a .gitattributes outside the repository root can hide"
        " changes from review (shown as binary or generated): remove it"
        for file in ("content/.gitattributes", "templates/strings/.gitattributes")
    ]


# --- 11. nesting ----------------------------------------------------------------------------


@pytest.fixture
def nested(reviewer: Reviewer, request: pytest.FixtureRequest) -> Iterator[Path]:
    """1,100 folders, one in another, under the folder the test names; removed by a loop
    afterwards (shutil.rmtree, recursive, would fail on them as well)."""
    top = reviewer.root / request.param
    folders = [top / "/".join(["d"] * depth) for depth in range(1, NESTED + 1)]
    for folder in folders:
        folder.mkdir()
    (folders[-1] / "deep.md").write_text(prisoner("Deep Down"))
    yield top
    (folders[-1] / "deep.md").unlink()
    for folder in reversed(folders):
        folder.rmdir()


@pytest.mark.parametrize("nested", ["content", "content/prisoners", "assets"], indirect=True)
def test_deep_nesting_is_one_problem_for_validate(reviewer: Reviewer, nested: Path) -> None:
    result = reviewer.run("validate")
    assert "Internal error" not in result.output and "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    [line] = problem_lines(result.output)
    folder = TOO_DEEP[nested.relative_to(reviewer.root).as_posix()]
    assert line == (
        f"{folder}: folders nested more than 8 deep: no file the build reads needs more, and it"
        " looks no further in: move what this folder holds higher up, or remove it"
    )


@pytest.mark.parametrize("nested", ["content"], indirect=True)
def test_deep_nesting_is_one_problem_for_serve(
    reviewer: Reviewer, nested: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve's watcher takes the stat of every watched file, then rebuilds: both survive, and
    the rebuild names the folder."""
    snapshots = []

    def serve_once(out: Path, host: str, port: int, watched: list[Path], rebuild: Any, **_: Any):  # type: ignore[no-untyped-def]
        seen = snapshot(watched)
        snapshots.append(seen)
        rebuild(seen)

    monkeypatch.setattr(cli, "serve_site", serve_once)
    result = reviewer.run("serve")
    assert "Internal error" not in result.output and "Traceback" not in result.output
    assert result.exit_code == 0, result.output
    assert f"{TOO_DEEP['content']}: folders nested more than 8 deep" in result.output
    problems = [line for line in result.output.splitlines() if line.startswith("content/")]
    assert len(problems) == 1, result.output
    # The watcher looks no deeper than the build: the folder there is listed, unopened.
    [seen] = snapshots
    too_deep = str(reviewer.root / TOO_DEEP["content"])
    assert seen[too_deep] == {}
    assert not any(key.startswith(too_deep + "/") for key in seen)
