"""`serve`: preview on localhost, rebuilding when content, templates or assets change."""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import socket
import socketserver
import sys
import threading
import time
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TypeAlias

from generator.content.load import Seen
from generator.files import MAX_FOLDER_DEPTH

POLL_SECONDS = 0.5
# Looking at every file takes time in proportion to their number: wait at least this many times
# as long as the last look took, so that watching stays light.
POLL_SHARE = 5
# serve is a preview for one person's browser, which opens six or so connections at a time: this
# leaves room for several tabs, while a client opening hundreds cannot get a thread for each.
MAX_CONNECTIONS = 32
# A connection that sends nothing for this long is dropped, so that idle ones cannot hold every
# turn; a browser asks again.
IDLE_SECONDS = 10


def snapshot(folders: Iterable[Path]) -> Seen:
    """The stat of every file under the folders, by folder and name (os.scandir: serve looks at
    every content file this way every half second or so). The build takes it over: it need not
    list the record files and stat them again. A folder deeper than the build walks
    (MAX_FOLDER_DEPTH) is listed with no files, unopened: its coming or going is a change, and
    validation names it."""
    found: Seen = {}
    for folder in folders:
        pending = [(str(folder), 0)]  # a loop, not recursion: any nesting
        while pending:
            current, depth = pending.pop()
            if depth > MAX_FOLDER_DEPTH:
                found[current] = {}
            else:
                pending += ((sub, depth + 1) for sub in _scan(current, found))
    return found


def _scan(folder: str, found: Seen) -> list[str]:
    """Take the stat of a folder's files into `found`; returns its folders."""
    try:
        entries = list(os.scandir(folder))
    except OSError:  # gone, or not a folder
        return []
    files = found[folder] = {}
    folders = []
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):  # a link to a folder could loop
            folders.append(entry.path)
        elif entry.is_file():
            try:
                stat = entry.stat()
            except OSError:  # removed meanwhile (editors save by renaming)
                continue
            files[entry.name] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return folders


# The only names a request may give its server (Host), each alone or with serve's port. A page
# from elsewhere can point its own name at 127.0.0.1 (DNS rebinding) and read the preview as if
# from that name: its requests carry that name, and are refused (421 Misdirected Request).
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")

# serve's own addresses, answered by the server itself (the built site has no such folder):
# the state of the preview, and the script its pages get to follow it.
PREVIEW = "/__ppdb/"
PREVIEW_STATUS = PREVIEW + "status"
PREVIEW_SCRIPT = PREVIEW + "live.js"
_SCRIPT_TAG = f'<script src="{PREVIEW_SCRIPT}" defer></script>'.encode()
_LIVE_JS = Path(__file__).with_name("serve-live.js").read_bytes()


@dataclass
class Preview:
    """What serve's pages learn from it: how many rebuilds have succeeded (a page reloads when
    the number changes), and the problems of the last rebuild if it failed."""

    builds: int = 0
    problems: tuple[str, ...] = ()
    heading: str = "This edit has problems; the last good build is shown:"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def built(self) -> None:
        with self._lock:
            self.builds += 1
            self.problems = ()

    def failed(self, problems: Iterable[str]) -> None:
        with self._lock:
            self.problems = tuple(problems)

    def as_json(self) -> bytes:
        with self._lock:
            state = {"builds": self.builds, "problems": self.problems, "heading": self.heading}
        return json.dumps(state).encode()


def serve(
    out_dir: Path,
    host: str,
    port: int,
    watched: list[Path],
    rebuild: Callable[[Seen], None],
    *,
    ready: Callable[[str], None] = print,
    stop: threading.Event | None = None,
    preview: Preview | None = None,
) -> None:
    """Serve out_dir and call rebuild(the watched files' snapshot) whenever one changes, until
    stopped or Ctrl-C.

    rebuild() replaces each changed file in one step, so visitors never see half a page, and
    content with problems is refused before anything is written, so the last good site stays.
    """
    stop = stop or threading.Event()
    seen = snapshot(watched)  # before building: an edit made meanwhile is not missed
    rebuild(seen)
    handler = functools.partial(_QuietHandler, directory=str(out_dir), preview=preview)
    server = _BoundedServer((host, port), handler)
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


_Request: TypeAlias = socket.socket | tuple[bytes, socket.socket]  # as socketserver passes it


class _BoundedServer(http.server.ThreadingHTTPServer):
    """Handles at most MAX_CONNECTIONS connections at once, each in its own daemon thread; the
    next one waits, accepted but without a thread, and the others in the listening queue."""

    # The connections the system holds until they are accepted. socketserver's 5 overflow while
    # the one accepting thread starts handlers or waits for a turn, and the system then drops new
    # connections, which browsers retry only a second later.
    request_queue_size = 4 * MAX_CONNECTIONS

    def __init__(
        self, address: tuple[str, int], handler: Callable[..., socketserver.BaseRequestHandler]
    ) -> None:
        super().__init__(address, handler)
        self._turns = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._closing = threading.Event()

    def process_request(self, request: _Request, client_address: Any) -> None:
        while not self._turns.acquire(timeout=POLL_SECONDS):
            if self._closing.is_set():  # shutdown() waits until serve_forever gets past here
                self.shutdown_request(request)
                return
        try:
            super().process_request(request, client_address)
        except BaseException:  # no thread started, so none will give the turn back
            self._turns.release()
            raise

    def process_request_thread(self, request: _Request, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._turns.release()

    def shutdown(self) -> None:
        self._closing.set()
        super().shutdown()

    def handle_error(self, request: _Request, client_address: Any) -> None:
        """One line instead of socketserver's traceback; the server goes on with the next."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):  # the browser went away mid-answer: nothing wrong
            return
        print(f"serve: could not answer a request: {error!r}"[:200], file=sys.stderr)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files from inside its folder only: a path that could not name one there is answered
    with 400, and one through a symbolic link (the build writes none) with 404."""

    def __init__(self, *args: Any, preview: Preview | None = None, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()
        # Set here rather than as the class's timeout, which is read once on import.
        self.connection.settimeout(IDLE_SECONDS)

    def parse_request(self) -> bool:
        """Read the request, and refuse it unless it names this server (Host): before any
        answer, for every method and path, serve's own included."""
        if not super().parse_request():
            return False
        assert isinstance(self.server, http.server.HTTPServer)  # which knows its port
        port = self.server.server_port
        refused = _host_refused(self.headers.get_all("Host"), self.request_version, port)
        if refused is None:
            return True
        status, why = refused
        self._refuse(status, why)
        return False

    def _refuse(self, status: http.HTTPStatus, why: str) -> None:
        """A short plain answer, and the connection closed."""
        body = f"{status.value} {status.phrase}: {why}\n".encode()
        self.close_connection = True
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        if not _maps_inside(self.path):
            self.send_error(http.HTTPStatus.BAD_REQUEST, "Bad path")
            return None
        if self._through_a_link():
            self.send_error(http.HTTPStatus.NOT_FOUND, "File not found")
            return None
        if self.preview is not None:
            page = self._previewed()
            if page is not None:
                return page
        return super().send_head()

    def _previewed(self) -> io.BytesIO | None:
        """serve's own answers: its status, its script, and HTML pages with the script added
        (to this response only: the files on disk are the site as built). None: a plain file."""
        assert self.preview is not None
        path = _without_query(self.path)
        if path == PREVIEW_STATUS:
            return self._answer(self.preview.as_json(), "application/json")
        if path == PREVIEW_SCRIPT:
            return self._answer(_LIVE_JS, "text/javascript")
        local = self.translate_path(self.path)
        if os.path.isdir(local) and path.endswith("/"):
            local = os.path.join(local, "index.html")
        if not local.endswith(".html") or not os.path.isfile(local):
            return None
        with open(local, "rb") as page:
            html = page.read()
        end = html.rfind(b"</body>")
        live = html[:end] + _SCRIPT_TAG + html[end:] if end >= 0 else html + _SCRIPT_TAG
        return self._answer(live, "text/html; charset=utf-8")

    def _answer(self, body: bytes, kind: str) -> io.BytesIO:
        self.send_response(http.HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)

    def _through_a_link(self) -> bool:
        """Whether the file asked for, or a folder on the way to it, or the index page that
        would answer for it, is a symbolic link."""
        local = self.translate_path(self.path)
        relative = os.path.relpath(local, self.directory)
        place = self.directory
        for name in Path(relative).parts:
            place = os.path.join(place, name)
            if os.path.islink(place):
                return True
        indexes = (os.path.join(local, index) for index in ("index.html", "index.htm"))
        return os.path.isdir(local) and any(os.path.islink(index) for index in indexes)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _host_refused(
    hosts: list[str] | None, version: str, port: int
) -> tuple[http.HTTPStatus, str] | None:
    """Why a request with these Host headers is refused, None if it is not. One Host naming
    127.0.0.1, localhost or [::1] (alone or with serve's port) is required, but an HTTP/1.0
    request may have none: HTTP/1.0 does not require it, and browsers, the only clients a page
    elsewhere can drive, always send one; HTTP/1.1 requires exactly one (RFC 9112, 3.2)."""
    if not hosts:
        if version in ("HTTP/0.9", "HTTP/1.0"):
            return None
        return http.HTTPStatus.BAD_REQUEST, "an HTTP/1.1 request needs a Host"
    if len(hosts) > 1:
        return http.HTTPStatus.BAD_REQUEST, "more than one Host"
    allowed = {*LOCAL_HOSTS, *(f"{name}:{port}" for name in LOCAL_HOSTS)}
    if hosts[0].strip().lower() in allowed:
        return None
    return http.HTTPStatus.MISDIRECTED_REQUEST, f"serve answers only at http://127.0.0.1:{port}/"


def _without_query(request_path: str) -> str:
    return request_path.split("?", 1)[0].split("#", 1)[0]


def _maps_inside(request_path: str) -> bool:
    """Whether a request's path, decoded, names a place inside the served folder: valid UTF-8
    with no control character (NUL is refused by the file system with ValueError) and no more
    parent folders ("..") than folders before them."""
    path = _without_query(request_path)
    try:
        decoded = urllib.parse.unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return False
    if not decoded.startswith("/") or any(unicodedata.category(c) == "Cc" for c in decoded):
        return False
    depth = 0
    for name in decoded.split("/"):
        if name == "..":
            depth -= 1
            if depth < 0:
                return False
        elif name not in ("", "."):
            depth += 1
    return True
