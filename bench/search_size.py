"""Sizes of the search indexes of a synthetic database: `python -m bench.search_size 10000`.

Builds the site with search (Pagefind's bundles) and the offline copy, and prints the bytes of
each index: the Pagefind files a search may load (all of pagefind/ but its program files) and
the offline copy's index script. Run it on two commits to see what a change adds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from bench.generate import generate

# Pagefind's program and interface files: the same for any content.
_PROGRAM = (".js", ".css", ".wasm")
INDEX = "offline-index.js"


def pagefind_bytes(site: Path) -> int:
    return sum(
        file.stat().st_size
        for file in (site / "pagefind").rglob("*")
        if file.is_file() and not file.name.endswith(_PROGRAM) and "wasm." not in file.name
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()))
    options = parser.parse_args()
    root = generate(options.count, options.scratch / f"bench-search-{options.count}")
    # The bench's own modules are importable from the generated project's folder too.
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    for command in (["build", "--out", "site"], ["offline", "--out", "copy.zip"]):
        subprocess.run(
            [sys.executable, "-m", "generator", *command],
            cwd=root,
            env=env,
            check=True,
            capture_output=True,
        )
    with zipfile.ZipFile(root / "copy.zip") as archive:
        (offline,) = (i.file_size for i in archive.infolist() if i.filename.endswith(INDEX))
    pagefind = pagefind_bytes(root / "site")
    print(
        f"{options.count} records: Pagefind index {pagefind / 2**20:.2f} MiB, "
        f"offline index {offline / 2**20:.2f} MiB"
    )
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
