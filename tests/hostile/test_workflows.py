"""The CI workflows give a hostile pull request nothing to reach beyond the site it builds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOW_FILES = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))

# The only grants that may be written, and only by a job that does nothing but deploy.
DEPLOY_ACTION = "actions/deploy-pages"
DEPLOY_GRANTS = {"pages", "id-token"}
# At most this may be granted to every job of a workflow at once.
TOP_LEVEL_ALLOWED = {"contents": "read"}
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[^@\s]+)?@[0-9a-f]{40}$")
TAG_COMMENT = re.compile(r"#\s*v\d")


def load(path: Path) -> dict[str, Any]:
    """A workflow as data; PyYAML reads the key `on` as the boolean True, so it is renamed back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    if True in data:
        data["on"] = data.pop(True)
    return data


def jobs(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in (load(path).get("jobs") or {}).items():
        yield str(job_id), job


def steps(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every step, with a label naming its file, job and step."""
    for job_id, job in jobs(path):
        for number, step in enumerate(job.get("steps") or [], start=1):
            name = step.get("name") or step.get("id") or step.get("uses") or "run"
            yield f"{path.name}: job {job_id!r}, step {number} ({name})", step


def is_deploy_job(job: dict[str, Any]) -> bool:
    """A job whose every step is the Pages deployment: no repository code runs in it."""
    job_steps = job.get("steps") or []
    return bool(job_steps) and all(
        str(step.get("uses", "")).startswith(f"{DEPLOY_ACTION}@") for step in job_steps
    )


def grants(permissions: Any) -> dict[str, str]:
    """A `permissions:` value as scope -> access; the shorthands name every scope as `*`."""
    if isinstance(permissions, str):
        return {"*": permissions.removesuffix("-all")}
    return {str(scope): str(access) for scope, access in (permissions or {}).items()}


workflows = pytest.mark.parametrize("path", WORKFLOW_FILES, ids=[p.name for p in WORKFLOW_FILES])


def test_there_are_workflows_to_check() -> None:
    """Without this, moving the workflows elsewhere would quietly skip every rule below."""
    assert {p.name for p in WORKFLOW_FILES} >= {"check.yml", "deploy.yml"}


@workflows
def test_top_level_permissions_grant_nothing_to_write(path: Path) -> None:
    """Without it every job gets the repository's default token, which may write to the code."""
    data = load(path)
    assert "permissions" in data, f"{path.name}: no top-level `permissions:`"
    top = grants(data["permissions"])
    extra = {s: a for s, a in top.items() if a != "none" and TOP_LEVEL_ALLOWED.get(s) != a}
    assert not extra, (
        f"{path.name}: top-level `permissions:` grants {extra}; use {{}} or contents: read"
    )


@workflows
def test_every_job_declares_its_permissions(path: Path) -> None:
    """A job without them inherits whatever the workflow or the repository settings grant."""
    missing = [job_id for job_id, job in jobs(path) if "permissions" not in job]
    assert not missing, f"{path.name}: jobs without `permissions:`: {missing}"


@workflows
def test_every_job_has_a_time_limit(path: Path) -> None:
    """Without one, a pull request that hangs holds a runner for six hours."""
    for job_id, job in jobs(path):
        limit = job.get("timeout-minutes")
        assert isinstance(limit, int) and 0 < limit <= 60, (
            f"{path.name}: job {job_id!r} has timeout-minutes {limit!r}; want 1 to 60"
        )


@workflows
def test_only_the_deploy_job_may_publish(path: Path) -> None:
    """Pages and OIDC tokens in a job that runs repository code would let that code publish a site."""
    for job_id, job in jobs(path):
        publishing = {
            s
            for s, a in grants(job.get("permissions")).items()
            if a == "write" and s in DEPLOY_GRANTS | {"*"}
        }
        if publishing:
            assert is_deploy_job(job), (
                f"{path.name}: job {job_id!r} has {sorted(publishing)} write"
                f" but does more than run {DEPLOY_ACTION}"
            )
        if is_deploy_job(job):
            assert publishing == DEPLOY_GRANTS, (
                f"{path.name}: deploy job {job_id!r} needs pages: write and id-token: write"
            )


@workflows
def test_nothing_else_is_written(path: Path) -> None:
    """A write grant to the code, issues or packages would outlive the build that used it."""
    data = load(path)
    found = [("top level", s) for s, a in grants(data.get("permissions")).items() if a == "write"]
    for job_id, job in jobs(path):
        allowed = DEPLOY_GRANTS if is_deploy_job(job) else set()
        found += [
            (f"job {job_id!r}", s)
            for s, a in grants(job.get("permissions")).items()
            if a == "write" and s not in allowed
        ]
    assert not found, f"{path.name}: write permission where none is needed: {found}"


@workflows
def test_checkout_leaves_no_token_behind(path: Path) -> None:
    """Left in .git/config, the token is readable by every later step, tests and builds included."""
    for label, step in steps(path):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            persist = (step.get("with") or {}).get("persist-credentials")
            assert persist in (False, "false"), f"{label}: set `persist-credentials: false`"


@workflows
def test_actions_are_pinned_by_commit(path: Path) -> None:
    """A tag can be moved to other code by whoever controls the action; a commit SHA cannot."""
    lines = path.read_text(encoding="utf-8").splitlines()
    uses = [(label, str(step["uses"])) for label, step in steps(path) if "uses" in step]
    uses += [
        (f"{path.name}: job {j!r}", str(job["uses"])) for j, job in jobs(path) if "uses" in job
    ]
    for label, ref in uses:
        if ref.startswith("./"):
            continue
        assert PINNED.match(ref), f"{label}: `uses: {ref}` is not owner/repo@<40-hex commit>"
        on_line = re.compile(rf"^\s*(-\s+)?uses:\s*['\"]?{re.escape(ref)}['\"]?\s*(#.*)?$")
        matching = [line for line in lines if on_line.match(line)]
        assert matching and all(TAG_COMMENT.search(line) for line in matching), (
            f"{label}: `uses: {ref}` has no `# v...` comment naming its tag"
        )


@workflows
def test_no_expression_is_spliced_into_a_script(path: Path) -> None:
    """`${{ }}` in `run:` is pasted into the script before it runs: a crafted value becomes code."""
    for label, step in steps(path):
        if "run" in step:
            assert "${{" not in str(step["run"]), (
                f'{label}: pass the expression through `env:` and use "$NAME" in `run:`'
            )
