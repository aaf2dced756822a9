"""`serve` and DNS rebinding: a page open elsewhere can point its own name at 127.0.0.1 and then
read the preview as if it were its own. Its requests carry that name (Host), so serve answers
only requests naming 127.0.0.1, localhost or [::1] (with its own port, or none): the rest get
421 Misdirected Request, for every path, serve's own status and script and the data included."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from generator import serve as serve_module

from .test_serve_requests import Address, running

HOME = b"<!doctype html><title>Home</title><body>The preview</body>"
DATABASE = b'{"prisoners": ["a secret not yet published"]}'
PATHS = ["/", "/data/database.json", serve_module.PREVIEW_STATUS, serve_module.PREVIEW_SCRIPT]


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Address]:
    """serve, with its live preview, over a home page and the data, on 127.0.0.1 and a free port."""
    out_dir = tmp_path_factory.mktemp("hosts")
    (out_dir / "data").mkdir()
    (out_dir / "index.html").write_bytes(HOME)
    (out_dir / "data/database.json").write_bytes(DATABASE)
    with running(out_dir, serve_module.Preview()) as served:
        yield served


def ask(
    address: Address, path: str, *hosts: str, method: str = "GET", version: str = "HTTP/1.1"
) -> tuple[int | None, str, bytes]:
    """One request with these Host lines; the status, the headers and the body answered."""
    lines = [f"{method} {path} {version}", *(f"Host: {host}" for host in hosts)]
    request = "\r\n".join([*lines, "Connection: close", "", ""]).encode("latin-1")
    reply = b""
    deadline = time.monotonic() + 5
    with socket.create_connection(address, timeout=5) as connection:
        connection.sendall(request)
        while time.monotonic() < deadline:
            chunk = connection.recv(65536)
            if not chunk:
                break
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    words = head.split(b" ", 2)
    status = int(words[1]) if len(words) > 1 and words[1].isdigit() else None
    return status, head.decode("latin-1").lower(), body


OTHER_NAMES = [
    "evil.example",
    "evil.example:{port}",
    "127.0.0.1.evil.example",
    "127.0.0.1.evil.example:{port}",
    "localhost:9999",  # not serve's port
    "localhost.evil.example:{port}",
    "127.0.0.2:{port}",
    "",
]
THIS_SERVER = [
    "127.0.0.1:{port}",
    "localhost:{port}",
    "[::1]:{port}",
    "LocalHost:{port}",
    "localhost",
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("host", OTHER_NAMES)
def test_a_request_naming_another_host_is_misdirected(
    address: Address, host: str, path: str
) -> None:
    status, head, body = ask(address, path, host.format(port=address[1]))
    assert status == 421
    assert "content-type: text/plain" in head
    assert b"Misdirected Request" in body and len(body) < 200
    assert b"The preview" not in body and b"secret" not in body and b"builds" not in body
    for name in THIS_SERVER:  # while the same path is there for a request naming this server
        assert ask(address, path, name.format(port=address[1]))[0] == 200


def test_a_head_request_naming_another_host_is_misdirected_without_a_body(
    address: Address,
) -> None:
    assert ask(address, "/", "evil.example", method="HEAD")[::2] == (421, b"")


def test_an_http_1_1_request_needs_exactly_one_host(address: Address) -> None:
    port = address[1]
    assert ask(address, "/")[0] == 400
    assert ask(address, "/", f"127.0.0.1:{port}", "evil.example")[0] == 400
    assert ask(address, "/", f"127.0.0.1:{port}", f"localhost:{port}")[0] == 400
    # HTTP/1.0 has no Host to require: a browser (the only client a page elsewhere can drive)
    # always sends one.
    status, _, body = ask(address, "/", version="HTTP/1.0")
    assert status == 200 and b"The preview" in body
