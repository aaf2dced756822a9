"""A pull request's commit dates: "Record edited" shows when a change reached the main line (the
merge), never a date its author set, never later than the checked-out commit, and a date git
prints that is no real day is dropped with a warning instead of stopping the build."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ..conftest import prisoner
from .test_pull_request import Reviewer

PAGE = "prisoners/mamai/index.html"
RECORD = "content/prisoners/mamai.md"


@pytest.fixture
def reviewer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Reviewer:
    project = Reviewer(tmp_path)
    monkeypatch.chdir(project.root)
    project.git("init", "-q", "-b", "main")
    return project


def commit_at(reviewer: Reviewer, when: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commit everything with `when` as the author's and committer's date (as a pull request's
    author can set them: GIT_COMMITTER_DATE)."""
    monkeypatch.setenv("GIT_AUTHOR_DATE", when)
    monkeypatch.setenv("GIT_COMMITTER_DATE", when)
    reviewer.commit(f"at {when}")


def commit_by_hand(reviewer: Reviewer, committer_time: str) -> None:
    """Commit everything through a commit object written by hand, whose committer line holds
    any time: git commit refuses some that git log then prints."""
    reviewer.git("add", "-A")
    tree, parent = reviewer.git("write-tree").strip(), reviewer.git("rev-parse", "HEAD").strip()
    text = (
        f"tree {tree}\nparent {parent}\nauthor A <a@example.org> 1767225600 +0000\n"
        f"committer A <a@example.org> {committer_time}\n\nhand-made\n"
    )
    write = ["git", "-C", str(reviewer.root), "hash-object", "-t", "commit", "-w", "--literally"]
    made = subprocess.run([*write, "--stdin"], input=text, capture_output=True, text=True)
    reviewer.git("update-ref", "HEAD", made.stdout.strip())


def edit(reviewer: Reviewer) -> None:
    reviewer.tree.prisoner("mamai", prisoner("Zhanbolat Mamai").replace("A short", "A longer"))


def last_updated(reviewer: Reviewer, page: str = PAGE) -> str:
    html = reviewer.tree.html(page)
    start = html.find("Record edited")
    return html[start : html.find("</time>", start)] if start >= 0 else ""


def test_a_merged_pull_request_is_dated_by_its_merge_not_its_authors_commit(
    reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    commit_at(reviewer, "2026-01-10T12:00:00+00:00", monkeypatch)
    reviewer.git("checkout", "-q", "-b", "pull-request")
    edit(reviewer)
    commit_at(reviewer, "2099-01-01T12:00:00+00:00", monkeypatch)
    reviewer.git("checkout", "-q", "main")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-12-01T12:00:00+00:00")
    reviewer.git("merge", "-q", "--no-ff", "pull-request", "-m", "Merge the pull request")
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    assert '<time datetime="2026-12-01">1 December 2026' in last_updated(reviewer)
    assert "2099" not in reviewer.tree.html(PAGE)


def test_a_date_after_the_checked_out_commits_shows_as_that_commits_date(
    reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    commit_at(reviewer, "2026-01-10T12:00:00+00:00", monkeypatch)
    edit(reviewer)
    commit_at(reviewer, "2099-01-01T12:00:00+00:00", monkeypatch)  # pushed onto the main line
    reviewer.tree.prisoner("other", prisoner("Another Person"))
    commit_at(reviewer, "2026-12-05T12:00:00+00:00", monkeypatch)
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    assert '<time datetime="2026-12-05">5 December 2026' in last_updated(reviewer)
    assert "2099" not in reviewer.tree.html(PAGE)


NO_REAL_DAY = {
    # git commit accepts it (GIT_COMMITTER_DATE); git log prints 10000-01-01.
    "the year 10000": ("@253402300800 +0000", "'10000-01-01'", False),
    # Seconds beyond what git can hold, in a commit written by hand: git log prints 1970-01-01.
    "seconds that overflow": ("99999999999999999999 +0000", "'1970-01-01'", True),
    # A time zone of 99 hours, which carries the last days of 9999 into the year 10000.
    "a time zone of 99 hours": ("253402300000 +9999", "'10000-01-0", True),
    # A time git cannot read at all.
    "no number": ("soon +0000", "out of range or unreadable: this record", True),
}


@pytest.mark.parametrize(
    "committer_time, printed, by_hand", NO_REAL_DAY.values(), ids=NO_REAL_DAY.keys()
)
def test_a_date_that_is_no_real_day_is_dropped_with_a_warning(
    reviewer: Reviewer,
    monkeypatch: pytest.MonkeyPatch,
    committer_time: str,
    printed: str,
    by_hand: bool,
) -> None:
    commit_at(reviewer, "2026-01-10T12:00:00+00:00", monkeypatch)
    edit(reviewer)
    if by_hand:
        commit_by_hand(reviewer, committer_time)
    else:
        commit_at(reviewer, committer_time, monkeypatch)
    reviewer.tree.prisoner("other", prisoner("Another Person"))
    commit_at(reviewer, "2026-12-05T12:00:00+00:00", monkeypatch)
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    assert "Internal error" not in result.output
    warning = next(line for line in result.output.splitlines() if line.startswith(RECORD))
    assert "last updated: warning: commit " in warning and printed in warning
    assert last_updated(reviewer) == ""  # its last change has no date to show
    assert "5 December 2026" in last_updated(reviewer, "prisoners/other/index.html")
    validated = reviewer.run("validate", "--strict")  # the main line's history is no edit's fault
    assert validated.exit_code == 0 and printed in validated.output


def test_a_checked_out_commit_in_the_year_10000_dates_no_record(
    reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    commit_at(reviewer, "2026-01-10T12:00:00+00:00", monkeypatch)
    edit(reviewer)
    commit_at(reviewer, "@253402300800 +0000", monkeypatch)
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    assert "Internal error" not in result.output
    assert "content: warning: the checked-out commit (HEAD)" in result.output
    assert "(git prints '10000-01-01'): no record shows when it was last updated" in result.output
    assert last_updated(reviewer) == ""
