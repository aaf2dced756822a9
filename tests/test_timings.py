"""build --timings (and offline --timings): each stage's wall time on stderr after the build,
one line per stage and the total; the site built is the same file for file."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import SiteTree, prisoner

STAGE_LINE = re.compile(r"^(?P<stage>[a-z]+) +(?P<seconds>\d+\.\d{3}) s$")


def _stages(stderr: str) -> dict[str, float]:
    found = (STAGE_LINE.match(line) for line in stderr.splitlines())
    return {match["stage"]: float(match["seconds"]) for match in found if match}


def _files(folder: Path) -> dict[str, bytes]:
    # .ppdb-site names the folder's inode: it differs between any two folders.
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != ".ppdb-site"
    }


def test_build_timings_print_each_stage_and_the_total_and_change_nothing(tree: SiteTree) -> None:
    tree.prisoner("ayan", prisoner("Ayan Test"))
    plain = tree.run("build", "--no-search", "--out", "plain")
    timed = tree.run("build", "--no-search", "--out", "timed", "--timings")
    assert plain.exit_code == 0 and timed.exit_code == 0, timed.output

    stages = _stages(timed.stderr)
    expected = ["check", "plan", "fingerprint", "photos", "render", "checksums", "write", "total"]
    assert list(stages) == expected, timed.stderr
    # Stages do not overlap: together they are within the total (rounded to the millisecond).
    parts = sum(seconds for name, seconds in stages.items() if name != "total")
    assert parts <= stages["total"] + 0.01
    assert not _stages(plain.stderr)  # only when asked
    seconds = re.compile(r"in \d+\.\d+ s")
    assert seconds.sub("", timed.stdout) == seconds.sub("", plain.stdout.replace("plain", "timed"))
    assert _files(tree.root / "timed") == _files(tree.root / "plain")


def test_offline_timings_include_packaging(tree: SiteTree) -> None:
    tree.prisoner("ayan", prisoner("Ayan Test"))
    result = tree.run("offline", "--out", "site.zip", "--timings")
    assert result.exit_code == 0, result.output
    stages = _stages(result.stderr)
    assert {"check", "render", "write", "package", "total"} <= stages.keys(), result.stderr
    assert "index" not in stages  # offline search ships its own index, no Pagefind
    assert (tree.root / "site.zip").stat().st_size > 0
