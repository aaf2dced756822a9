"""Reading the project's git repository, the one way the build does it.

git reads the repository's own configuration, never a pull request's files, but the environment
could still point it elsewhere (GIT_DIR, GIT_EXTERNAL_DIFF...) or have it run a monitor: every
call runs without the GIT_ variables and with fsmonitor off.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

_SAFE = ["--no-pager", "-c", "core.fsmonitor=false"]


def git(root: Path, *args: str, timeout: float = 120) -> str | None:
    """What `git -C root <args>` prints; None without a repository, without git, or on failure."""
    if not (root / ".git").exists():
        return None
    try:
        done = subprocess.run(
            ["git", *_SAFE, "-C", str(root), *args],
            env={k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
