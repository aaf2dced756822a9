"""Time serve's rebuild after an edit: `python -m bench.preview SITE [EDIT] [RUNS]`.

EDIT: text, status, name, or edits joined by '+' made at once (name+status).

Like serve, one process builds once, then rebuilds after each edit of one profile, keeping its
memory between builds and handing over the look at the files its watcher took to notice the
edit (that look is not timed: serve takes it every half second or so, edit or not). Prints each
rebuild's seconds to stderr (wall, and CPU of the process and its workers: on a shared machine
the CPU varies less), and 'seconds: <median wall>'. With --search, the time runs until the
search index has caught up too (serve's LiveIndex).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from bench.run import edit_one_profile
from generator import build as pipeline
from generator.content.load import Seen
from generator.publish.search import LiveIndex
from generator.serve import snapshot
from generator.settings import Project


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("edit", nargs="?", default="text")
    parser.add_argument("runs", nargs="?", type=int, default=3)
    parser.add_argument("--search", action="store_true", help="until search is up to date too")
    args = parser.parse_args()
    if not set(args.edit.split("+")) <= {"text", "status", "name"}:
        parser.error(f"edit: text, status or name, or several joined by '+', not {args.edit!r}")
    project = Project(Path.cwd())
    memory = pipeline.BuildMemory()
    search = LiveIndex(args.site, say=lambda message: print(message, file=sys.stderr))

    def rebuild(seen: Seen) -> None:
        report = pipeline.build(
            project, args.site, search=False, in_place=True, memory=memory, seen=seen
        )
        if args.search:
            search.update(report.searchable, report.changed_pages)
            search.idle()

    try:
        watched = [project.content_dir, project.templates_dir, project.assets_dir]
        rebuild(snapshot(watched))
        seconds = []
        for _ in range(args.runs):
            for edit in args.edit.split("+"):
                edit_one_profile(project.root, edit)
            seen = snapshot(watched)
            started, cpu = time.perf_counter(), _cpu_seconds()
            rebuild(seen)
            seconds.append(time.perf_counter() - started)
            print(f"rebuild {seconds[-1]:.3f} s, CPU {_cpu_seconds() - cpu:.3f} s", file=sys.stderr)
    finally:
        search.close()
    print(f"seconds: {statistics.median(seconds)}")


def _cpu_seconds() -> float:
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system


if __name__ == "__main__":
    main()
