"""`serve` rebuilds on change, and a broken edit keeps the last good site online."""

from __future__ import annotations

import threading
import time
import urllib.request
from queue import Queue

from generator.cli import _preview_builder
from generator.serve import serve

from .conftest import SiteTree, prisoner


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_serve_rebuilds_on_change_and_survives_a_broken_edit(tree: SiteTree) -> None:
    file = tree.prisoner("x", prisoner("First Name"))
    out = tree.root / "site"
    project = tree.project
    builds: list[str] = []
    urls: Queue[str] = Queue()
    stop = threading.Event()

    preview = _preview_builder(project, out)

    def rebuild() -> None:
        preview()
        builds.append("done")

    watched = [project.content_dir]
    thread = threading.Thread(
        target=serve,
        args=(out, "127.0.0.1", 0, watched, rebuild),
        kwargs={"ready": urls.put, "stop": stop},
    )
    thread.start()
    try:
        page = urls.get(timeout=30) + "prisoners/x/"
        assert "First Name" in fetch(page)

        file.write_text(prisoner("Second Name"), encoding="utf-8")
        assert wait_for(lambda: "Second Name" in fetch(page))

        before = len(builds)
        file.write_text(prisoner("Third Name", status="jailed"), encoding="utf-8")
        assert wait_for(lambda: len(builds) > before)  # the rebuild after the broken edit ran
        assert "Second Name" in fetch(page)  # and the last good build is still served
    finally:
        stop.set()
        thread.join(timeout=10)
