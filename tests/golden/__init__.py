"""The golden site: tests/golden/content/ built with --no-search and compared file by file with
the committed tree tests/golden/expected/ (tests/test_golden.py), so "the same content gives
byte-identical pages" is a test.

After a change that is meant to change the output, regenerate the expected tree with

    python -m tests.golden update

and review its diff (`git diff --stat tests/golden/expected`) before committing it. The
expected bytes also follow the libraries the output depends on (Babel's dates, Pillow's photo
encoding, the Markdown renderer): after upgrading one, regenerate and review the same way.
"""

from __future__ import annotations

import datetime
import difflib
import shutil
import tempfile
from pathlib import Path

from generator import build as pipeline
from generator.problems import ContentError
from generator.settings import Project

GOLDEN = Path(__file__).resolve().parent
REPO = GOLDEN.parent.parent
CONTENT = GOLDEN / "content"
EXPECTED = GOLDEN / "expected"
# The day the golden site is built as of: not the commit's, which moves with every commit.
AS_OF = datetime.date(2024, 6, 1)
# The build's bookkeeping, not the site: the marker names the output folder's inode, and the
# fingerprints hash the generator's own code, so they change with any edit of it.
NOT_COMPARED = frozenset({".ppdb-site", ".ppdb-fingerprints.json"})
# Published as they are in the repository's assets/: compared with those files, not with a
# committed copy of them.
VERBATIM = "assets/"
DIFFS_SHOWN = 3
DIFF_LINES = 40


def build_golden(out_dir: Path) -> None:
    """Build the golden content with the repository's templates and assets into out_dir, in a
    project folder of its own outside any git repository (no commit dates)."""
    with tempfile.TemporaryDirectory(prefix="ppdb-golden-") as scratch:
        root = Path(scratch)
        shutil.copytree(CONTENT, root / "content")
        shutil.copytree(REPO / "templates", root / "templates")
        shutil.copytree(REPO / "assets", root / "assets")
        try:
            pipeline.build(Project(root), out_dir, as_of=AS_OF, search=False)
        except ContentError as error:
            problems = "\n".join(str(problem) for problem in error.problems)
            raise AssertionError(f"the golden content has problems:\n{problems}") from None


def site_files(folder: Path) -> dict[str, Path]:
    """Site path -> file, of every file the build wrote but its bookkeeping."""
    return {
        path.relative_to(folder).as_posix(): path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in NOT_COMPARED
    }


def published_assets() -> dict[str, Path]:
    """The repository's assets the site publishes as they are (all but the share cards'
    fonts): what the built assets/ is compared with, rather than a committed copy of them."""
    return {
        f"{VERBATIM}{name}": file
        for name, file in site_files(REPO / "assets").items()
        if not name.startswith(pipeline.CARD_FONTS)
    }


def differences(built: Path, expected: Path) -> list[str]:
    """What differs between two built trees: files missing, extra or changed, then a unified
    diff of the first few changed text files. Empty when they are byte for byte the same."""
    made, wanted = site_files(built), site_files(expected) | published_assets()
    lines = [f"missing (expected, not built): {path}" for path in sorted(wanted.keys() - made)]
    lines += [f"extra (built, not expected): {path}" for path in sorted(made.keys() - wanted)]
    changed = [
        path
        for path in sorted(made.keys() & wanted.keys())
        if made[path].read_bytes() != wanted[path].read_bytes()
    ]
    lines += [f"changed: {path}" for path in changed]
    for path in changed[:DIFFS_SHOWN]:
        try:
            old = wanted[path].read_text(encoding="utf-8").splitlines()
            new = made[path].read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue  # a photo or a font: named above
        diff = difflib.unified_diff(old, new, f"expected/{path}", f"built/{path}", lineterm="")
        lines += list(diff)[:DIFF_LINES]
    return lines


def update() -> int:
    """Rebuild the expected tree from the golden content; returns how many files it holds."""
    with tempfile.TemporaryDirectory(prefix="ppdb-golden-out-") as scratch:
        built = Path(scratch) / "site"
        build_golden(built)
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for path, file in site_files(built).items():
            if path.startswith(VERBATIM):
                continue  # compared with the repository's own (published_assets)
            (EXPECTED / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, EXPECTED / path)
        return len(site_files(EXPECTED))
