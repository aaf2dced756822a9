"""`serve`: preview on localhost, rebuilding when content, templates or assets change."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

POLL_SECONDS = 0.5


def snapshot(folders: Iterable[Path]) -> dict[Path, tuple[float, int]]:
    """Modification time and size of every file under the folders."""
    return {
        file: (stat.st_mtime, stat.st_size)
        for folder in folders
        if folder.is_dir()
        for file in sorted(folder.rglob("*"))
        if file.is_file() and (stat := file.stat())
    }


def serve(
    out_dir: Path,
    host: str,
    port: int,
    watched: list[Path],
    rebuild: Callable[[], None],
    *,
    ready: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> None:
    """Serve out_dir and call rebuild() whenever a watched file changes, until stopped or Ctrl-C.

    rebuild() replaces each changed file in one step, so visitors never see half a page, and
    content with problems is refused before anything is written, so the last good site stays.
    """
    stop = stop or threading.Event()
    seen = snapshot(watched)  # before building: an edit made meanwhile is not missed
    rebuild()
    handler = functools.partial(_QuietHandler, directory=str(out_dir))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ready(f"http://{host}:{server.server_address[1]}/")
    try:
        while not stop.wait(POLL_SECONDS):
            current = snapshot(watched)
            if current != seen:
                seen = current
                rebuild()
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass
