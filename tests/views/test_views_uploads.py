"""Uploads: refused on their headers (or the form's first field) before the body is read, capped in size.

The server is uvicorn on a loopback port and the client a raw socket, so a test can send a request's
headers and only the start of its body, and see whether the server answers without waiting for the
rest: the old app read (and spooled to disk) the whole upload before it looked at the token.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import TOKEN, build_ledger
from pledgewatch.ledger import Ledger
from pledgewatch.web import create_app
from pledgewatch.web.guard import ENV_VAR, request_cap

CAP = 2_000_000
BOUNDARY = "pwboundary7f3a"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A writable app with a 2 MB cap on its own ledger, served by uvicorn on a free loopback port."""
    import uvicorn

    url = f"sqlite:///{tmp_path_factory.mktemp('uploads') / 'uploads.db'}"
    build_ledger(url)
    with Ledger(url, create=False) as led:
        port = _free_port()
        app = create_app(led, token=TOKEN, max_request_bytes=CAP)
        srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=srv.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not srv.started:
            assert time.monotonic() < deadline and thread.is_alive(), "the test server did not start"
            time.sleep(0.05)
        yield port
        srv.should_exit = True
        thread.join(timeout=10)


def answer_to_partial_request(port: int, head: str, body_start: bytes = b"", wait: float = 5.0) -> str:
    """Send the headers and the start of a body, never the rest; the status line the server answers, or ''."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as conn:
        conn.sendall(head.encode("latin-1") + b"\r\n" + body_start)
        try:
            reply = conn.recv(65536).decode("latin-1")
        except TimeoutError:
            return ""  # still waiting for the body we never send
    return reply.split("\r\n", 1)[0]


def headers(path: str, length: int, *extra: str) -> str:
    lines = [
        f"POST {path} HTTP/1.1",
        "Host: 127.0.0.1",
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}",
        f"Content-Length: {length}",
        *extra,
    ]
    return "\r\n".join(lines) + "\r\n"


def part(name: str, value: bytes, filename: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
    head = f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n"
    if filename:
        head += "Content-Type: text/plain\r\n"
    return head.encode() + b"\r\n" + value + b"\r\n"


@pytest.mark.parametrize("auth", [None, "Bearer wrong-token", f"Basic {TOKEN}"])
def test_the_api_refuses_a_bad_token_before_reading_the_upload(server: int, auth: str | None) -> None:
    extra = [f"Authorization: {auth}"] if auth else []
    status = answer_to_partial_request(server, headers("/api/ingest", 1_500_000, *extra), b"--" + BOUNDARY.encode())
    assert status == "HTTP/1.1 401 Unauthorized"


@pytest.mark.parametrize("given", [None, "wrong-token"])
def test_the_form_refuses_a_bad_token_before_reading_the_files(server: int, given: str | None) -> None:
    start = (part("token", given.encode()) if given else b"") + part("files", b"Canada pledged", "a.txt")[:120]
    status = answer_to_partial_request(server, headers("/ingest", 1_500_000), start)
    assert status == "HTTP/1.1 403 Forbidden"


def test_a_declared_length_over_the_cap_is_refused_before_reading(server: int) -> None:
    auth = f"Authorization: Bearer {TOKEN}"
    status = answer_to_partial_request(server, headers("/api/ingest", CAP + 1, auth), b"--")
    assert status == "HTTP/1.1 413 Request Entity Too Large"


def test_a_chunked_body_over_the_cap_is_cut_off_at_the_cap(server: int) -> None:
    head = "\r\n".join(
        [
            "POST /api/ingest HTTP/1.1",
            "Host: 127.0.0.1",
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}",
            "Transfer-Encoding: chunked",
            f"Authorization: Bearer {TOKEN}",
        ]
    )
    chunk = b"x" * 65536
    sent = 0
    with socket.create_connection(("127.0.0.1", server), timeout=10) as conn:
        first = part("files", b"", "big.txt")[:-2]
        conn.sendall(head.encode() + b"\r\n\r\n" + f"{len(first):x}\r\n".encode() + first + b"\r\n")
        try:
            while sent < 3 * CAP:
                conn.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: what is wanted
        reply = conn.recv(65536).decode("latin-1")
    assert reply.startswith("HTTP/1.1 413"), reply[:200]


def test_a_right_token_and_a_small_upload_still_go_through(server: int) -> None:
    import httpx

    r = httpx.post(
        f"http://127.0.0.1:{server}/ingest",
        data={"token": TOKEN},
        files={"files": ("note.txt", b"Nothing to see here.")},
        timeout=120,
    )
    assert r.status_code == 200 and "read 1" in r.text


def test_a_very_long_upload_name_is_stored(writable_client: TestClient, token: str) -> None:
    name = "n" * 300 + ".txt"
    r = writable_client.post(
        "/api/ingest",
        files={"files": (name, b"Norway pledged 500 million kroner in military aid to Ukraine.")},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["new"] == 1 and r.json()["failed"] == []


@pytest.mark.parametrize("name", ["report.docx", "archive.zip", "noextension"])
def test_an_unsupported_upload_type_is_a_clear_error(writable_client: TestClient, token: str, name: str) -> None:
    r = writable_client.post(
        "/api/ingest", files={"files": (name, b"PK\x03\x04")}, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 415
    assert name in r.json()["detail"] and ".txt" in r.json()["detail"]


@pytest.mark.parametrize("path", ["/articles/99999999999999999999", "/articles/1?record=99999999999999999999"])
def test_a_huge_id_is_not_found_not_an_error(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == (404 if "record" not in path else 200)


def test_the_cap_comes_from_the_option_else_the_environment(monkeypatch: pytest.MonkeyPatch, ledger: Ledger) -> None:
    monkeypatch.setenv(ENV_VAR, "1")
    assert request_cap() == 1_000_000 and request_cap(3) == 3_000_000
    client = TestClient(create_app(ledger, token=TOKEN))
    r = client.post("/api/ingest", content=b"x" * 1_000_001, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 413 and "1 MB" in r.json()["detail"]
    monkeypatch.setenv(ENV_VAR, "lots")
    with pytest.raises(ValueError, match=ENV_VAR):
        request_cap()


def test_serve_says_what_is_wrong_with_a_bad_cap(run_cli_subprocess, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = run_cli_subprocess("serve", "--max-request-mb", "0", "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert run.code == 2
    assert (
        run.err.strip()
        == "pledgewatch: --max-request-mb 0: the request size cap must be a positive number of megabytes"
    )
