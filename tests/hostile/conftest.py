"""What the hostile tests share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # test_pull_request imports this module
    from ..conftest import SiteTree
    from .test_pull_request import Reviewer


def validate_reports(project: SiteTree | Reviewer, *problems: str) -> Any:
    """Run validate: it fails, and prints each of the problems (lines, or parts of one)."""
    result = project.run("validate")
    assert result.exit_code == 1
    for problem in problems:
        assert problem in result.output
    return result
