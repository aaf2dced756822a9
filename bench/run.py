"""Benchmark the pipeline on synthetic content: median seconds and peak memory per step.

    python -m bench.run                  # 1,000 and 10,000 records, 3 runs each
    python -m bench.run 1000 10000 50000 --repeat 3

Each step runs as its own process, as a volunteer would run it; peak memory is the largest
resident set of that process and its workers. Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        said = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed:\n{said}")
    return seconds, usage.ru_maxrss / 1024


def steps(root: Path, site: Path) -> dict[str, list[str]]:
    generator = [sys.executable, "-m", "generator"]
    return {
        "validate": [*generator, "validate"],
        "build, no search": [*generator, "build", "--no-search", "--out", str(site)],
        "search index (Pagefind)": [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--silent",
        ],
        "edit one profile, rebuild": [*generator, "build", "--no-search", "--out", str(site)],
    }


def edit_one_profile(root: Path) -> None:
    profile = root / "content/prisoners/person-00000.md"
    profile.write_text(
        profile.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8"
    )


def bench(count: int, repeat: int, scratch: Path) -> list[tuple[str, float, float]]:
    root = generate(count, scratch / f"bench-{count}")
    site = root / "site"
    rows = []
    for name, command in steps(root, site).items():
        runs = []
        for _ in range(repeat):
            if name.startswith("edit"):
                edit_one_profile(root)
            if name.startswith("search"):
                shutil.rmtree(site / "pagefind", ignore_errors=True)
            runs.append(measure(command, root))
        rows.append((name, statistics.median(s for s, _ in runs), max(m for _, m in runs)))
        print(
            f"  {count:>6} {name:<28} {rows[-1][1]:7.2f} s {rows[-1][2]:7.0f} MiB", file=sys.stderr
        )
    shutil.rmtree(root)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ppdb-bench-") as scratch:
        results = {count: bench(count, args.repeat, Path(scratch)) for count in args.counts}
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"
    print(f"\nMachine: {machine}; median of {args.repeat} runs; peak = largest process's memory.\n")
    print("| records | step | median | peak memory |")
    print("|---:|---|---:|---:|")
    for count, rows in results.items():
        for name, seconds, peak in rows:
            print(f"| {count:,} | {name} | {seconds:.2f} s | {peak:.0f} MiB |")


if __name__ == "__main__":
    main()
