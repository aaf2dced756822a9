"""Benchmark the pipeline on synthetic content: median seconds and peak memory per step.

    python -m bench.run                  # 1,000 and 10,000 records, 3 runs each
    python -m bench.run 1000 10000 50000 --repeat 3
    python -m bench.run 10000 --scratch /dev/shm   # in memory: the generator, not the disk

Each step runs as its own process, as a volunteer would run it; peak memory is the largest
resident set of that process and its workers. Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.generate import generate


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of one command. A command may print its own time instead, as a line
    'seconds: N': bench.preview times the rebuild, not its set-up."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        # The bench's own modules are importable from the generated project's folder too.
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{err.read().decode()}")
        for line in out.read().decode().splitlines():
            if line.startswith("seconds: "):
                seconds = float(line.removeprefix("seconds: "))
    return seconds, usage.ru_maxrss / 1024


Step = tuple[str, list[str], Callable[[], None]]  # name, command, what to do before each run


def steps(root: Path, site: Path) -> list[Step]:
    generator = [sys.executable, "-m", "generator"]
    build = [*generator, "build", "--no-search", "--out", str(site)]

    def nothing() -> None:
        pass

    def clean() -> None:
        shutil.rmtree(site, ignore_errors=True)

    def no_index() -> None:
        shutil.rmtree(site / "pagefind", ignore_errors=True)

    def edit() -> None:
        edit_one_profile(root, "text")

    return [
        ("validate", [*generator, "validate"], nothing),
        ("build, no search, from empty", build, clean),
        ("build again, nothing changed", build, nothing),
        (
            "search index (Pagefind bundles)",
            [sys.executable, "-m", "bench.index", str(site)],
            no_index,
        ),
        ("edit one profile, build", build, edit),
        # serve keeps its state between rebuilds: the figure is the rebuild alone, in-process
        *(
            (
                f"edit one profile's {edit}, serve rebuild",
                [sys.executable, "-m", "bench.preview", str(site), edit],
                nothing,
            )
            for edit in EDITS
        ),
        (
            "edit one profile's status, serve: page and search",
            [sys.executable, "-m", "bench.preview", str(site), "status", "--search"],
            nothing,
        ),
    ]


# What an edit changes: its biography (only its own page shows it), its status (so do the
# lists, its case, articles and sources), or its name (so does the timeline, and the order of
# lists: the records are linked again).
EDITS = ("text", "status", "name")


def edit_one_profile(root: Path, edit: str) -> None:
    profile = root / "content/prisoners/person-00000.md"
    text = profile.read_text(encoding="utf-8")
    if edit == "text":
        text += "\nOne more sentence.\n"
    elif edit == "status":
        status = "released" if "\nstatus: imprisoned\n" in text else "imprisoned"
        text = re.sub(r"\nstatus: \w+\n", f"\nstatus: {status}\n", text, count=1)
    elif " Junior\n" in text:
        text = text.replace(" Junior\n", "\n", 1)
    else:
        text = re.sub(r"\nname: (.*)\n", r"\nname: \1 Junior\n", text, count=1)
    profile.write_text(text, encoding="utf-8")


def bench(
    count: int, repeat: int, scratch: Path, languages: tuple[str, ...] = ()
) -> list[tuple[str, float, float]]:
    root = generate(count, scratch / f"bench-{count}", languages=languages)
    site = root / "site"
    rows = []
    for name, command, prepare in steps(root, site):
        runs = []
        for _ in range(repeat):
            prepare()
            runs.append(measure(command, root))
        rows.append((name, statistics.median(s for s, _ in runs), max(m for _, m in runs)))
        print(
            f"  {count:>6} {name:<34} {rows[-1][1]:7.2f} s {rows[-1][2]:7.0f} MiB", file=sys.stderr
        )
    page, size = largest_page(site)
    print(f"  {count:>6} largest page: {page}, {size / 1024:.0f} KiB", file=sys.stderr)
    shutil.rmtree(root)
    return rows


def largest_page(site: Path) -> tuple[str, int]:
    """The biggest HTML file of a built site: no page may grow with the number of records."""
    sizes = {file: file.stat().st_size for file in site.rglob("*.html")}
    biggest = max(sizes, key=sizes.__getitem__)
    return biggest.relative_to(site).as_posix(), sizes[biggest]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--scratch", type=Path, help="where to generate content and build (default: the temp dir)"
    )
    parser.add_argument(
        "--languages", default="", help="the site's languages, e.g. en,ru,kk (default: English)"
    )
    args = parser.parse_args()
    languages = tuple(filter(None, args.languages.split(",")))
    with tempfile.TemporaryDirectory(prefix="ppdb-bench-", dir=args.scratch) as scratch:
        results = {
            count: bench(count, args.repeat, Path(scratch), languages) for count in args.counts
        }
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"
    print(f"\nMachine: {machine}; median of {args.repeat} runs; peak = largest process's memory.\n")
    print("| records | step | median | peak memory |")
    print("|---:|---|---:|---:|")
    for count, rows in results.items():
        for name, seconds, peak in rows:
            print(f"| {count:,} | {name} | {seconds:.2f} s | {peak:.0f} MiB |")


if __name__ == "__main__":
    main()
