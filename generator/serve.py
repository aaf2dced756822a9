"""`serve`: preview on localhost, rebuilding when content, templates or assets change."""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.content.load import Seen

POLL_SECONDS = 0.5
# Looking at every file takes time in proportion to their number (0.04 s for 10,000 records):
# wait at least this many times as long as the last look took, so that watching stays light.
POLL_SHARE = 5


def snapshot(folders: Iterable[Path]) -> Seen:
    """The stat of every file under the folders, by folder and name (os.scandir: serve looks at
    every content file this way every half second or so). The build takes it over: it need not
    list the record files and stat them again."""
    found: Seen = {}
    for folder in folders:
        _scan(str(folder), found)
    return found


def _scan(folder: str, found: Seen) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:  # gone, or not a folder
        return
    files = found[folder] = {}
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):  # a link to a folder could loop
            _scan(entry.path, found)
        elif entry.is_file():
            try:
                stat = entry.stat()
            except OSError:  # removed meanwhile (editors save by renaming)
                continue
            files[entry.name] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def serve(
    out_dir: Path,
    host: str,
    port: int,
    watched: list[Path],
    rebuild: Callable[[Seen], None],
    *,
    ready: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> None:
    """Serve out_dir and call rebuild(the watched files' snapshot) whenever one changes, until
    stopped or Ctrl-C.

    rebuild() replaces each changed file in one step, so visitors never see half a page, and
    content with problems is refused before anything is written, so the last good site stays.
    """
    stop = stop or threading.Event()
    seen = snapshot(watched)  # before building: an edit made meanwhile is not missed
    rebuild(seen)
    handler = functools.partial(_QuietHandler, directory=str(out_dir))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ready(f"http://{host}:{server.server_address[1]}/")
    try:
        interval = POLL_SECONDS
        while not stop.wait(interval):
            started = time.perf_counter()
            current = snapshot(watched)
            interval = max(POLL_SECONDS, POLL_SHARE * (time.perf_counter() - started))
            if current != seen:
                seen = current
                rebuild(seen)
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass
