"""python -m tests.golden update: rebuild tests/golden/expected/ from tests/golden/content/."""

from __future__ import annotations

import sys

from tests.golden import EXPECTED, REPO, update

if __name__ == "__main__":
    if sys.argv[1:] != ["update"]:
        sys.exit("usage: python -m tests.golden update")
    count = update()
    print(f"Wrote {count} files into {EXPECTED.relative_to(REPO)}; review: git diff --stat")
