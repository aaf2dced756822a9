"""What the feeds and data files add to a clean build: `python -m bench.open_data PROJECT [PAIRS]`.

Builds PROJECT (made by `python -m bench.generate N PROJECT`) in pairs, each build its own
process with an emptied output folder: without the feeds and data files in the plan, then
with them, back to back, so that a pair shares the machine's load. Prints each pair and the
median ratio of wall and CPU time (issue 20's target: at most 1.15 at 10,000 records).
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# One build in a child process, the feeds and data files left out of the plan if asked.
_BUILD = """
import sys
from pathlib import Path
from generator import build
from generator.pages import plan
from generator.settings import Project
if sys.argv[1] == "without":
    plan.feed_pages = lambda catalog: iter(())
    plan.data_files = plan.record_files = lambda catalog, photos: iter(())
build.build(Project(Path(sys.argv[2])), Path(sys.argv[3]), search=False)
"""


def timed_build(project: Path, out: Path, variant: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, its workers included) of one clean build."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-c", _BUILD, variant, str(project), str(out)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def main() -> None:
    project = Path(sys.argv[1]).resolve()
    pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    out = project.parent / f"{project.name}-open-data-site"
    walls, cpus = [], []
    for number in range(1, pairs + 1):
        wall_without, cpu_without = timed_build(project, out, "without")
        wall_with, cpu_with = timed_build(project, out, "with")
        walls.append(wall_with / wall_without)
        cpus.append(cpu_with / cpu_without)
        print(
            f"pair {number}: without {wall_without:.2f} s ({cpu_without:.2f} s CPU),"
            f" with {wall_with:.2f} s ({cpu_with:.2f} s CPU)"
        )
    shutil.rmtree(out, ignore_errors=True)
    print(f"wall ratio {statistics.median(walls):.3f}, CPU ratio {statistics.median(cpus):.3f}")


if __name__ == "__main__":
    main()
