"""`serve` in front of hostile requests: a path that cannot name a file inside the folder is
refused with 400 and no traceback, a link out of the folder is not followed, and idle connections
neither take a thread each nor stay open."""

from __future__ import annotations

import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from queue import Queue

import pytest

from generator import serve as serve_module
from generator.content.load import Seen

Address = tuple[str, int]

HOME = "<!doctype html><title>Home</title>"
NESTED = "<!doctype html><title>Nested</title>"
OUTSIDE = "outside the served folder"


@contextmanager
def running(out_dir: Path, preview: serve_module.Preview | None = None) -> Iterator[Address]:
    """serve(out_dir) on 127.0.0.1 and a free port, in a thread, until the block ends; with
    `preview`, its live preview too."""
    addresses: Queue[str] = Queue()
    stop = threading.Event()

    def no_rebuild(seen: Seen) -> None:
        pass

    thread = threading.Thread(
        target=serve_module.serve,
        args=(out_dir, "127.0.0.1", 0, [], no_rebuild),
        kwargs={"ready": addresses.put, "stop": stop, "preview": preview},
        daemon=True,
    )
    thread.start()
    try:
        port = urllib.parse.urlsplit(addresses.get(timeout=5)).port
        assert port is not None
        yield ("127.0.0.1", port)
    finally:
        stop.set()
        thread.join(timeout=5)


def exchange(address: Address, raw_request: bytes) -> tuple[int | None, bytes]:
    """Send one raw request; the status answered (None if the server closed without answering)
    and the body."""
    reply = b""
    deadline = time.monotonic() + 5
    with socket.create_connection(address, timeout=5) as connection:
        connection.sendall(raw_request)
        for _ in range(10_000):
            chunk = connection.recv(65536)
            if not chunk or time.monotonic() > deadline:
                break
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    words = head.split(b" ", 2)
    status = int(words[1]) if len(words) > 1 and words[1].isdigit() else None
    return status, body


def get(address: Address, path: str) -> tuple[int | None, bytes]:
    return exchange(address, f"GET {path} HTTP/1.0\r\n\r\n".encode("latin-1"))


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Address]:
    """One server for the request tests (each server takes up to half a second to stop), over a
    folder holding pages and links to a folder beside it."""
    root = tmp_path_factory.mktemp("serve")
    out_dir, outside = root / "site", root / "outside"
    (out_dir / "nested").mkdir(parents=True)
    outside.mkdir()
    (out_dir / "index.html").write_text(HOME, encoding="utf-8")
    (out_dir / "nested/index.html").write_text(NESTED, encoding="utf-8")
    (outside / "secret.txt").write_text(OUTSIDE, encoding="utf-8")
    (outside / "index.html").write_text(OUTSIDE, encoding="utf-8")
    (out_dir / "secret.txt").symlink_to(outside / "secret.txt")
    (out_dir / "linked").symlink_to(outside, target_is_directory=True)
    (out_dir / "door").mkdir()
    (out_dir / "door/index.html").symlink_to(outside / "index.html")
    with running(out_dir) as address:
        yield address


UNMAPPABLE = {
    "percent-encoded NUL": b"GET /%00 HTTP/1.0\r\n\r\n",
    "NUL in a folder's name": b"GET /a%00b/ HTTP/1.0\r\n\r\n",
    "raw NUL in the request line": b"GET /a\x00b HTTP/1.0\r\n\r\n",
    "another control character": b"GET /%01 HTTP/1.0\r\n\r\n",
    "UTF-8 for a lone surrogate": b"GET /%ed%a0%80 HTTP/1.0\r\n\r\n",
    "parent folders": b"GET /../../etc/passwd HTTP/1.0\r\n\r\n",
    "encoded parent folders": b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.0\r\n\r\n",
}


@pytest.mark.parametrize("raw_request", UNMAPPABLE.values(), ids=UNMAPPABLE.keys())
def test_a_path_naming_no_file_inside_the_folder_is_refused_without_a_traceback(
    site: Address, raw_request: bytes, capfd: pytest.CaptureFixture[str]
) -> None:
    assert exchange(site, raw_request)[0] == 400
    assert "Traceback" not in capfd.readouterr().err
    assert get(site, "/") == (200, HOME.encode())
    assert get(site, "/missing.html")[0] == 404


@pytest.mark.parametrize("path", ["/secret.txt", "/linked/", "/linked/secret.txt", "/door/"])
def test_a_link_out_of_the_folder_is_not_followed(site: Address, path: str) -> None:
    status, body = get(site, path)
    assert status == 404 and OUTSIDE.encode() not in body
    assert get(site, "/nested/") == (200, NESTED.encode())


def test_unexpected_errors_print_one_line_each_and_give_their_turn_back(
    site: Address, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = serve_module._QuietHandler.send_head

    def fail_for_boom(handler: serve_module._QuietHandler) -> object:
        if handler.path == "/boom":
            raise RuntimeError("boom")
        return answer(handler)

    monkeypatch.setattr(serve_module._QuietHandler, "send_head", fail_for_boom)
    failures = serve_module.MAX_CONNECTIONS + 1  # more than there are turns to lose
    for _ in range(failures):
        get(site, "/boom")
    printed = capfd.readouterr().err
    assert "Traceback" not in printed and len(printed.splitlines()) <= failures
    assert get(site, "/") == (200, HOME.encode())


def test_idle_connections_beyond_the_bound_wait_without_a_thread(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(HOME, encoding="utf-8")
    bound = serve_module.MAX_CONNECTIONS
    with running(tmp_path) as address:
        before = threading.active_count()
        idle = [socket.create_connection(address, timeout=5) for _ in range(bound + 5)]
        try:
            assert wait_for(lambda: threading.active_count() - before >= bound, seconds=5)
            time.sleep(0.2)  # time for the server to start threads for the rest, if it would
            assert threading.active_count() - before <= bound
        finally:
            for connection in idle:
                connection.close()
        assert get(address, "/") == (200, HOME.encode())


def test_an_idle_connection_is_closed_after_idle_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve_module, "IDLE_SECONDS", 0.5)
    (tmp_path / "index.html").write_text(HOME, encoding="utf-8")
    with running(tmp_path) as address, socket.create_connection(address, timeout=3) as idle:
        started = time.monotonic()
        assert idle.recv(1) == b""  # closed by the server
        assert time.monotonic() - started < 2.5
