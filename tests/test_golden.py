"""The golden site (tests/golden/): its content built now is byte for byte the committed
expected tree. A change meant to change the output regenerates it: python -m tests.golden update."""

from __future__ import annotations

from pathlib import Path

from tests.golden import EXPECTED, build_golden, differences


def test_the_golden_site_builds_byte_for_byte_as_committed(tmp_path: Path) -> None:
    build_golden(tmp_path / "site")
    found = differences(tmp_path / "site", EXPECTED)
    assert not found, (
        "The built site differs from tests/golden/expected/. If the change is meant, run"
        " `python -m tests.golden update` and review its diff.\n" + "\n".join(found)
    )
