"""Pages in real Chromium (the `browser` fixture is in tests/conftest.py), served from a local
folder."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.requests = []  # every URL the page asks for, to prove nothing leaves the site
    page.on("request", lambda request: page.requests.append(request.url))
    page.dialogs = []  # an alert() from injected content would land here
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    yield page
    context.close()


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """The base URL of a local HTTP server for the folder, for as long as the block lasts."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture
def serve_folder() -> Iterator[Any]:
    """serve_folder(path) -> base URL of a local HTTP server for that folder."""
    with contextlib.ExitStack() as servers:
        yield lambda folder: servers.enter_context(served(folder))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass
