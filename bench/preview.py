"""Time serve's rebuild after an edit: `python -m bench.preview SITE [text|status|name] [RUNS]`.

Like serve, one process builds once, then rebuilds after each edit of one profile, keeping its
memory between builds. Prints each rebuild's seconds to stderr, and 'seconds: <median>'.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from bench.run import edit_one_profile
from generator import build as pipeline
from generator.settings import Project


def main() -> None:
    site = Path(sys.argv[1])
    edit = sys.argv[2] if len(sys.argv) > 2 else "text"
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    project = Project(Path.cwd())
    memory = pipeline.BuildMemory()
    pipeline.build(project, site, search=False, in_place=True, memory=memory)
    seconds = []
    for _ in range(runs):
        edit_one_profile(project.root, edit)
        started = time.perf_counter()
        pipeline.build(project, site, search=False, in_place=True, memory=memory)
        seconds.append(time.perf_counter() - started)
        print(f"rebuild {seconds[-1]:.3f} s", file=sys.stderr)
    print(f"seconds: {statistics.median(seconds)}")


if __name__ == "__main__":
    main()
