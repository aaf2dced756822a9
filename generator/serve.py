"""`serve`: preview on localhost, rebuilding when content, templates or assets change."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

POLL_SECONDS = 0.5


def snapshot(folders: Iterable[Path]) -> dict[Path, float]:
    """Modification times of every file under the folders."""
    return {
        file: file.stat().st_mtime
        for folder in folders
        if folder.is_dir()
        for file in folder.rglob("*")
        if file.is_file()
    }


def serve(out_dir: Path, host: str, port: int, watched: list[Path], rebuild: Callable[[], None]) -> None:
    """Serve out_dir and call rebuild() whenever a watched file changes, until Ctrl-C."""
    rebuild()
    handler = functools.partial(_QuietHandler, directory=str(out_dir))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving {out_dir} at http://{host}:{port}/ (Ctrl-C to stop)")
    seen = snapshot(watched)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            current = snapshot(watched)
            if current != seen:
                seen = current
                rebuild()
    finally:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass
